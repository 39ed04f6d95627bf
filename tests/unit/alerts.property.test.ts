/**
 * Generated streams of beacons from several visitors (people, a bot, a signed-in rep), in any
 * order and timing: whatever happens, each visit alerts at most once, each follow-up at most once
 * per visit, nothing but people alerts, and the feed cursor only grows.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

const PEOPLE = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
];
const BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

let tmp: TempDatabase;
let rec: typeof import("../../lib/visits/record");
let alerts: typeof import("../../db/queries/alerts");
let ownerId: string;
let slugs: string[];

beforeAll(async () => {
  tmp = await useTempDatabase();
  rec = await import("../../lib/visits/record");
  alerts = await import("../../db/queries/alerts");
  const { createUser } = await import("../../lib/accounts");
  const { createProspect } = await import("../../lib/prospects");
  const owner = await createUser({ email: "rep@acme.test", password: "a long password", name: "Rep" });
  ownerId = owner.id;
  slugs = [(await createProspect(owner, { firstName: "Rob", lastName: "Mason" })).slug, (await createProspect(owner, { firstName: "Ann", lastName: "Lee" })).slug];
});
afterAll(() => tmp.cleanup());

const beaconArb = fc.record({
  who: fc.constantFrom("p0", "p1", "bot", "rep"),
  ip: fc.constantFrom("192.0.2.1", "192.0.2.2"),
  page: fc.constantFrom(0, 1),
  gapMs: fc.constantFrom(0, 1_000, 60_000, 31 * 60_000, 2 * 86_400_000),
  b: fc.oneof(
    fc.constant({ type: "view" as const }),
    fc.constant({ type: "heartbeat" as const }),
    fc.constant({ type: "video_play" as const }),
    fc.record({ type: fc.constant("video_progress" as const), data: fc.record({ percent: fc.constantFrom(25 as const, 50 as const, 75 as const, 100 as const) }) }),
    fc.record({ type: fc.constant("cta_click" as const), data: fc.record({ cta: fc.constantFrom("call" as const, "email" as const, "book" as const) }) }),
    fc.constant({ type: "offer_code_copied" as const }),
  ),
});

describe("alerts, for any stream of beacons", () => {
  it("at most one per visit and kind; only people; the cursor only grows", async () => {
    let t = Date.UTC(2026, 0, 5, 15, 0);
    await fc.assert(
      fc.asyncProperty(fc.array(beaconArb, { minLength: 1, maxLength: 40 }), async (stream) => {
        const before = await alerts.latestAlertSeq(ownerId);
        const humanVisits = new Set<string>();
        const startedHere = new Set<string>();
        for (const s of stream) {
          t += s.gapMs;
          const ua = s.who === "bot" ? BOT : PEOPLE[s.who === "p1" ? 1 : 0];
          const out = await rec.recordBeacon({ slug: slugs[s.page], visibleMs: 0, ...s.b } as never, { userAgent: ua, ip: s.ip, signedInRep: s.who === "rep", now: t });
          if (out.stored && out.kind === "human") {
            humanVisits.add(out.visitId);
            if (out.isNew) startedHere.add(out.visitId);
          }
        }
        const fresh = await alerts.alertsAfter(ownerId, before, 10_000);
        for (let i = 1; i < fresh.length; i++) expect(fresh[i].seq).toBeGreaterThan(fresh[i - 1].seq);
        const keys = fresh.map((a) => `${a.visitId}:${a.kind}:${JSON.stringify((a.data as { key?: string }).key ?? null)}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const a of fresh) expect(humanVisits.has(a.visitId!), `alert for a visit that is not a person's: ${a.kind}`).toBe(true);
        // Every person's visit that started in this stream alerted once.
        const started = fresh.filter((a) => a.kind === "visit.started").map((a) => a.visitId);
        expect(new Set(started).size).toBe(started.length);
        expect(new Set(started)).toEqual(startedHere);
      }),
      { numRuns: 150 },
    );
  });
});
