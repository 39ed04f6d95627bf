/**
 * Alert floods on a real SQLite file, with time driven by the test: anyone can script page views
 * for a prospect from many browsers and addresses. Every visit is recorded, but beyond
 * ALERTS_MAX_PER_PROSPECT_PER_HOUR (10 here, the default) a prospect's alerts are held — no feed
 * alert, e-mail or webhook — and summed up in one `visit.burst` alert when the hour is over; the
 * call-back queue counts the burst as one visit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

/** Real phone browsers, so each fake visitor looks like another person. */
const PHONES = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
];

let tmp: TempDatabase;
let rec: typeof import("../../lib/visits/record");
let alerts: typeof import("../../db/queries/alerts");
let flood: typeof import("../../lib/alerts/flood");
let queue: typeof import("../../lib/queue");
let db: typeof import("../../db/index");
let schema: typeof import("../../db/schema");
type User = import("../../db/queries/users").UserRow;
let rep: User;
let rob: { id: string; slug: string };
let nora: { id: string; slug: string };

const T0 = Date.UTC(2026, 10, 24, 15, 0, 0); // a Tuesday afternoon, outside anyone's quiet hours
const HOUR = 3_600_000;
let visitorNo = 0;

/** One scripted fake visitor: its own address and browser, loads the page, sends the human beacon. */
async function fakeVisitor(slug: string, at: number, type: "view" | "cta_click" = "view") {
  const n = ++visitorNo;
  const ua = PHONES[n % PHONES.length].replace("604.1", `604.${n}`).replace("Mobile Safari/537.36", `Mobile Safari/537.${n}`);
  const ip = `198.51.${100 + Math.floor(n / 250)}.${(n % 250) + 1}`;
  const view = await rec.recordBeacon({ slug, type: "view", visibleMs: 1200 }, { userAgent: ua, ip, signedInRep: false, now: at });
  if (type === "cta_click") await rec.recordBeacon({ slug, type: "cta_click", visibleMs: 0, data: { cta: "call" } }, { userAgent: ua, ip, signedInRep: false, now: at + 500 });
  return view;
}

const kinds = async () => (await alerts.alertsAfter(rep.id, 0, 10_000)).map((a) => a.kind);
const outboxRows = (eventType: string, channel: "email" | "webhook") =>
  db
    .getDb()
    .select()
    .from(schema.outbox)
    .all()
    .filter((r) => r.eventType === eventType && r.channel === channel);
const humanVisitsOf = (prospectId: string) =>
  db
    .getDb()
    .select()
    .from(schema.visits)
    .all()
    .filter((v) => v.prospectId === prospectId && v.kind === "human").length;

beforeAll(async () => {
  tmp = await useTempDatabase({ SMTP_URL: "smtp://127.0.0.1:9", WEBHOOK_ALLOW_PRIVATE: "true" });
  rec = await import("../../lib/visits/record");
  alerts = await import("../../db/queries/alerts");
  flood = await import("../../lib/alerts/flood");
  queue = await import("../../lib/queue");
  db = await import("../../db/index");
  schema = await import("../../db/schema");
  const { createUser } = await import("../../lib/accounts");
  const { createProspect } = await import("../../lib/prospects");
  const webhooks = await import("../../lib/alerts/webhooks");
  rep = await createUser({ email: "rep@acme.test", password: "a long password", name: "Rep" });
  rob = await createProspect(rep, { firstName: "Rob", lastName: "Mason", company: "Northwind", phone: "+1 555 010 2030" });
  nora = await createProspect(rep, { firstName: "Nora", lastName: "Quist" });
  await webhooks.createWebhook(rep, { url: "http://127.0.0.1:9/hook", format: "json", events: ["visit.started", "cta.clicked", "visit.burst"], scope: "own" });
});
afterAll(() => tmp.cleanup());

describe("the limit itself", () => {
  it("holds a visit ranked beyond the limit in its hour; 0 means no limit", () => {
    expect(flood.beyondRate(1, 10)).toBe(false);
    expect(flood.beyondRate(10, 10)).toBe(false);
    expect(flood.beyondRate(11, 10)).toBe(true);
    expect(flood.beyondRate(5000, 0)).toBe(false);
  });

  it("sums up in the rep's words", () => {
    expect(flood.burstMessage({ firstName: "Rob", lastName: "Mason", company: "Northwind" }, { visits: 50, followUps: 0 }, HOUR)).toBe(
      "Rob Mason (Northwind): and 50 more visits in the last hour — possibly automated",
    );
    expect(flood.burstMessage({ firstName: "Rob", lastName: "Mason", company: null }, { visits: 1, followUps: 3 }, 20_000)).toBe(
      "Rob Mason: and 1 more visit (3 follow-ups) in the last 20 seconds — possibly automated",
    );
    expect(flood.burstMessage({ firstName: "Rob", lastName: "Mason", company: null }, { visits: 0, followUps: 1 }, 30 * 60_000)).toBe(
      "Rob Mason: and 1 more follow-up in the last 30 minutes — possibly automated",
    );
  });
});

