/**
 * The SQL fast path (db/queries/funnel.ts) against the definition (funnelFacts), on generated
 * histories in a real SQLite file: voicemails to a few prospects at colliding moments (same
 * millisecond, exactly N or M days apart), people's and others' visits with taps before, during and
 * after them, and every kind of outcome. Every voicemail's facts, and every group's totals (with
 * filters that must not move a window), must be equal.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";
import type { FunnelFilter, FunnelGroupBy } from "../../db/queries/funnel";
import type { FunnelFacts, FunnelHistory, FunnelOptions } from "../../lib/experiments/funnel";

const DAY = 86_400_000;
const HALF_DAY = DAY / 2;
const T0 = Date.UTC(2026, 9, 1);
const REPS = ["usr_r1", "usr_r2"];
const PROSPECTS = ["pro_p1", "pro_p2", "pro_p3"];
const SCRIPTS = ["scr_a", "scr_b", null];
const PLAYS = ["ply_a", null];

let tmp: TempDatabase;
let funnel: typeof import("../../lib/experiments/funnel");
let funnelFactRows: typeof import("../../db/queries/funnel").funnelFactRows;
let funnelTotalsRows: typeof import("../../db/queries/funnel").funnelTotalsRows;
let db: import("../../db/index").Db;
let schema: typeof import("../../db/schema");

beforeAll(async () => {
  tmp = await useTempDatabase();
  funnel = await import("../../lib/experiments/funnel");
  ({ funnelFactRows, funnelTotalsRows } = await import("../../db/queries/funnel"));
  schema = await import("../../db/schema");
  db = (await import("../../db/index")).unlockedWriter();
  const now = T0;
  db.insert(schema.users).values(REPS.map((id) => ({ id, email: `${id}@acme.test`, name: id, passwordHash: "x", updatedAt: now }))).run();
  db.insert(schema.prospects).values(PROSPECTS.map((id, i) => ({ id, ownerId: REPS[i % 2], slug: id.replace("_", "-"), firstName: id, lastName: "Test", updatedAt: now }))).run();
});
afterAll(() => tmp.cleanup());

// Moments on a half-day grid, nudged by a millisecond either way: ties and exact window ends happen often.
const moment = fc.tuple(fc.integer({ min: 0, max: 50 }), fc.constantFrom(0, 0, 0, 1, -1)).map(([k, d]) => T0 + k * HALF_DAY + d);
const prospect = fc.integer({ min: 0, max: PROSPECTS.length - 1 });

const voicemailArb = fc.record({ p: prospect, at: moment, rep: fc.constantFrom(...REPS), script: fc.constantFrom(...SCRIPTS), play: fc.constantFrom(...PLAYS) });
const eventArb = fc.record({
  type: fc.constantFrom("cta_click", "cta_click", "view", "heartbeat"),
  cta: fc.constantFrom("call", "call", "email", "book", undefined),
  // A tap is usually after its visit started, but nothing in the data promises it.
  offset: fc.constantFrom(0, 1000, 60_000, HALF_DAY, 3 * DAY, -1000),
  // The rep logs a reach this long after the event (none: undefined): at the tap, just before or after it.
  reachedAfter: fc.constantFrom(undefined, undefined, 0, -1, 1, 60_000, 2 * DAY),
});
const visitArb = fc.record({ p: prospect, at: moment, kind: fc.constantFrom("human", "human", "human", "preview", "bot", "rep", "miss") as fc.Arbitrary<"human" | "preview" | "bot" | "rep" | "miss">, events: fc.array(eventArb, { maxLength: 3 }) });
const outcomeArb = fc.record({
  p: prospect,
  at: moment,
  kind: fc.constantFrom("reached", "reached", "called_back", "meeting", "meeting", "voicemail", "not_interested", "wrong_number", "note") as fc.Arbitrary<"reached" | "called_back" | "meeting" | "voicemail" | "not_interested" | "wrong_number" | "note">,
});
const historyArb = fc.record({
  voicemails: fc.array(voicemailArb, { minLength: 1, maxLength: 12 }),
  visits: fc.array(visitArb, { maxLength: 14 }),
  outcomes: fc.array(outcomeArb, { maxLength: 14 }),
  opts: fc.constantFrom<FunnelOptions>({ visitWithinDays: 7, meetingWithinDays: 21 }, { visitWithinDays: 1, meetingWithinDays: 3 }, { visitWithinDays: 2, meetingWithinDays: 9 }),
});
type Generated = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

/** The generated outcomes, and the reaches logged after events. */
const allOutcomes = (g: Generated) => [
  ...g.outcomes,
  ...g.visits.flatMap((v) => v.events.flatMap((e) => (e.reachedAfter === undefined ? [] : [{ p: v.p, kind: "reached" as const, at: v.at + e.offset + e.reachedAfter }]))),
];

