import { describe, expect, it } from "vitest";
import { END_REASONS, ENROLMENT_STATUSES, PAUSE_REASONS, type CampaignEnrolment } from "../../lib/campaigns/enrolment";
import { CAMPAIGN_EVENT_RULES, applyCampaignEvent, startEnrolment, touchDone, type CampaignContext, type CampaignEvent } from "../../lib/campaigns/rules";
import { OUTCOMES } from "../../lib/outcome-rules";

const at = (iso: string) => Date.parse(iso);
const campaign: CampaignContext = {
  steps: [
    { day: 1, kind: "voicemail" },
    { day: 3, kind: "email" },
    { day: 6, kind: "voicemail" },
    { day: 10, kind: "call" },
  ],
  calendar: { timeZone: "UTC", holidays: [] },
};
const monday = at("2026-03-02T08:00:00Z");
const fresh = () => startEnrolment(monday, campaign); // touch 1 due Mon 09:00
const mondayNoon = at("2026-03-02T12:00:00Z");
const wednesdayNoon = at("2026-03-04T12:00:00Z");

describe("ending events", () => {
  const cases: [CampaignEvent, string, string][] = [
    ["called_back", "finished", "replied"],
    ["meeting", "finished", "won"],
    ["reached", "finished", "reached"],
    ["not_interested", "stopped", "not_interested"],
    ["wrong_number", "stopped", "wrong_number"],
    ["unenroll", "stopped", "unenrolled"],
  ];
  for (const [event, status, reason] of cases) {
    it(`${event} → ${status} (${reason}), from active or paused`, () => {
      const ended = applyCampaignEvent(fresh(), event, mondayNoon, campaign);
      expect(ended).toMatchObject({ status, endReason: reason, endedAt: mondayNoon, nextDueAt: null, updatedAt: mondayNoon, stepIndex: 0 });
      const paused = applyCampaignEvent(fresh(), "visit", mondayNoon, campaign);
      expect(applyCampaignEvent(paused, event, wednesdayNoon, campaign)).toMatchObject({ status, endReason: reason, pausedAt: null, pauseReason: null, endedAt: wednesdayNoon });
    });
  }
});

describe("a visit", () => {
  it("pauses an active enrolment until the rep logs what the call brought", () => {
    const p = applyCampaignEvent(fresh(), "visit", mondayNoon, campaign);
    expect(p).toMatchObject({ status: "paused", pauseReason: "visited", pausedAt: mondayNoon, nextDueAt: null, stepIndex: 0 });
    // A second visit changes nothing: the first pause stands.
    expect(applyCampaignEvent(p, "visit", wednesdayNoon, campaign)).toBe(p);
    // A note is not an outcome of the call.
    expect(applyCampaignEvent(p, "note", wednesdayNoon, campaign)).toBe(p);
  });

  it("a voicemail after the visit that is the due touch: made, and the campaign goes on", () => {
    const p = applyCampaignEvent(fresh(), "visit", at("2026-03-02T08:30:00Z"), campaign);
    const r = applyCampaignEvent(p, "voicemail", mondayNoon, campaign);
    expect(r).toMatchObject({ status: "active", stepIndex: 1, lastTouchAt: mondayNoon, pausedAt: null, pauseReason: null, nextDueAt: at("2026-03-04T09:00:00Z") });
  });

  it("a call after the visit when no voicemail touch is due: resumed, the next touch a working day later", () => {
    let e = applyCampaignEvent(fresh(), "voicemail", mondayNoon, campaign); // touch 1 made; e-mail due Wed
    e = applyCampaignEvent(e, "visit", at("2026-03-04T07:00:00Z"), campaign);
    // The rep called back Wednesday and left a voicemail: the e-mail (due today) waits until Thursday.
    const r = applyCampaignEvent(e, "no_answer", at("2026-03-04T07:30:00Z"), campaign);
    expect(r).toMatchObject({ status: "active", stepIndex: 1, lastTouchAt: mondayNoon, nextDueAt: at("2026-03-05T09:00:00Z") });
  });

  it("does nothing to an enrolment the rep holds, and a rep's hold outranks a visit's wait", () => {
    const held = applyCampaignEvent(fresh(), "pause", mondayNoon, campaign);
    expect(held).toMatchObject({ status: "paused", pauseReason: "rep" });
    expect(applyCampaignEvent(held, "visit", wednesdayNoon, campaign)).toBe(held);
    // A logged call does not resume the rep's hold.
    expect(applyCampaignEvent(held, "voicemail", wednesdayNoon, campaign)).toBe(held);
    const visited = applyCampaignEvent(fresh(), "visit", mondayNoon, campaign);
    expect(applyCampaignEvent(visited, "pause", wednesdayNoon, campaign)).toMatchObject({ status: "paused", pauseReason: "rep", pausedAt: mondayNoon });
  });
});

