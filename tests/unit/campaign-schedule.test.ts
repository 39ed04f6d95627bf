import { describe, expect, it } from "vitest";
import { localHourToUtc, dateToDay } from "../../lib/campaigns/calendar";
import { nextDueTouch, rescheduleAfterPause, scheduleTouches, type ScheduledTouch } from "../../lib/campaigns/schedule";
import { applyCampaignEvent, startEnrolment, touchDone, type CampaignContext } from "../../lib/campaigns/rules";

const at = (iso: string) => Date.parse(iso);
const days = (...d: number[]) => d.map((day) => ({ day }));

/** "Wed 2026-03-04 09:00" in `timeZone`: what the rep sees. */
function local(ms: number, timeZone: string): string {
  const p: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(ms))
    p[part.type] = part.value;
  return `${p.weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
const shown = (touches: ScheduledTouch[], timeZone: string) => touches.map((t) => local(t.dueAt, timeZone));
const iso = (touches: ScheduledTouch[]) => touches.map((t) => new Date(t.dueAt).toISOString());

describe("working days", () => {
  it("enrolled on a Monday: day 1 is that Monday", () => {
    const t = scheduleTouches({ enrolledAt: at("2026-03-02T08:00:00Z"), timeZone: "UTC", steps: days(1, 2, 5), holidays: [] });
    expect(shown(t, "UTC")).toEqual(["Mon 2026-03-02 09:00", "Tue 2026-03-03 09:00", "Fri 2026-03-06 09:00"]);
    expect(t.map((x) => x.localDate)).toEqual(["2026-03-02", "2026-03-03", "2026-03-06"]);
    expect(t.map((x) => x.index)).toEqual([0, 1, 2]);
  });

  it("enrolled on a Friday: day 2 is the Monday after", () => {
    const t = scheduleTouches({ enrolledAt: at("2026-03-06T08:00:00Z"), timeZone: "UTC", steps: days(1, 2), holidays: [] });
    expect(shown(t, "UTC")).toEqual(["Fri 2026-03-06 09:00", "Mon 2026-03-09 09:00"]);
  });

  it("enrolled on a Saturday: day 1 is Monday", () => {
    const t = scheduleTouches({ enrolledAt: at("2026-03-07T08:00:00Z"), timeZone: "UTC", steps: days(1, 2), holidays: [] });
    expect(shown(t, "UTC")).toEqual(["Mon 2026-03-09 09:00", "Tue 2026-03-10 09:00"]);
  });

  it("the enrolment day is the rep's local day, not UTC's", () => {
    // Friday 22:00 in New York is already Saturday in UTC: still day 1 on that Friday, due at once.
    const enrolledAt = at("2026-03-07T03:00:00Z");
    const t = scheduleTouches({ enrolledAt, timeZone: "America/New_York", steps: days(1, 2), holidays: [] });
    expect(shown(t, "America/New_York")).toEqual(["Fri 2026-03-06 09:00", "Mon 2026-03-09 09:00"]);
    expect(t[0].dueAt).toBeLessThan(enrolledAt);
  });

  it("enrolled after the due hour on a working day: day 1's touch is due at once", () => {
    const enrolledAt = at("2026-03-02T16:00:00Z");
    const [first] = scheduleTouches({ enrolledAt, timeZone: "UTC", steps: days(1), holidays: [] });
    expect(first.dueAt).toBe(at("2026-03-02T09:00:00Z"));
    expect(first.dueAt).toBeLessThan(enrolledAt);
  });

  it("other working weeks and due hours", () => {
    // Sunday to Thursday, touches at 10:00 (Dubai has no DST).
    const t = scheduleTouches({ enrolledAt: at("2026-03-05T06:00:00Z"), timeZone: "Asia/Dubai", steps: days(1, 2, 3), holidays: [], workdays: [0, 1, 2, 3, 4], hour: 10 });
    expect(shown(t, "Asia/Dubai")).toEqual(["Thu 2026-03-05 10:00", "Sun 2026-03-08 10:00", "Mon 2026-03-09 10:00"]);
    expect(() => scheduleTouches({ enrolledAt: 0, timeZone: "UTC", steps: days(1), workdays: [] })).toThrow(/at least one working day/);
    expect(() => scheduleTouches({ enrolledAt: 0, timeZone: "UTC", steps: days(1), hour: 24 })).toThrow(/0 to 23/);
    expect(scheduleTouches({ enrolledAt: 0, timeZone: "UTC", steps: [] })).toEqual([]);
  });
});

describe("holidays", () => {
  it("are skipped and not counted", () => {
    const t = scheduleTouches({ enrolledAt: at("2026-03-02T08:00:00Z"), timeZone: "UTC", steps: days(1, 2, 3), holidays: ["2026-03-03"] });
    expect(shown(t, "UTC")).toEqual(["Mon 2026-03-02 09:00", "Wed 2026-03-04 09:00", "Thu 2026-03-05 09:00"]);
  });

  it("a holiday on the enrolment day moves day 1 on", () => {
    const t = scheduleTouches({ enrolledAt: at("2026-12-24T12:00:00Z"), timeZone: "Europe/Berlin", steps: days(1, 2), holidays: ["2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"] });
    expect(shown(t, "Europe/Berlin")).toEqual(["Mon 2026-12-28 09:00", "Tue 2026-12-29 09:00"]);
  });

  it("entries not in YYYY-MM-DD form never match a day", () => {
    const t = scheduleTouches({ enrolledAt: at("2026-03-02T08:00:00Z"), timeZone: "UTC", steps: days(1, 2), holidays: ["3/3/2026", "2026-3-3", ""] });
    expect(shown(t, "UTC")).toEqual(["Mon 2026-03-02 09:00", "Tue 2026-03-03 09:00"]);
  });
});

describe("the example campaign: day 1 voicemail, day 3 e-mail, day 6 voicemail, day 10 a last call", () => {
  it("enrolled on a Wednesday in New York, with a holiday on the Monday and a DST change on the Sunday", () => {
    const t = scheduleTouches({ enrolledAt: at("2026-03-04T15:00:00Z"), timeZone: "America/New_York", steps: days(1, 3, 6, 10), holidays: ["2026-03-09"] });
    // Working days: Wed 4 (1), Thu 5, Fri 6 (3), [Mon 9 off], Tue 10, Wed 11, Thu 12 (6), Fri 13, Mon 16, Tue 17, Wed 18 (10).
    expect(shown(t, "America/New_York")).toEqual(["Wed 2026-03-04 09:00", "Fri 2026-03-06 09:00", "Thu 2026-03-12 09:00", "Wed 2026-03-18 09:00"]);
    // 09:00 EST is 14:00 UTC; after the change on 8 March, 09:00 EDT is 13:00 UTC.
    expect(iso(t)).toEqual(["2026-03-04T14:00:00.000Z", "2026-03-06T14:00:00.000Z", "2026-03-12T13:00:00.000Z", "2026-03-18T13:00:00.000Z"]);
  });
});

describe("never two touches on one day", () => {
  it("steps that would share a day: the later moves on a working day and the rest keep their gaps", () => {
    // Not valid input (the schema refuses it), but the schedule must still keep touches apart.
    const t = scheduleTouches({ enrolledAt: at("2026-03-02T08:00:00Z"), timeZone: "UTC", steps: days(1, 1, 2, 5), holidays: [] });
    // 1 → Mon; 1 again → Tue; 2 (gap 1) → Wed; 5 (gap 3) → Mon.
    expect(t.map((x) => x.localDate)).toEqual(["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-09"]);
    expect(new Set(t.map((x) => x.localDate)).size).toBe(4);
  });
});

describe("daylight saving time: a touch is due at 09:00 local on both sides", () => {
  it("New York, March (clocks forward on Sunday 8 March)", () => {
    const t = scheduleTouches({ enrolledAt: at("2026-03-06T12:00:00Z"), timeZone: "America/New_York", steps: days(1, 2), holidays: [] });
    expect(shown(t, "America/New_York")).toEqual(["Fri 2026-03-06 09:00", "Mon 2026-03-09 09:00"]);
    expect(iso(t)).toEqual(["2026-03-06T14:00:00.000Z", "2026-03-09T13:00:00.000Z"]);
  });

  it("New York, November (clocks back on Sunday 1 November)", () => {
    const t = scheduleTouches({ enrolledAt: at("2026-10-28T15:00:00Z"), timeZone: "America/New_York", steps: days(1, 6), holidays: [] });
    expect(shown(t, "America/New_York")).toEqual(["Wed 2026-10-28 09:00", "Wed 2026-11-04 09:00"]);
    expect(iso(t)).toEqual(["2026-10-28T13:00:00.000Z", "2026-11-04T14:00:00.000Z"]);
  });

  it("Sydney, April (DST ends on Sunday 5 April) and October (begins on Sunday 4 October)", () => {
    const april = scheduleTouches({ enrolledAt: at("2026-04-01T01:00:00Z"), timeZone: "Australia/Sydney", steps: days(1, 6), holidays: [] });
    expect(shown(april, "Australia/Sydney")).toEqual(["Wed 2026-04-01 09:00", "Wed 2026-04-08 09:00"]);
    expect(iso(april)).toEqual(["2026-03-31T22:00:00.000Z", "2026-04-07T23:00:00.000Z"]);
    const october = scheduleTouches({ enrolledAt: at("2026-09-30T01:00:00Z"), timeZone: "Australia/Sydney", steps: days(1, 6), holidays: [] });
    expect(shown(october, "Australia/Sydney")).toEqual(["Wed 2026-09-30 09:00", "Wed 2026-10-07 09:00"]);
    expect(iso(october)).toEqual(["2026-09-29T23:00:00.000Z", "2026-10-06T22:00:00.000Z"]);
  });

  it("Berlin, March (clocks forward on Sunday 29 March)", () => {
    const t = scheduleTouches({ enrolledAt: at("2026-03-27T07:00:00Z"), timeZone: "Europe/Berlin", steps: days(1, 2), holidays: [] });
    expect(iso(t)).toEqual(["2026-03-27T08:00:00.000Z", "2026-03-30T07:00:00.000Z"]);
  });

  it("an hour the clock skips comes due just after the jump; an hour it repeats, the first time", () => {
    const sunday = dateToDay("2026-03-08")!;
    // New York skips 02:00–03:00 on 8 March: a 02:00 touch is due at 03:00 EDT.
    expect(local(localHourToUtc(sunday, 2, "America/New_York"), "America/New_York")).toBe("Sun 2026-03-08 03:00");
    // Havana skips midnight itself that day.
    expect(local(localHourToUtc(sunday, 0, "America/Havana"), "America/Havana")).toBe("Sun 2026-03-08 01:00");
    // 01:00 happens twice in New York on 1 November: the first (EDT, 05:00 UTC).
    expect(new Date(localHourToUtc(dateToDay("2026-11-01")!, 1, "America/New_York")).toISOString()).toBe("2026-11-01T05:00:00.000Z");
  });
});

describe("other zones", () => {
  it("Asia/Kolkata's half-hour offset: 09:00 IST is 03:30 UTC", () => {
    const t = scheduleTouches({ enrolledAt: at("2026-03-04T01:00:00Z"), timeZone: "Asia/Kolkata", steps: days(1, 3), holidays: [] });
    expect(iso(t)).toEqual(["2026-03-04T03:30:00.000Z", "2026-03-06T03:30:00.000Z"]);
  });

  it("an unknown zone counts as UTC rather than failing", () => {
    const input = { enrolledAt: at("2026-03-04T01:00:00Z"), steps: days(1, 3, 6, 10), holidays: ["2026-03-09"] };
    const bad = scheduleTouches({ ...input, timeZone: "Mars/Olympus_Mons" });
    expect(bad).toEqual(scheduleTouches({ ...input, timeZone: "UTC" }));
    expect(bad[0].dueAt).toBe(at("2026-03-04T09:00:00Z"));
    expect(scheduleTouches({ ...input, timeZone: "" })).toEqual(bad);
  });
});

describe("pause and resume", () => {
  const calendar = { timeZone: "America/New_York", holidays: ["2026-03-09"] };
  const campaign: CampaignContext = {
    steps: [
      { day: 1, kind: "voicemail" },
      { day: 3, kind: "email" },
      { day: 6, kind: "voicemail" },
      { day: 10, kind: "call" },
    ],
    calendar,
  };
  const enrolledAt = at("2026-03-04T15:00:00Z"); // Wed 10:00 EST
  const touch1 = at("2026-03-04T16:00:00Z"); // Wed 11:00: day 1's voicemail left

  it("the remaining steps continue from the resume day, keeping their gaps in working days", () => {
    const rest = rescheduleAfterPause({ ...calendar, steps: campaign.steps, stepIndex: 1, enrolledAt, lastTouchAt: touch1, resumedAt: at("2026-03-10T15:00:00Z") });
    // Step 2 was due Fri 6; resumed Tue 10 → due Tue 10; then +3 working days → Fri 13; +4 → Thu 19.
    expect(rest.map((t) => t.index)).toEqual([1, 2, 3]);
    expect(shown(rest, "America/New_York")).toEqual(["Tue 2026-03-10 09:00", "Fri 2026-03-13 09:00", "Thu 2026-03-19 09:00"]);
  });

  it("a short pause never brings a touch sooner than planned", () => {
    const rest = rescheduleAfterPause({ ...calendar, steps: campaign.steps, stepIndex: 1, enrolledAt, lastTouchAt: touch1, resumedAt: at("2026-03-04T20:00:00Z") });
    expect(shown(rest, "America/New_York")).toEqual(["Fri 2026-03-06 09:00", "Thu 2026-03-12 09:00", "Wed 2026-03-18 09:00"]);
  });

  it("resumed on a weekend: the next working day; before any touch was made: the enrolment plan", () => {
    const rest = rescheduleAfterPause({ ...calendar, steps: campaign.steps, stepIndex: 0, enrolledAt, lastTouchAt: null, resumedAt: at("2026-03-07T15:00:00Z") });
    // Saturday → Monday 9 is a holiday → Tuesday 10.
    expect(shown(rest, "America/New_York")[0]).toBe("Tue 2026-03-10 09:00");
    const early = rescheduleAfterPause({ ...calendar, steps: campaign.steps, stepIndex: 0, enrolledAt, lastTouchAt: null, resumedAt: enrolledAt });
    expect(early).toEqual(scheduleTouches({ ...calendar, enrolledAt, steps: campaign.steps }));
    expect(rescheduleAfterPause({ ...calendar, steps: campaign.steps, stepIndex: 4, enrolledAt, lastTouchAt: touch1, resumedAt: touch1 })).toEqual([]);
  });

  it("through the rules: enrol, make touch 1, a visit pauses, the rep resumes, the rest follow", () => {
    let e = startEnrolment(enrolledAt, campaign);
    expect(e).toMatchObject({ status: "active", stepIndex: 0, nextDueAt: at("2026-03-04T14:00:00Z") });
    expect(nextDueTouch(e, campaign.steps, enrolledAt)).toMatchObject({ index: 0, total: 4, isDue: true, step: { kind: "voicemail" } });
    e = applyCampaignEvent(e, "voicemail", touch1, campaign);
    expect(e).toMatchObject({ status: "active", stepIndex: 1, lastTouchAt: touch1 });
    expect(local(e.nextDueAt!, "America/New_York")).toBe("Fri 2026-03-06 09:00");
    expect(nextDueTouch(e, campaign.steps, touch1)).toMatchObject({ index: 1, isDue: false });

    e = applyCampaignEvent(e, "visit", at("2026-03-05T17:00:00Z"), campaign);
    expect(e).toMatchObject({ status: "paused", pauseReason: "visited", nextDueAt: null, pausedAt: at("2026-03-05T17:00:00Z") });
    expect(nextDueTouch(e, campaign.steps, at("2026-03-06T15:00:00Z"))).toBeNull();

    e = applyCampaignEvent(e, "resume", at("2026-03-10T15:00:00Z"), campaign);
    expect(e).toMatchObject({ status: "active", stepIndex: 1, pausedAt: null, pauseReason: null });
    expect(local(e.nextDueAt!, "America/New_York")).toBe("Tue 2026-03-10 09:00");

    e = applyCampaignEvent(e, "email_sent", at("2026-03-10T15:30:00Z"), campaign);
    expect(local(e.nextDueAt!, "America/New_York")).toBe("Fri 2026-03-13 09:00");
    e = touchDone(e, at("2026-03-13T14:00:00Z"), campaign);
    expect(local(e.nextDueAt!, "America/New_York")).toBe("Thu 2026-03-19 09:00");
    e = applyCampaignEvent(e, "no_answer", at("2026-03-19T18:00:00Z"), campaign);
    expect(e).toMatchObject({ status: "finished", endReason: "completed", stepIndex: 4, nextDueAt: null, endedAt: at("2026-03-19T18:00:00Z") });
  });
});
