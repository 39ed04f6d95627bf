/**
 * Property: for any enrolment instant, zone, holidays, working week, due hour and steps, every touch
 * is due on a working, non-holiday local day at the local due hour; touches fall on strictly later
 * local days (never two on one day); and each gap in working days is exactly what the steps ask
 * (at least 1), so never shorter. Checked against Intl directly, not the library's own helpers.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyCampaignEvent, startEnrolment, type CampaignContext } from "../../lib/campaigns/rules";
import { rescheduleAfterPause, scheduleTouches } from "../../lib/campaigns/schedule";

const DAY = 86_400_000;
const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/Havana", "America/Santiago", "Asia/Tehran", "Not/A_Zone"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2030, 0, 1);

/** Local date, weekday and clock of `at` in `timeZone`, straight from Intl (an unknown zone read as UTC). */
function localParts(at: number, timeZone: string) {
  const zone = timeZone === "Not/A_Zone" ? "UTC" : timeZone;
  const p: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at))
    p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, weekday: WEEKDAYS.indexOf(p.weekday), hour: Number(p.hour), minute: Number(p.minute) };
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Working days in (from, to] between two local dates. */
function workingDaysBetween(from: string, to: string, isWorking: (date: string) => boolean): number {
  let n = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`) + DAY; t <= Date.parse(`${to}T00:00:00Z`); t += DAY) if (isWorking(dateOf(t))) n++;
  return n;
}

const calendarArb = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  holidays: fc.array(fc.integer({ min: FROM / DAY, max: TO / DAY }).map((d) => dateOf(d * DAY)), { maxLength: 30 }),
  // Weekday holidays in clusters near the enrolment test the skipping more than holidays spread over six years.
  nearHolidays: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 12 }),
  workdays: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }), { nil: undefined }),
  // Working hours: every zone here has them on every day (the DST gaps sit at night).
  hour: fc.option(fc.integer({ min: 6, max: 20 }), { nil: undefined }),
});
const increasingDays = fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }).map((d) => [...d].sort((a, b) => a - b));
const anyDays = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 });

type Calendar = typeof calendarArb extends fc.Arbitrary<infer T> ? T : never;

function check(enrolledAt: number, cal: Calendar, days: number[]) {
  const holidays = [...cal.holidays, ...cal.nearHolidays.map((n) => dateOf(enrolledAt + n * DAY))];
  const workdays = cal.workdays ?? [1, 2, 3, 4, 5];
  const hour = cal.hour ?? 9;
  const isWorking = (date: string) => workdays.includes(new Date(`${date}T00:00:00Z`).getUTCDay()) && !holidays.includes(date);
  const touches = scheduleTouches({ enrolledAt, timeZone: cal.timeZone, steps: days.map((day) => ({ day })), holidays, workdays: cal.workdays, hour: cal.hour });
  expect(touches).toHaveLength(days.length);
  const enrolDate = localParts(enrolledAt, cal.timeZone).date;
  let prev: string | null = null;
  touches.forEach((t, i) => {
    const p = localParts(t.dueAt, cal.timeZone);
    expect(p.date).toBe(t.localDate);
    expect(isWorking(p.date)).toBe(true);
    expect([p.hour, p.minute]).toEqual([hour, 0]);
    if (prev === null) {
      // Day N counts the enrolment day as day 1 when it is a working day.
      const counted = workingDaysBetween(enrolDate, p.date, isWorking) + (isWorking(enrolDate) ? 1 : 0);
      expect(counted).toBe(Math.max(1, days[0]));
    } else {
      expect(p.date > prev).toBe(true);
      expect(workingDaysBetween(prev, p.date, isWorking)).toBe(Math.max(1, days[i] - days[i - 1]));
    }
    prev = p.date;
  });
  return { touches, holidays, isWorking };
}

describe("campaign schedule, for any enrolment, zone, calendar and steps", () => {
  it("validated steps: working days at the due hour, one touch a day, gaps as asked", () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), calendarArb, increasingDays, (enrolledAt, cal, days) => {
        check(enrolledAt, cal, days);
      }),
      { numRuns: 300 },
    );
  });

  it("steps that repeat or go back still never share a day and never come sooner than a working day apart", () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), calendarArb, anyDays, (enrolledAt, cal, days) => {
        check(enrolledAt, cal, days);
      }),
      { numRuns: 200 },
    );
  });

  it("touches made as they come due keep the enrolment-day plan", () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), calendarArb, increasingDays, fc.integer({ min: 0, max: 3 * 3_600_000 - 1 }), (enrolledAt, cal, days, delay) => {
        const { touches, holidays } = check(enrolledAt, cal, days);
        const campaign: CampaignContext = { steps: days.map((day) => ({ day, kind: "voicemail" })), calendar: { timeZone: cal.timeZone, holidays, workdays: cal.workdays, hour: cal.hour } };
        let e = startEnrolment(enrolledAt, campaign);
        for (const t of touches) {
          expect(e.status).toBe("active");
          expect(e.nextDueAt).toBe(t.dueAt);
          // Made on the day it is due, up to three hours after the due hour (at most 23:00 local).
          e = applyCampaignEvent(e, "voicemail", t.dueAt + delay, campaign);
        }
        expect(e).toMatchObject({ status: "finished", endReason: "completed", stepIndex: days.length });
      }),
      { numRuns: 150 },
    );
  });

  it("after a pause, the rest never come sooner than their gaps nor before the resume day", () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), calendarArb, increasingDays, fc.nat(), fc.integer({ min: 0, max: 90 * DAY }), (enrolledAt, cal, days, pick, pauseFor) => {
        const { touches, holidays, isWorking } = check(enrolledAt, cal, days);
        const done = pick % touches.length; // touches made before the pause
        const lastTouchAt = done > 0 ? touches[done - 1].dueAt : null;
        const resumedAt = (lastTouchAt ?? enrolledAt) + pauseFor;
        const rest = rescheduleAfterPause({ timeZone: cal.timeZone, holidays, workdays: cal.workdays, hour: cal.hour, steps: days.map((day) => ({ day })), stepIndex: done, enrolledAt, lastTouchAt, resumedAt });
        expect(rest.map((t) => t.index)).toEqual(touches.slice(done).map((t) => t.index));
        const resumeDate = localParts(resumedAt, cal.timeZone).date;
        rest.forEach((t, i) => {
          // Never sooner than the plan, and never before the resume day.
          expect(t.dueAt).toBeGreaterThanOrEqual(touches[done + i].dueAt);
          expect(t.localDate >= resumeDate).toBe(true);
          // The steps after the first keep their gaps in working days.
          if (i > 0) expect(workingDaysBetween(rest[i - 1].localDate, t.localDate, isWorking)).toBe(days[done + i] - days[done + i - 1]);
        });
      }),
      { numRuns: 200 },
    );
  });
});