// Ids whose order is not the order they were made in, so ties on leftAt are broken by id, not by insertion.
const vmId = (i: number) => `vm_${String((i * 37) % 101).padStart(3, "0")}`;

function store(g: Generated) {
  db.delete(schema.visitEvents).run();
  db.delete(schema.visits).run();
  db.delete(schema.outcomes).run();
  db.delete(schema.voicemails).run();
  const vms = g.voicemails.map((v, i) => ({ id: vmId(i), prospectId: PROSPECTS[v.p], userId: v.rep, leftAt: v.at, scriptId: v.script, playId: v.play, playVersion: v.play ? 1 : null }));
  db.insert(schema.voicemails).values(vms).run();
  g.visits.forEach((v, i) => {
    const visitId = `vis_${i}`;
    db.insert(schema.visits).values({ id: visitId, prospectId: PROSPECTS[v.p], kind: v.kind, startedAt: v.at, lastSeenAt: v.at }).run();
    v.events.forEach((e, j) =>
      db
        .insert(schema.visitEvents)
        .values({ id: `evt_${i}_${j}`, visitId, type: e.type, at: v.at + e.offset, data: e.type === "cta_click" ? (e.cta ? { cta: e.cta } : {}) : null })
        .run(),
    );
  });
  allOutcomes(g).forEach((o, i) => db.insert(schema.outcomes).values({ id: `out_${i}`, prospectId: PROSPECTS[o.p], userId: REPS[0], kind: o.kind, at: o.at }).run());
  return vms;
}

/** The definition applied to each voicemail, from the same generated rows. */
function expected(g: Generated, vms: ReturnType<typeof store>): Map<string, FunnelFacts & { leftAt: number }> {
  const out = new Map<string, FunnelFacts & { leftAt: number }>();
  for (const v of vms) {
    const p = PROSPECTS.indexOf(v.prospectId);
    const history: FunnelHistory = {
      voicemails: vms.filter((w) => w.prospectId === v.prospectId),
      visits: g.visits.filter((x) => x.p === p).map((x) => ({ kind: x.kind, startedAt: x.at })),
      ctaTaps: g.visits
        .filter((x) => x.p === p)
        .flatMap((x) => x.events.filter((e) => e.type === "cta_click").map((e) => ({ cta: String(e.cta), at: x.at + e.offset, visitKind: x.kind, visitStartedAt: x.at }))),
      outcomes: allOutcomes(g).filter((o) => o.p === p),
    };
    out.set(v.id, { ...funnel.funnelFacts(v, history, g.opts), leftAt: v.leftAt });
  }
  return out;
}

function totalsFrom(facts: Map<string, FunnelFacts>, vms: ReturnType<typeof store>, groupBy: FunnelGroupBy, picked: (v: ReturnType<typeof store>[number]) => boolean) {
  type V = (typeof vms)[number];
  const day = (v: V) => Math.floor(v.leftAt / 86_400_000);
  const keyOf = {
    script: (v: V) => v.scriptId,
    play: (v: V) => v.playId,
    user: (v: V) => v.userId,
    all: () => null,
    user_script: (v: V) => `${v.userId}|${v.scriptId ?? ""}`,
    script_day: (v: V) => `${v.scriptId ?? ""}|${day(v)}`,
    play_day: (v: V) => `${v.playId ?? ""}|${day(v)}`,
  }[groupBy];
  const groups = new Map<string | null, FunnelFacts[]>();
  for (const v of vms.filter(picked)) {
    const k = keyOf(v) ?? null;
    groups.set(k, [...(groups.get(k) ?? []), facts.get(v.id)!]);
  }
  return [...groups.entries()]
    .map(([key, fs]) => ({
      key,
      messages: fs.length,
      visits: fs.filter((f) => f.visited).length,
      callbacks: fs.filter((f) => f.callReturned).length,
      meetings: fs.filter((f) => f.meeting).length,
      msToVisitMedian: funnel.medianMs(fs.flatMap((f) => (f.msToVisit === null ? [] : [f.msToVisit]))),
    }))
    .sort((a, b) => (a.key === b.key ? 0 : a.key === null ? -1 : b.key === null ? 1 : a.key < b.key ? -1 : 1));
}

