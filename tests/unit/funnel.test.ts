/** The funnel's definition on hand-made histories: each rule at the top of lib/experiments/funnel.ts, once. */
import { describe, expect, it } from "vitest";
import { DEFAULT_FUNNEL_OPTIONS, funnelFacts, medianMs, nextVoicemailAt, type FunnelHistory } from "../../lib/experiments/funnel";
import { loadConfig } from "../../lib/config";

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 2, 15, 0, 0);
const vm = { id: "vm_a", leftAt: T };
const empty: FunnelHistory = { voicemails: [vm], visits: [], ctaTaps: [], outcomes: [] };
const facts = (h: Partial<FunnelHistory>, opts = DEFAULT_FUNNEL_OPTIONS) => funnelFacts(vm, { ...empty, ...h }, opts);
const nothing = { visited: false, visitedAt: null, msToVisit: null, callReturned: false, meeting: false };

describe("funnelFacts", () => {
  it("nothing happened: nothing counted", () => {
    expect(facts({})).toEqual(nothing);
  });

  it("a person's first visit within 7 days counts, with the time to it; previews, bots and the rep's look do not", () => {
    const visits = [
      { kind: "preview", startedAt: T + 1000 },
      { kind: "bot", startedAt: T + 2000 },
      { kind: "rep", startedAt: T + 3000 },
      { kind: "human", startedAt: T + 2 * DAY },
      { kind: "human", startedAt: T + DAY },
    ];
    expect(facts({ visits })).toEqual({ ...nothing, visited: true, visitedAt: T + DAY, msToVisit: DAY });
    expect(facts({ visits: visits.slice(0, 3) }).visited).toBe(false);
  });

  it("windows are half-open: at the voicemail counts, at exactly 7 (or 21) days does not", () => {
    expect(facts({ visits: [{ kind: "human", startedAt: T }] }).msToVisit).toBe(0);
    expect(facts({ visits: [{ kind: "human", startedAt: T + 7 * DAY }] }).visited).toBe(false);
    expect(facts({ visits: [{ kind: "human", startedAt: T + 7 * DAY - 1 }] }).visited).toBe(true);
    expect(facts({ outcomes: [{ kind: "meeting", at: T + 21 * DAY - 1 }] }).meeting).toBe(true);
    expect(facts({ outcomes: [{ kind: "meeting", at: T + 21 * DAY }] }).meeting).toBe(false);
    expect(facts({ visits: [{ kind: "human", startedAt: T - 1 }], outcomes: [{ kind: "meeting", at: T - 1 }] })).toEqual(nothing);
  });

  it("the windows follow the options", () => {
    const h = { visits: [{ kind: "human", startedAt: T + 3 * DAY }], outcomes: [{ kind: "meeting", at: T + 10 * DAY }] };
    expect(facts(h, { visitWithinDays: 2, meetingWithinDays: 9 })).toEqual(nothing);
    expect(facts(h, { visitWithinDays: 4, meetingWithinDays: 11 })).toMatchObject({ visited: true, meeting: true });
  });

  it("last touch: the next voicemail to the same person ends this one's windows", () => {
    const next = { id: "vm_b", leftAt: T + 2 * DAY };
    const h = { voicemails: [vm, next], visits: [{ kind: "human", startedAt: T + 3 * DAY }], outcomes: [{ kind: "meeting", at: T + 2 * DAY }] };
    expect(facts(h)).toEqual(nothing);
    expect(funnelFacts(next, { ...empty, ...h })).toEqual({ visited: true, visitedAt: T + 3 * DAY, msToVisit: DAY, callReturned: false, meeting: true });
    // An earlier voicemail changes nothing.
    expect(facts({ voicemails: [{ id: "vm_0", leftAt: T - DAY }, vm], visits: [{ kind: "human", startedAt: T + 1 }] }).visited).toBe(true);
  });

  it("two voicemails at the same moment: the greater id is the later one", () => {
    const twin = { id: "vm_b", leftAt: T };
    expect(nextVoicemailAt(vm, [vm, twin])).toBe(T);
    expect(nextVoicemailAt(twin, [vm, twin])).toBe(Infinity);
    const h = { voicemails: [vm, twin], visits: [{ kind: "human", startedAt: T + 1 }] };
    expect(facts(h).visited).toBe(false);
    expect(funnelFacts(twin, { ...empty, ...h }).visited).toBe(true);
  });

  it("call returned: a logged call-back within 7 days", () => {
    expect(facts({ outcomes: [{ kind: "called_back", at: T + 6 * DAY }] }).callReturned).toBe(true);
    expect(facts({ outcomes: [{ kind: "called_back", at: T + 8 * DAY }] }).callReturned).toBe(false);
    expect(facts({ outcomes: [{ kind: "reached", at: T + DAY }] }).callReturned).toBe(false);
  });

  it("call returned: Call tapped on a person's visit, then a reach logged at or after the tap", () => {
    const tap = { cta: "call", at: T + DAY + 5000, visitKind: "human", visitStartedAt: T + DAY };
    const reached = { kind: "reached", at: T + DAY + 60_000 };
    expect(facts({ ctaTaps: [tap], outcomes: [reached] }).callReturned).toBe(true);
    expect(facts({ ctaTaps: [tap], outcomes: [{ kind: "reached", at: tap.at }] }).callReturned).toBe(true);
    expect(facts({ ctaTaps: [tap], outcomes: [{ kind: "reached", at: tap.at - 1 }] }).callReturned).toBe(false);
    expect(facts({ ctaTaps: [tap] }).callReturned).toBe(false);
    expect(facts({ ctaTaps: [{ ...tap, cta: "email" }], outcomes: [reached] }).callReturned).toBe(false);
    expect(facts({ ctaTaps: [{ ...tap, visitKind: "preview" }], outcomes: [reached] }).callReturned).toBe(false);
    // The visit must have started in the window, and the reach must come before it ends.
    expect(facts({ ctaTaps: [{ ...tap, visitStartedAt: T - 1 }], outcomes: [reached] }).callReturned).toBe(false);
    expect(facts({ ctaTaps: [tap], outcomes: [{ kind: "reached", at: T + 7 * DAY }] }).callReturned).toBe(false);
  });

  it("a meeting within 21 days counts; other outcomes count for nothing", () => {
    expect(facts({ outcomes: [{ kind: "meeting", at: T + 20 * DAY }] }).meeting).toBe(true);
    expect(facts({ outcomes: ["voicemail", "not_interested", "wrong_number", "note", "no_answer"].map((kind) => ({ kind, at: T + DAY })) })).toEqual(nothing);
  });
});

describe("medianMs", () => {
  it("the middle one, the mean of the two middle ones, or null", () => {
    expect(medianMs([])).toBeNull();
    expect(medianMs([5])).toBe(5);
    expect(medianMs([9, 1, 5])).toBe(5);
    expect(medianMs([4, 1, 2, 3])).toBe(2.5);
    const xs = [3, 1, 2];
    medianMs(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe("the funnel's settings", () => {
  it("7 and 21 days unless FUNNEL_VISIT_DAYS and FUNNEL_MEETING_DAYS say otherwise", () => {
    expect(loadConfig({} as NodeJS.ProcessEnv)).toMatchObject({ FUNNEL_VISIT_DAYS: 7, FUNNEL_MEETING_DAYS: 21 });
    expect(loadConfig({ FUNNEL_VISIT_DAYS: "3", FUNNEL_MEETING_DAYS: "30" } as unknown as NodeJS.ProcessEnv)).toMatchObject({ FUNNEL_VISIT_DAYS: 3, FUNNEL_MEETING_DAYS: 30 });
    expect(() => loadConfig({ FUNNEL_VISIT_DAYS: "0" } as unknown as NodeJS.ProcessEnv)).toThrow(/FUNNEL_VISIT_DAYS/);
  });
});