describe("touches", () => {
  it("voicemail and no answer make a due voicemail or call touch, not an e-mail", () => {
    const e = applyCampaignEvent(fresh(), "no_answer", mondayNoon, campaign);
    expect(e).toMatchObject({ stepIndex: 1, lastTouchAt: mondayNoon });
    // The e-mail is due Wednesday: a voicemail on Wednesday is not that touch; sending it is.
    expect(applyCampaignEvent(e, "voicemail", wednesdayNoon, campaign)).toBe(e);
    expect(applyCampaignEvent(e, "email_sent", wednesdayNoon, campaign)).toMatchObject({ stepIndex: 2, lastTouchAt: wednesdayNoon });
  });

  it("a touch not yet due today is not made by a call; one due later today is", () => {
    const early = at("2026-03-02T07:00:00Z"); // 07:00, touch due 09:00 the same day
    expect(applyCampaignEvent(fresh(), "voicemail", early, campaign)).toMatchObject({ stepIndex: 1, lastTouchAt: early });
    const e = applyCampaignEvent(fresh(), "voicemail", mondayNoon, campaign);
    expect(applyCampaignEvent(e, "voicemail", at("2026-03-03T12:00:00Z"), campaign)).toBe(e); // e-mail due Wed anyway
    const e2 = applyCampaignEvent(e, "email_sent", at("2026-03-03T12:00:00Z"), campaign);
    expect(e2).toBe(e); // not due until Wednesday
  });

  it("a late touch moves the rest with it, keeping their gaps", () => {
    // Day 1's voicemail made on Thursday instead of Monday: the e-mail (gap 2) is due Monday.
    const e = applyCampaignEvent(fresh(), "voicemail", at("2026-03-05T12:00:00Z"), campaign);
    expect(e.nextDueAt).toBe(at("2026-03-09T09:00:00Z"));
  });

  it("touchDone after the last step finishes the enrolment", () => {
    let e = fresh();
    for (const t of ["2026-03-02T12:00:00Z", "2026-03-04T12:00:00Z", "2026-03-09T12:00:00Z"]) e = touchDone(e, at(t), campaign);
    expect(e).toMatchObject({ status: "active", stepIndex: 3, nextDueAt: at("2026-03-13T09:00:00Z") });
    e = touchDone(e, at("2026-03-13T12:00:00Z"), campaign);
    expect(e).toMatchObject({ status: "finished", endReason: "completed", stepIndex: 4, nextDueAt: null, endedAt: at("2026-03-13T12:00:00Z") });
    expect(touchDone(e, at("2026-03-14T12:00:00Z"), campaign)).toBe(e);
    expect(touchDone(applyCampaignEvent(fresh(), "visit", mondayNoon, campaign), wednesdayNoon, campaign).status).toBe("paused");
  });

  it("resume only applies to a paused enrolment", () => {
    const e = fresh();
    expect(applyCampaignEvent(e, "resume", mondayNoon, campaign)).toBe(e);
  });

  it("a campaign with no steps is over as it starts", () => {
    expect(startEnrolment(monday, { ...campaign, steps: [] })).toMatchObject({ status: "finished", endReason: "completed", nextDueAt: null });
  });
});

describe("finished and stopped enrolments", () => {
  const ended: CampaignEnrolment[] = [
    applyCampaignEvent(fresh(), "meeting", mondayNoon, campaign),
    applyCampaignEvent(fresh(), "not_interested", mondayNoon, campaign),
  ];
  for (const e of ended)
    it(`a ${e.status} enrolment changes with no event`, () => {
      for (const event of Object.keys(CAMPAIGN_EVENT_RULES) as CampaignEvent[]) expect(applyCampaignEvent(e, event, wednesdayNoon, campaign)).toBe(e);
    });
});

describe("rules as data", () => {
  it("every outcome button has a campaign rule, and every reason a label", () => {
    for (const kind of Object.keys(OUTCOMES)) expect(CAMPAIGN_EVENT_RULES).toHaveProperty(kind);
    for (const table of [ENROLMENT_STATUSES, PAUSE_REASONS, END_REASONS]) for (const v of Object.values(table)) expect(v.label.length).toBeGreaterThan(0);
    for (const r of Object.values(END_REASONS)) expect(ENROLMENT_STATUSES[r.status].ended).toBe(true);
  });

  it("invariants hold after every event from an active or paused enrolment", () => {
    const starts = [fresh(), applyCampaignEvent(fresh(), "visit", mondayNoon, campaign), applyCampaignEvent(fresh(), "pause", mondayNoon, campaign)];
    for (const s of starts)
      for (const event of Object.keys(CAMPAIGN_EVENT_RULES) as CampaignEvent[]) {
        const e = applyCampaignEvent(s, event, wednesdayNoon, campaign);
        if (e.status === "active") expect([e.nextDueAt !== null, e.pausedAt, e.pauseReason, e.endedAt, e.endReason]).toEqual([true, null, null, null, null]);
        if (e.status === "paused") expect([e.nextDueAt, e.pausedAt !== null, e.pauseReason !== null, e.endedAt]).toEqual([null, true, true, null]);
        if (ENROLMENT_STATUSES[e.status].ended) expect([e.nextDueAt, e.pausedAt, e.pauseReason, e.endedAt !== null, e.endReason !== null]).toEqual([null, null, null, true, true]);
      }
  });
});
