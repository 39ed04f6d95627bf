/**
 * Property: for any timing of people's visits to a prospect, and summaries swept at any moments,
 * no rolling window ever has more than the limit of visit alerts, every visit is either alerted or
 * counted in exactly one summary, and no summary goes out before its window is over.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

const LIMIT = 3;
const WINDOW_MS = 60_000;
const UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

let tmp: TempDatabase;
let rec: typeof import("../../lib/visits/record");
let alerts: typeof import("../../db/queries/alerts");
let flood: typeof import("../../lib/alerts/flood");
let prospects: typeof import("../../lib/prospects");
let rep: import("../../db/queries/users").UserRow;

beforeAll(async () => {
  tmp = await useTempDatabase({ ALERTS_MAX_PER_PROSPECT_PER_HOUR: String(LIMIT), ALERTS_RATE_WINDOW_SECONDS: String(WINDOW_MS / 1000) });
  rec = await import("../../lib/visits/record");
  alerts = await import("../../db/queries/alerts");
  flood = await import("../../lib/alerts/flood");
  prospects = await import("../../lib/prospects");
  const { createUser } = await import("../../lib/accounts");
  rep = await createUser({ email: "rep@acme.test", password: "a long password", name: "Rep" });
});
afterAll(() => tmp.cleanup());

const step = fc.record({
  gapMs: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 2 * WINDOW_MS })),
  /** The minute sweep (or the summary timer) happens to run right after this visit. */
  sweep: fc.boolean(),
});

describe("the per-prospect alert rate, for any timing of visits", () => {
  let run = 0;
  let ip = 0;
  let t = Date.UTC(2026, 10, 24, 15, 0, 0);

  it("never more than the limit in a window; every visit alerted or summed up once; summaries on time", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const p = await prospects.createProspect(rep, { firstName: "Run", lastName: String(++run) });
        const since = await alerts.latestAlertSeq(rep.id);
        t += 10 * WINDOW_MS;
        for (const s of steps) {
          t += s.gapMs;
          ip++;
          const out = await rec.recordBeacon({ slug: p.slug, type: "view", visibleMs: 0 }, { userAgent: UA, ip: `203.0.${ip >> 8}.${ip & 255}`, signedInRep: false, now: t });
          expect(out).toMatchObject({ stored: true, isNew: true });
          if (s.sweep) await flood.sendDueBurstSummaries(t);
        }
        await flood.sendDueBurstSummaries(t + 2 * WINDOW_MS);
        const mine = (await alerts.alertsAfter(rep.id, since, 10_000)).filter((a) => a.prospectId === p.id);
        const started = mine.filter((a) => a.kind === "visit.started").map((a) => a.createdAt);
        for (const at of started) expect(started.filter((x) => x > at - WINDOW_MS && x <= at).length).toBeLessThanOrEqual(LIMIT);
        const bursts = mine.filter((a) => a.kind === "visit.burst");
        const held = bursts.reduce((n, a) => n + Number((a.data as { count: number }).count), 0);
        expect(started.length + held).toBe(steps.length);
        for (const b of bursts) expect(b.createdAt).toBeGreaterThanOrEqual(Date.parse(String((b.data as { firstAt: string }).firstAt)) + WINDOW_MS);
        // Only the first LIMIT visits of the whole run are sure to alert.
        expect(started.length).toBeGreaterThanOrEqual(Math.min(LIMIT, steps.length));
      }),
      { numRuns: 120 },
    );
  });
});
