import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatClock, inQuietHours, localMinutes, parseClock, startOfLocalDay } from "../../lib/alerts/quiet";

const at = (iso: string) => Date.parse(iso);
const prefs = (timeZone: string, start: string, end: string) => ({ timeZone, quietStart: parseClock(start), quietEnd: parseClock(end) });

describe("quiet hours", () => {
  it("a window within the day", () => {
    const p = prefs("UTC", "12:00", "13:30");
    expect(inQuietHours(at("2026-12-01T11:59:00Z"), p)).toBe(false);
    expect(inQuietHours(at("2026-12-01T12:00:00Z"), p)).toBe(true);
    expect(inQuietHours(at("2026-12-01T13:29:00Z"), p)).toBe(true);
    expect(inQuietHours(at("2026-12-01T13:30:00Z"), p)).toBe(false);
  });

  it("a window across midnight, in the rep's zone", () => {
    const p = prefs("Europe/Berlin", "22:00", "07:00"); // UTC+1 in December
    expect(inQuietHours(at("2026-12-01T20:59:00Z"), p)).toBe(false); // 21:59 in Berlin
    expect(inQuietHours(at("2026-12-01T21:00:00Z"), p)).toBe(true); // 22:00
    expect(inQuietHours(at("2026-12-02T05:59:00Z"), p)).toBe(true); // 06:59
    expect(inQuietHours(at("2026-12-02T06:00:00Z"), p)).toBe(false); // 07:00
  });

  it("follows daylight saving time", () => {
    const p = prefs("America/New_York", "22:00", "07:00");
    expect(inQuietHours(at("2026-07-01T02:30:00Z"), p)).toBe(true); // 22:30 EDT
    expect(inQuietHours(at("2026-12-01T02:30:00Z"), p)).toBe(false); // 21:30 EST
  });

  it("none when unset or empty", () => {
    expect(inQuietHours(at("2026-12-01T03:00:00Z"), { timeZone: "UTC", quietStart: null, quietEnd: 420 })).toBe(false);
    expect(inQuietHours(at("2026-12-01T03:00:00Z"), prefs("UTC", "03:00", "03:00"))).toBe(false);
  });

  it("an unknown zone counts as UTC rather than failing", () => {
    expect(localMinutes(at("2026-12-01T03:04:00Z"), "Mars/Olympus")).toBe(184);
  });

  it("clock text round-trips and rejects nonsense", () => {
    expect(parseClock("7:05")).toBe(425);
    expect(formatClock(425)).toBe("07:05");
    for (const bad of ["24:00", "12:60", "noon", "", "-1:00"]) expect(parseClock(bad)).toBeNull();
  });

  it("the start of the local day is local midnight, at any instant and in any zone", () => {
    const zones = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }), fc.constantFrom(...zones), (t, tz) => {
        const s = startOfLocalDay(t, tz);
        expect(localMinutes(s, tz)).toBe(0);
        expect(s).toBeLessThanOrEqual(t);
        expect(t - s).toBeLessThan(25 * 3_600_000);
      }),
      { numRuns: 400 },
    );
  });
});
