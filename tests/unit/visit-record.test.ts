import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
let tmp: TempDatabase;
let rec: typeof import("../../lib/visits/record");
let q: typeof import("../../db/queries/visits");
let prospectId: string;

beforeAll(async () => {
  tmp = await useTempDatabase({ VISIT_MAX_VISIBLE_SECONDS: "60" });
  rec = await import("../../lib/visits/record");
  q = await import("../../db/queries/visits");
  const { createUser } = await import("../../lib/accounts");
  const { createProspect } = await import("../../lib/prospects");
  const owner = await createUser({ email: "rep@acme.test", password: "a long password", name: "Rep" });
  prospectId = (await createProspect(owner, { firstName: "Rob", lastName: "Mason" })).id;
});
afterAll(() => tmp.cleanup());

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const ctx = (now: number, ip = "203.0.113.7") => ({ userAgent: IPHONE, ip, signedInRep: false, now });

describe("recordBeacon", () => {
  it("one visit per visitor within 30 minutes, a new one after, marked as a return", async () => {
    const a = await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, ctx(T0));
    const b = await rec.recordBeacon({ slug: "rob-mason", type: "heartbeat", visibleMs: 15000 }, ctx(T0 + 29 * 60_000));
    expect(a.stored && b.stored && a.visitId === b.visitId).toBe(true);
    const c = await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, ctx(T0 + 60 * 60_000));
    expect(c.stored && a.stored && c.visitId !== a.visitId && c.isNew).toBe(true);
    const [latest] = await q.listVisits(prospectId, undefined, 10);
    expect(latest.events.map((e) => e.type)).toEqual(["view", "return"]);
    expect((latest.events[1].data as { previousVisitAt: number }).previousVisitAt).toBe(T0);
  });

  it("another address is another visitor", async () => {
    const before = (await q.listVisits(prospectId, undefined, 100)).length;
    await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 0 }, ctx(T0 + 61 * 60_000, "198.51.100.9"));
    expect((await q.listVisits(prospectId, undefined, 100)).length).toBe(before + 1);
  });

  it("never stores the address itself", async () => {
    const rows = await q.listVisits(prospectId, undefined, 100);
    for (const r of rows) {
      expect(r.visit.ipHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(r)).not.toContain("203.0.113.7");
    }
  });

  it("caps visible time per beacon and per visit", async () => {
    const now = T0 + 5 * 3_600_000;
    let id = "";
    for (let i = 0; i < 5; i++) {
      const r = await rec.recordBeacon({ slug: "rob-mason", type: "heartbeat", visibleMs: 600_000 }, ctx(now + i * 1000, "192.0.2.55"));
      if (r.stored) id = r.visitId;
    }
    const visit = (await q.listVisits(prospectId, undefined, 100)).find((r) => r.visit.id === id)!;
    expect(visit.visit.visibleMs).toBe(60_000);
  });

  it("says which step dropped an event and why", async () => {
    expect(await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 0 }, { ...ctx(T0), userAgent: "curl/8" })).toMatchObject({ stored: false, step: "classify" });
    expect(await rec.recordBeacon({ slug: "nobody", type: "view", visibleMs: 0 }, ctx(T0))).toMatchObject({ stored: false, step: "page", reason: "no page at /nobody" });
  });

  it("records previews once per source every ten minutes", async () => {
    const slack = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
    expect(await rec.recordAutomated(prospectId, slack, T0)).toMatchObject({ stored: true, kind: "preview", source: "Slack" });
    await rec.recordAutomated(prospectId, slack, T0 + 5 * 60_000);
    await rec.recordAutomated(prospectId, slack, T0 + 20 * 60_000);
    const previews = (await q.listVisits(prospectId, undefined, 100)).filter((r) => r.visit.kind === "preview");
    expect(previews).toHaveLength(2);
    expect(await rec.recordAutomated(prospectId, IPHONE, T0)).toMatchObject({ stored: false, step: "classify" });
  });
});