describe("a scripted flood: 60 fake visitors in a minute", () => {
  beforeAll(async () => {
    for (let i = 0; i < 60; i++) await fakeVisitor(rob.slug, T0 + i * 1000, i % 6 === 0 ? "cta_click" : "view");
  });

  it("records all 60 visits", () => {
    expect(humanVisitsOf(rob.id)).toBe(60);
  });

  it("alerts the rep for the first 10 visits only (and the follow-ups of those), nothing for the rest", async () => {
    const list = await alerts.alertsAfter(rep.id, 0, 10_000);
    expect(list.filter((a) => a.kind === "visit.started")).toHaveLength(10);
    // Visitors 1 and 7 tapped Call within the first ten; 13, 19, … were held with their visits.
    expect(list.filter((a) => a.kind === "cta.clicked")).toHaveLength(2);
    expect(list.every((a) => a.prospectId === rob.id)).toBe(true);
  });

  it("sends no e-mail and no webhook for the held visits", () => {
    expect(outboxRows("visit.started", "email")).toHaveLength(10);
    expect(outboxRows("visit.started", "webhook")).toHaveLength(10);
    expect(outboxRows("cta.clicked", "webhook")).toHaveLength(2);
    expect(outboxRows("visit.burst", "webhook")).toHaveLength(0);
  });

  it("another prospect is not affected", async () => {
    await fakeVisitor(nora.slug, T0 + 30_000);
    expect((await alerts.recentAlerts(rep.id, 1))[0]).toMatchObject({ kind: "visit.started", prospectId: nora.id });
  });

  it("sums up nothing before the hour is over", async () => {
    expect(await flood.sendDueBurstSummaries(T0 + 30 * 60_000)).toEqual([]);
    expect((await kinds()).filter((k) => k === "visit.burst")).toEqual([]);
  });

  it("the queue shows the prospect once, the burst counted as one visit, below a real visitor of the same tier", async () => {
    const rows = await queue.callbackQueue(rep, T0 + 62_000);
    const robRows = rows.filter((r) => r.prospectId === rob.id);
    expect(robRows).toHaveLength(1);
    const row = robRows[0];
    expect(row.didWhat).toContain("many visits in a short time (possible automated traffic)");
    expect(row.didWhat).not.toMatch(/60th visit/);
    expect(row.reasons.map((r) => r.label)).toContain("Many visits in a short time (possible automated traffic)");
    expect(row.reasons.map((r) => r.label).join(" ")).not.toMatch(/\d+ visits/);
    expect(rows.map((r) => r.prospectId)).toEqual([nora.id, rob.id]);
    expect(row.tier).toBe(rows[0].tier);
  });

  it("when the hour is over: exactly one summary alert with the count, one e-mail, one webhook", async () => {
    const due = T0 + 10_000 + HOUR; // an hour after the first held visit (the 11th, at 10 s)
    const written = await flood.sendDueBurstSummaries(due);
    expect(written).toHaveLength(1);
    const [summary] = written;
    expect(summary).toMatchObject({ kind: "visit.burst", userId: rep.id, prospectId: rob.id, quiet: false });
    expect(summary.message).toBe("Rob Mason (Northwind): and 50 more visits (8 follow-ups) in the last hour — possibly automated");
    expect(summary.data).toMatchObject({ count: 50, followUps: 8 });
    expect(outboxRows("visit.burst", "email")).toHaveLength(1);
    expect(outboxRows("visit.burst", "webhook")).toHaveLength(1);
    const body = outboxRows("visit.burst", "webhook")[0].payload as { type: string; data: { count: number; prospect: { id: string } } };
    expect(body).toMatchObject({ type: "visit.burst", data: { count: 50, prospect: { id: rob.id } } });
    // Once only.
    expect(await flood.sendDueBurstSummaries(due + 60_000)).toEqual([]);
    expect((await kinds()).filter((k) => k === "visit.burst")).toHaveLength(1);
  });

  it("a quarter of an hour after the last fake visit, a real visitor is still held (rolling hour)…", async () => {
    await fakeVisitor(rob.slug, T0 + 15 * 60_000);
    expect((await kinds()).filter((k) => k === "visit.started")).toHaveLength(11); // 10 of Rob's and Nora's
  });

  it("…and an hour after the flood a visit alerts normally again", async () => {
    await fakeVisitor(rob.slug, T0 + 2 * HOUR);
    expect((await alerts.recentAlerts(rep.id, 1))[0]).toMatchObject({ kind: "visit.started", prospectId: rob.id });
    // The one held in between is summed up in its own summary once its hour is over.
    const [later] = await flood.sendDueBurstSummaries(T0 + 15 * 60_000 + HOUR);
    expect(later.message).toBe("Rob Mason (Northwind): and 1 more visit in the last hour — possibly automated");
  });
});

describe("during quiet hours", () => {
  it("the summary is recorded quietly and goes into the quiet-hours digest", async () => {
    const { sendDueDigests } = await import("../../lib/alerts/digest");
    const { createProspect } = await import("../../lib/prospects");
    const ann = await createProspect(rep, { firstName: "Ann", lastName: "Lee" });
    // 22:00–07:00 in New York; 03:00 UTC on a November night is 22:00 there.
    await alerts.updateAlertPreferences(rep.id, { timeZone: "America/New_York", quietStart: 22 * 60, quietEnd: 7 * 60 });
    const night = Date.UTC(2026, 10, 28, 3, 0);
    for (let i = 0; i < 13; i++) await fakeVisitor(ann.slug, night + i * 1000);
    const [summary] = await flood.sendDueBurstSummaries(night + 10_000 + HOUR);
    expect(summary).toMatchObject({ kind: "visit.burst", quiet: true, message: "Ann Lee: and 3 more visits in the last hour — possibly automated" });
    expect(outboxRows("visit.burst", "email")).toHaveLength(2); // Rob's two daytime summaries: none at night
    const [digest] = await sendDueDigests(Date.UTC(2026, 10, 28, 13, 0));
    expect(digest.message).toBe("While your quiet hours were on: 13 visits — Ann Lee (13)");
    await alerts.updateAlertPreferences(rep.id, { quietStart: null, quietEnd: null });
  });
});