describe("the funnel in SQL equals its definition", () => {
  it("on every voicemail, for generated histories", async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (g) => {
        const vms = store(g);
        const want = expected(g, vms);
        const got = await funnel.funnelFactsOf({}, g.opts);
        expect(got.length).toBe(vms.length);
        for (const row of got) expect({ id: row.voicemailId, ...row }).toEqual({ id: row.voicemailId, voicemailId: row.voicemailId, ...want.get(row.voicemailId)! });
      }),
      { numRuns: 300 },
    );
  });

  it("in every group's totals, with filters that pick voicemails but never move a window", async () => {
    const filterArb = fc.record(
      {
        userIds: fc.subarray(REPS),
        scriptIds: fc.subarray(["scr_a", "scr_b"]),
        prospectIds: fc.subarray(PROSPECTS),
        from: moment,
        to: moment,
        everyOther: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(historyArb, fc.constantFrom<FunnelGroupBy>("script", "play", "user", "all", "user_script", "script_day", "play_day"), filterArb, async (g, groupBy, f) => {
        const vms = store(g);
        const want = expected(g, vms);
        const voicemailIds = f.everyOther ? vms.filter((_, i) => i % 2 === 0).map((v) => v.id) : undefined;
        const filter: FunnelFilter = { userIds: f.userIds, scriptIds: f.scriptIds, prospectIds: f.prospectIds, from: f.from, to: f.to, voicemailIds };
        const picked = (v: (typeof vms)[number]) =>
          (!f.userIds || f.userIds.includes(v.userId)) &&
          (!f.scriptIds || (v.scriptId !== null && f.scriptIds.includes(v.scriptId))) &&
          (!f.prospectIds || f.prospectIds.includes(v.prospectId)) &&
          (f.from === undefined || v.leftAt >= f.from) &&
          (f.to === undefined || v.leftAt < f.to) &&
          (!voicemailIds || voicemailIds.includes(v.id));
        expect(await funnel.funnelTotals(groupBy, filter, g.opts)).toEqual(totalsFrom(want, vms, groupBy, picked));
      }),
      { numRuns: 300 },
    );
  });

  it("reads settled facts back equal to the definition, and recomputes once a prospect is unsettled", async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (g) => {
        const vms = store(g);
        const want = expected(g, vms);
        // Nothing settled yet: every fact computed live (the database layer, without the settling step the reports run first).
        const windows = funnel.funnelWindows(g.opts);
        for (const row of await funnelFactRows({}, windows)) expect({ voicemailId: row.voicemailId, leftAt: row.leftAt, visitedAt: row.visitedAt, callReturned: row.callReturned, meeting: row.meeting }).toEqual({ voicemailId: row.voicemailId, leftAt: want.get(row.voicemailId)!.leftAt, visitedAt: want.get(row.voicemailId)!.visitedAt, callReturned: want.get(row.voicemailId)!.callReturned, meeting: want.get(row.voicemailId)!.meeting });
        expect(await funnelFactRows({}, windows)).toHaveLength(vms.length);
        expect(await funnelTotalsRows("all", {}, windows)).toEqual(vms.length ? totalsFrom(want, vms, "all", () => true) : []);
        // Everything settled (a far-off "now"): the report reads the rows' kept facts.
        expect(await funnel.settleAll(Date.UTC(2031, 0, 1), g.opts)).toBe(vms.length);
        const settled = db.select({ w: schema.voicemails.settledWindows }).from(schema.voicemails).all();
        expect(settled.every((r) => r.w !== null)).toBe(true);
        for (const row of await funnel.funnelFactsOf({}, g.opts)) expect(row).toEqual({ voicemailId: row.voicemailId, ...want.get(row.voicemailId)! });
        // A prospect unsettled: its messages are computed live again, with the same answers.
        if (vms.length) await funnel.unsettleProspect(vms[0].prospectId);
        for (const row of await funnel.funnelFactsOf({}, g.opts)) expect(row).toEqual({ voicemailId: row.voicemailId, ...want.get(row.voicemailId)! });
      }),
      { numRuns: 100 },
    );
  });

  it("plays filter and the configured windows", async () => {
    const g: Generated = {
      voicemails: [{ p: 0, at: T0, rep: REPS[0], script: "scr_a", play: "ply_a" }, { p: 0, at: T0 + HALF_DAY, rep: REPS[1], script: "scr_b", play: null }],
      visits: [{ p: 0, at: T0 + DAY, kind: "human", events: [] }],
      outcomes: [],
      opts: funnel.funnelOptions(),
    };
    store(g);
    expect(funnel.funnelOptions()).toEqual({ visitWithinDays: 7, meetingWithinDays: 21 });
    // The visit belongs to the later voicemail, even though only the earlier one is picked.
    expect(await funnel.funnelTotals("play", { playIds: ["ply_a"] })).toEqual([{ key: "ply_a", messages: 1, visits: 0, callbacks: 0, meetings: 0, msToVisitMedian: null }]);
    expect(await funnel.funnelTotals("all")).toEqual([{ key: null, messages: 2, visits: 1, callbacks: 0, meetings: 0, msToVisitMedian: HALF_DAY }]);
  });
});
