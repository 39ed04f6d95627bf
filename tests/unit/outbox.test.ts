/**
 * The outbox on a temporary database: backoff math, which rows are due (order per prospect),
 * which webhooks an event goes to, the e-mail conditions, and the worker delivering to a real
 * local receiver that is down at first — every event arrives once, in order per prospect, signed.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityEvent } from "../../lib/alerts/events";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

let tmp: TempDatabase;
let outbox: typeof import("../../lib/alerts/outbox");
let worker: typeof import("../../lib/alerts/worker");
let webhooks: typeof import("../../lib/alerts/webhooks");
let signing: typeof import("../../lib/alerts/signing");
let q: typeof import("../../db/queries/outbox");
let db: typeof import("../../db/index");
let schema: typeof import("../../db/schema");
type User = import("../../db/queries/users").UserRow;
let rep: User, other: User, admin: User;
let p1: { id: string; slug: string }, p2: { id: string; slug: string }, otherP: { id: string; slug: string };

beforeAll(async () => {
  tmp = await useTempDatabase({ SMTP_URL: "smtp://127.0.0.1:9", WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_RETRY_BASE_SECONDS: "0.05", WEBHOOK_TIMEOUT_SECONDS: "2", OUTBOX_POLL_MS: "50" });
  outbox = await import("../../lib/alerts/outbox");
  worker = await import("../../lib/alerts/worker");
  webhooks = await import("../../lib/alerts/webhooks");
  signing = await import("../../lib/alerts/signing");
  q = await import("../../db/queries/outbox");
  db = await import("../../db/index");
  schema = await import("../../db/schema");
  const { createUser } = await import("../../lib/accounts");
  const { createProspect } = await import("../../lib/prospects");
  rep = await createUser({ email: "rep@acme.test", password: "a long password", name: "Rep" });
  other = await createUser({ email: "other@acme.test", password: "a long password", name: "Other" });
  admin = await createUser({ email: "admin@acme.test", password: "a long password", name: "Admin", role: "admin" });
  p1 = await createProspect(rep, { firstName: "Rob", lastName: "Mason" });
  p2 = await createProspect(rep, { firstName: "Ann", lastName: "Lee" });
  otherP = await createProspect(other, { firstName: "Zed", lastName: "Other" });
});
afterAll(() => tmp.cleanup());

function event(prospect: { id: string; slug: string }, ownerId: string, type: ActivityEvent["type"], n: number): ActivityEvent {
  return {
    id: `evt_test${n}`,
    type,
    at: Date.UTC(2026, 10, 22, 9, 0, n),
    prospect: { id: prospect.id, slug: prospect.slug, firstName: "Rob", lastName: "Mason", company: "Northwind", phone: null, email: null },
    ownerId,
    visitId: `vis_${n}`,
    data: { n },
    message: `Event ${n} <b>&</b>`,
  };
}

function pendingRows() {
  return db.getDb().select().from(schema.outbox).all();
}

describe("retry backoff", () => {
  it("doubles from the base: base·2^(attempts−1), within ±25% jitter", () => {
    expect(worker.retryDelayMs(1, 30, 3600, () => 0.5)).toBe(30_000);
    expect(worker.retryDelayMs(2, 30, 3600, () => 0.5)).toBe(60_000);
    expect(worker.retryDelayMs(5, 30, 3600, () => 0.5)).toBe(480_000);
    expect(worker.retryDelayMs(1, 30, 3600, () => 0)).toBe(22_500);
    expect(worker.retryDelayMs(1, 30, 3600, () => 0.999999)).toBeLessThanOrEqual(37_500);
  });

  it("never waits more than the cap (1 h by default), however many tries", () => {
    for (const n of [8, 12, 50, 1000]) expect(worker.retryDelayMs(n, 30, 3600, () => 1)).toBe(3_600_000);
  });

  it("allows a fractional base, as tests use", () => {
    expect(worker.retryDelayMs(1, 0.2, 3600, () => 0.5)).toBe(200);
    expect(worker.retryDelayMs(3, 0.2, 3600, () => 0.5)).toBe(800);
  });

  it("gives up once the row is older than the give-up time, with the last try on that time", () => {
    const created = 1_000_000;
    const opts = { baseSeconds: 3600, capSeconds: 3600, giveUpHours: 24, random: () => 0.5 };
    expect(worker.afterFailure(created, 1, created + 1000, opts)).toEqual({ status: "pending", nextAttemptAt: created + 1000 + 3_600_000 });
    expect(worker.afterFailure(created, 30, created + 23.5 * 3_600_000, opts)).toEqual({ status: "pending", nextAttemptAt: created + 24 * 3_600_000 });
    expect(worker.afterFailure(created, 31, created + 24 * 3_600_000, opts)).toEqual({ status: "failed" });
  });
});

describe("which rows are due", () => {
  it("only the first pending row per (destination, prospect), oldest first", async () => {
    const hook = (await webhooks.createWebhook(rep, { url: "http://127.0.0.1:9/a", format: "json", events: ["visit.started"], scope: "own" })).webhook;
    const hook2 = (await webhooks.createWebhook(rep, { url: "http://127.0.0.1:9/b", format: "json", events: ["visit.started"], scope: "own" })).webhook;
    const now = Date.now();
    const row = async (id: string, webhookId: string, prospectId: string | null, at = now) => q.insertOutboxRow({ id, channel: "webhook", webhookId, prospectId, eventType: "visit.started", payload: {}, nextAttemptAt: at, createdAt: now });
    const a1 = await row("dlv_a1", hook.id, p1.id);
    const b1 = await row("dlv_b1", hook.id, p2.id);
    const a2 = await row("dlv_a2", hook.id, p1.id);
    const other1 = await row("dlv_o1", hook2.id, p1.id);
    const n1 = await row("dlv_n1", hook.id, null);
    const n2 = await row("dlv_n2", hook.id, null);
    const due = async () => (await q.selectDueOutboxRows(now + 1, 100)).map((r) => r.id).filter((id) => id.startsWith("dlv_"));
    expect(await due()).toEqual(["dlv_a1", "dlv_b1", "dlv_o1", "dlv_n1"]);

    // a1 waiting for its retry holds a2 back, not b1 or the other webhook's row.
    await q.recordOutboxAttempt(a1.seq, { at: now, status: 500, error: "HTTP 500", durationMs: 3 }, { status: "pending", nextAttemptAt: now + 60_000 });
    expect(await due()).toEqual(["dlv_b1", "dlv_o1", "dlv_n1"]);

    // Delivered: the next of that prospect is free.
    await q.recordOutboxAttempt(a1.seq, { at: now, status: 200, error: null, durationMs: 3 }, { status: "delivered" });
    await q.recordOutboxAttempt(n1.seq, { at: now, status: 200, error: null, durationMs: 3 }, { status: "delivered" });
    expect(await due()).toEqual(["dlv_b1", "dlv_a2", "dlv_o1", "dlv_n2"]);

    // A delivered row is never changed again (so never sent again).
    expect(await q.recordOutboxAttempt(a1.seq, { at: now, status: 200, error: null, durationMs: 1 }, { status: "delivered" })).toBe(false);
    expect((await q.listAttempts(a1.seq)).map((t) => t.status)).toEqual([500, 200]);

    // Given up on: no longer holds the line.
    await q.recordOutboxAttempt(b1.seq, { at: now, status: null, error: "ECONNREFUSED", durationMs: 1 }, { status: "failed" });
    expect(await due()).toEqual(["dlv_a2", "dlv_o1", "dlv_n2"]);
    void a2;
    void other1;
    void n2;
    await webhooks.deleteWebhook(rep, hook.id);
    await webhooks.deleteWebhook(rep, hook2.id);
    expect(pendingRows().filter((r) => r.id.startsWith("dlv_"))).toEqual([]);
  });
});

describe("enqueueWebhooks", () => {
  it("writes one row per matching active webhook: the owner's own that subscribe, and every workspace one", async () => {
    const mine = (await webhooks.createWebhook(rep, { url: "http://127.0.0.1:9/mine", format: "json", events: ["visit.started", "cta.clicked"], scope: "own" })).webhook;
    const notSubscribed = (await webhooks.createWebhook(rep, { url: "http://127.0.0.1:9/engaged", format: "json", events: ["visit.engaged"], scope: "own" })).webhook;
    const others = (await webhooks.createWebhook(other, { url: "http://127.0.0.1:9/others", format: "json", events: ["visit.started"], scope: "own" })).webhook;
    const everyone = (await webhooks.createWebhook(admin, { url: "http://127.0.0.1:9/all", format: "slack", events: ["visit.started"], scope: "workspace" })).webhook;
    const before = new Set(pendingRows().map((r) => r.seq));
    await db.transaction(async () => outbox.enqueueWebhooks(event(p1, rep.id, "visit.started", 1)));
    const fresh = pendingRows().filter((r) => !before.has(r.seq));
    expect(fresh.map((r) => r.webhookId).sort()).toEqual([mine.id, everyone.id].sort());
    expect(new Set(fresh.map((r) => r.id)).size).toBe(2);
    for (const r of fresh) expect(r.id).toMatch(/^dlv_/);
    const json = fresh.find((r) => r.webhookId === mine.id)!.payload as { id: string; type: string; createdAt: string; data: Record<string, unknown> };
    expect(json).toEqual({ id: "evt_test1", type: "visit.started", createdAt: "2026-11-22T09:00:01.000Z", data: { prospect: expect.objectContaining({ id: p1.id }), visitId: "vis_1", n: 1, message: "Event 1 <b>&</b>" } });
    const slack = fresh.find((r) => r.webhookId === everyone.id)!.payload as { text: string };
    expect(slack.text).toBe("Event 1 &lt;b&gt;&amp;&lt;/b&gt;");
    expect((await webhooks.deleteWebhook(rep, mine.id)) && (await webhooks.deleteWebhook(rep, notSubscribed.id)) && (await webhooks.deleteWebhook(other, others.id)) && (await webhooks.deleteWebhook(admin, everyone.id))).toBe(true);
  });

  it("writes nothing when the surrounding transaction rolls back", async () => {
    const hook = (await webhooks.createWebhook(rep, { url: "http://127.0.0.1:9/rb", format: "json", events: ["visit.started"], scope: "own" })).webhook;
    const before = pendingRows().length;
    await expect(
      db.transaction(async () => {
        await outbox.enqueueWebhooks(event(p1, rep.id, "visit.started", 2));
        throw new Error("the visit pipeline failed later");
      }),
    ).rejects.toThrow();
    expect(pendingRows().length).toBe(before);
    await webhooks.deleteWebhook(rep, hook.id);
  });
});

describe("enqueueAlertEmail and enqueueDigestEmail", () => {
  const alert = (userId: string) => ({ id: "alr_1", userId, prospectId: p1.id, kind: "visit.started", message: "Rob Mason <script>x</script> is on his page now.", createdAt: Date.now() });

  it("writes one e-mail row for a rep with e-mail alerts on: subject is the message, HTML escaped", async () => {
    const before = new Set(pendingRows().map((r) => r.seq));
    await db.transaction(async () => outbox.enqueueAlertEmail(alert(rep.id), "http://console.test/prospects/" + p1.id));
    const fresh = pendingRows().filter((r) => !before.has(r.seq));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ channel: "email", userId: rep.id, prospectId: p1.id, eventType: "visit.started", status: "pending" });
    const mail = fresh[0].payload as { to: string; subject: string; text: string; html: string };
    expect(mail.to).toBe("rep@acme.test");
    expect(mail.subject).toBe("Rob Mason <script>x</script> is on his page now.");
    expect(mail.text).toContain("http://console.test/prospects/" + p1.id);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
  });

  it("writes nothing for a rep with e-mail alerts off", async () => {
    await db.write((d) => d.update(schema.users).set({ emailAlerts: false }));
    const before = pendingRows().length;
    await outbox.enqueueAlertEmail(alert(rep.id), "http://console.test/");
    await outbox.enqueueDigestEmail(rep.id, ["one", "two"], "http://console.test/");
    expect(pendingRows().length).toBe(before);
    await db.write((d) => d.update(schema.users).set({ emailAlerts: true }));
  });

  it("sums up a digest in one e-mail", async () => {
    const before = new Set(pendingRows().map((r) => r.seq));
    await outbox.enqueueDigestEmail(rep.id, ["Rob Mason visited", "Ann Lee <i>clicked</i> Call"], "http://console.test/");
    const fresh = pendingRows().filter((r) => !before.has(r.seq));
    expect(fresh).toHaveLength(1);
    const mail = fresh[0].payload as { subject: string; text: string; html: string };
    expect(mail.subject).toBe("While you were away: 2 updates");
    expect(mail.text).toContain("- Ann Lee <i>clicked</i> Call");
    expect(mail.html).toContain("Ann Lee &lt;i&gt;clicked&lt;/i&gt; Call");
  });
});

describe("the worker, against a real receiver that is down at first", () => {
  it("delivers every event once, in order per prospect, signed, and records the failed tries", async () => {
    // E-mail rows from above would retry against a closed port; clear them so this test sees only webhooks.
    await db.write((d) => d.delete(schema.outbox));
    let failuresLeft = 5;
    const received: { id: string; event: string; signature: string; body: string; status: number }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const status = failuresLeft-- > 0 ? 500 : 200;
        received.push({ id: String(req.headers["x-ringback-delivery"]), event: String(req.headers["x-ringback-event"]), signature: String(req.headers["x-ringback-signature"]), body, status });
        res.writeHead(status).end(status === 200 ? "ok" : "down");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const mine = await webhooks.createWebhook(rep, { url, format: "json", events: ["visit.started", "visit.engaged", "cta.clicked"], scope: "own" });
    const all = await webhooks.createWebhook(admin, { url: url + "?all", format: "json", events: ["visit.started", "visit.engaged", "cta.clicked"], scope: "workspace" });

    const events = [event(p1, rep.id, "visit.started", 1), event(p2, rep.id, "visit.started", 2), event(p1, rep.id, "visit.engaged", 3), event(otherP, other.id, "visit.started", 4), event(p2, rep.id, "cta.clicked", 5), event(p1, rep.id, "cta.clicked", 6)];
    for (const e of events) await outbox.enqueueWebhooks(e);
    const expected = pendingRows().filter((r) => r.status === "pending");
    expect(expected).toHaveLength(11); // 5 to the rep's own webhook, 6 to the workspace one

    const w = worker.startOutboxWorker({ log: () => {} });
    try {
      const deadline = Date.now() + 15_000;
      while (new Set(received.filter((r) => r.status === 200).map((r) => r.id)).size < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // A little longer: anything sent twice would show up now.
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await w.stop();
      await new Promise<void>((r) => receiver.close(() => r()));
    }

    const acked = received.filter((r) => r.status === 200);
    expect(acked.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(new Set(acked.map((r) => r.id)).size).toBe(acked.length);
    expect(received.filter((r) => r.status === 500)).toHaveLength(5);

    for (const [hook, secret] of [[mine.webhook, mine.secret], [all.webhook, all.secret]] as const) {
      const got = acked.filter((r) => expected.find((e) => e.id === r.id)!.webhookId === hook.id);
      for (const r of got) expect(signing.verify(secret, r.body, r.signature, 300)).toBe(true);
      const byProspect = new Map<string, number[]>();
      for (const r of got) {
        const body = JSON.parse(r.body) as { type: string; data: { prospect: { id: string }; n: number } };
        expect(r.event).toBe(body.type);
        byProspect.set(body.data.prospect.id, [...(byProspect.get(body.data.prospect.id) ?? []), body.data.n]);
      }
      for (const ns of byProspect.values()) expect(ns).toEqual([...ns].sort((a, b) => a - b));
      expect(byProspect.has(otherP.id)).toBe(hook.scope === "workspace");
    }

    const rows = pendingRows();
    expect(rows.every((r) => r.status === "delivered")).toBe(true);
    const retried = rows.filter((r) => r.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    for (const r of retried) expect((await q.listAttempts(r.seq)).slice(0, -1).every((t) => t.status === 500 && t.error?.startsWith("HTTP 500"))).toBe(true);
  });
});
