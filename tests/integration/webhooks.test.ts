/**
 * Webhooks against a real production server and a real local receiver that fails (500, or is not
 * listening at all) and then recovers: every event arrives exactly once, in order per prospect,
 * signed with the secret shown at creation. Also validation, who may see what, and the delivery
 * log. Real visit events are enqueued in this process on the server's own database file (the
 * visit pipeline is wired to enqueueWebhooks on another branch); the server's worker sends them.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActivityEvent } from "../../lib/alerts/events";
import { verify } from "../../lib/alerts/signing";
import { Client, runCli, setUpAdmin, signIn, startServer, type TestServer } from "../support/server";

type Hook = { id: string; url: string; format: string; events: string[]; scope: string; secretHint: string; secret?: string };
type Delivery = { id: string; eventType: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null; tries: { status: number | null; error: string | null; durationMs: number }[] };
type Received = { path: string; id: string; event: string; signature: string; body: string; status: number };

/** A webhook receiver on 127.0.0.1 that answers 500 to the next `failNext` requests, then 200. */
class Receiver {
  received: Received[] = [];
  failNext = 0;
  port = 0;
  private server?: http.Server;

  async listen(port = 0): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const status = this.failNext > 0 ? 500 : 200;
        if (status === 500) this.failNext--;
        this.received.push({ path: req.url ?? "", id: String(req.headers["x-ringback-delivery"]), event: String(req.headers["x-ringback-event"]), signature: String(req.headers["x-ringback-signature"]), body, status });
        res.writeHead(status, { "Content-Type": "text/plain" }).end(status === 200 ? "thanks" : "receiver is down");
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, "127.0.0.1", resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** 2xx-acknowledged deliveries to `path`, in the order they were acknowledged. */
  acked(path: string): Received[] {
    return this.received.filter((r) => r.status === 200 && r.path === path);
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let server: TestServer;
let strict: TestServer;
let receiver: Receiver;
let admin: Client;
let repA: Client;
let repB: Client;
let hookA: Hook;
let workspaceHook: Hook;

async function deliveries(client: Client, hookId: string): Promise<Delivery[]> {
  const res = await client.fetch(`/api/console/webhooks/${hookId}/deliveries`);
  expect(res.status).toBe(200);
  return (await res.json()).data;
}

async function sendTests(client: Client, hookId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await client.fetch(`/api/console/webhooks/${hookId}/test`, { method: "POST" });
    expect(res.status).toBe(202);
    ids.push((await res.json()).deliveryId);
  }
  return ids;
}

beforeAll(async () => {
  receiver = new Receiver();
  await receiver.listen();
  [server, strict] = await Promise.all([
    startServer({ env: { WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_RETRY_BASE_SECONDS: "0.2", OUTBOX_POLL_MS: "100", WEBHOOK_TIMEOUT_SECONDS: "3" } }),
    startServer(),
  ]);
  admin = await setUpAdmin(server.url, { addExample: false });
  for (const [email, name] of [["a@acme.test", "Rep A"], ["b@acme.test", "Rep B"]]) runCli(["user:create", "--email", email, "--password", "a long passphrase", "--name", name], { DATABASE_PATH: server.dbPath });
  repA = await signIn(server.url, "a@acme.test", "a long passphrase");
  repB = await signIn(server.url, "b@acme.test", "a long passphrase");
});

afterAll(async () => {
  await Promise.all([server?.stop(), strict?.stop()]);
  await receiver?.close();
});

describe("adding webhooks", () => {
  it("refuses what is not an http(s) URL, and no events, with field errors (422)", async () => {
    for (const url of ["ftp://files.example.com/hook", "javascript:alert(1)", "not a url"]) {
      const res = await repA.fetch("/api/console/webhooks", { method: "POST", json: { url, events: ["visit.started"] } });
      expect(res.status, url).toBe(422);
      const body = await res.json();
      expect(body).toEqual({ error: { code: "invalid_input", message: expect.any(String), fields: { url: expect.any(String) } } });
    }
    const none = await repA.fetch("/api/console/webhooks", { method: "POST", json: { url: receiver.url("/a"), events: [] } });
    expect(none.status).toBe(422);
    expect((await none.json()).error.fields).toEqual({ events: "Pick at least one event." });
    const unknown = await repA.fetch("/api/console/webhooks", { method: "POST", json: { url: receiver.url("/a"), events: ["visit.exploded"], format: "xml" } });
    expect(Object.keys((await unknown.json()).error.fields).sort()).toEqual(["events.0", "format"]);
  });

  it("refuses http:// in production unless WEBHOOK_ALLOW_HTTP is set", async () => {
    const strictAdmin = await setUpAdmin(strict.url, { addExample: false });
    const res = await strictAdmin.fetch("/api/console/webhooks", { method: "POST", json: { url: "http://hooks.example.com/x", events: ["visit.started"] } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields.url).toMatch(/https:\/\//);
    // A literal public address: no DNS needed on this closed machine.
    const https = await strictAdmin.fetch("/api/console/webhooks", { method: "POST", json: { url: "https://93.184.215.14/x", events: ["visit.started"] } });
    expect(https.status).toBe(201);
  });

  it("refuses this machine and private networks unless WEBHOOK_ALLOW_PRIVATE is set", async () => {
    const strictAdmin = await signIn(strict.url, "ada@acme.test", "correct horse battery");
    for (const url of ["https://127.0.0.1/x", "https://localhost/x", "https://[::1]/x", "https://169.254.169.254/latest/meta-data", "https://10.1.2.3/x", "https://[::ffff:127.0.0.1]/x", "https://no-such-host.invalid/x"]) {
      const res = await strictAdmin.fetch("/api/console/webhooks", { method: "POST", json: { url, events: ["visit.started"] } });
      expect(res.status, url).toBe(422);
      expect((await res.json()).error.fields.url, url).toMatch(/this server|this machine|private|link-local|IPv4-mapped|could not be found/);
    }
  });

  it("lets only an admin add a workspace-wide webhook (403 for a rep)", async () => {
    const rep = await repA.fetch("/api/console/webhooks", { method: "POST", json: { url: receiver.url("/workspace"), events: ["visit.started"], scope: "workspace" } });
    expect(rep.status).toBe(403);
    expect((await rep.json()).error.code).toBe("forbidden");
    const res = await admin.fetch("/api/console/webhooks", { method: "POST", json: { url: receiver.url("/workspace"), events: ["visit.started"], scope: "workspace" } });
    expect(res.status).toBe(201);
    workspaceHook = await res.json();
    expect(workspaceHook.scope).toBe("workspace");
  });

  it("answers 201 with the secret once; afterwards only a masked hint", async () => {
    const res = await repA.fetch("/api/console/webhooks", { method: "POST", json: { url: receiver.url("/a"), events: ["visit.started", "visit.engaged", "cta.clicked", "link.previewed"] } });
    expect(res.status).toBe(201);
    hookA = await res.json();
    expect(hookA).toMatchObject({ id: expect.stringMatching(/^wh_/), url: receiver.url("/a"), format: "json", scope: "own", secret: expect.stringMatching(/^whsec_.{20,}/) });
    const list = (await (await repA.fetch("/api/console/webhooks")).json()).data as Hook[];
    const listed = list.find((h) => h.id === hookA.id)!;
    expect(listed.secret).toBeUndefined();
    expect(JSON.stringify(list)).not.toContain(hookA.secret!);
    expect(listed.secretHint).toBe(hookA.secret!.slice(0, 10) + "…");
  });

  it("shows a rep only their own webhooks: another rep gets 404 for them; an admin sees own and workspace ones", async () => {
    const bList = (await (await repB.fetch("/api/console/webhooks")).json()).data as Hook[];
    expect(bList).toEqual([]);
    expect((await repB.fetch(`/api/console/webhooks/${hookA.id}/deliveries`)).status).toBe(404);
    expect((await repB.fetch(`/api/console/webhooks/${hookA.id}/test`, { method: "POST" })).status).toBe(404);
    expect((await repB.fetch(`/api/console/webhooks/${hookA.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await repA.fetch(`/api/console/webhooks/${workspaceHook.id}`, { method: "DELETE" })).status).toBe(404);
    const adminList = ((await (await admin.fetch("/api/console/webhooks")).json()).data as Hook[]).map((h) => h.id);
    expect(adminList).toContain(workspaceHook.id);
    expect(adminList).not.toContain(hookA.id);
  });

  it("deletes one's own webhook", async () => {
    const res = await repB.fetch("/api/console/webhooks", { method: "POST", json: { url: receiver.url("/b"), events: ["visit.started"] } });
    const hook = (await res.json()) as Hook;
    expect((await repB.fetch(`/api/console/webhooks/${hook.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await repB.fetch(`/api/console/webhooks/${hook.id}`, { method: "DELETE" })).status).toBe(404);
  });
});

describe("delivering", () => {
  it("a receiver answering 500 at first gets every test event once, in order, signed; the log shows the failed tries", async () => {
    receiver.failNext = 3;
    const before = receiver.acked("/a").length;
    const ids = await sendTests(repA, hookA.id, 5);
    await waitFor("5 acknowledged deliveries", () => receiver.acked("/a").length - before >= 5 || undefined);
    const log = await waitFor("all delivered in the log", async () => {
      const d = await deliveries(repA, hookA.id);
      return d.filter((x) => ids.includes(x.id)).every((x) => x.status === "delivered") ? d : undefined;
    });
    // Anything sent twice would have shown up by now (the worker polls every 100 ms).
    await new Promise((r) => setTimeout(r, 500));

    const acked = receiver.acked("/a").slice(before);
    expect(acked.map((r) => r.id)).toEqual(ids);
    expect(new Set(receiver.acked("/a").map((r) => r.id)).size).toBe(receiver.acked("/a").length);
    for (const r of acked) {
      expect(r.event).toBe("test");
      expect(verify(hookA.secret!, r.body, r.signature, 300)).toBe(true);
      expect(verify(hookA.secret!, r.body + " ", r.signature, 300)).toBe(false);
      const body = JSON.parse(r.body);
      expect(body).toMatchObject({ id: expect.stringMatching(/^evt_/), type: "test", createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), data: { prospect: expect.objectContaining({ firstName: "Rob" }), message: expect.any(String) } });
    }
    // The same delivery id on every retry.
    const first = receiver.received.filter((r) => r.id === ids[0]);
    expect(first.map((r) => r.status)).toEqual([500, 500, 500, 200]);

    const firstLog = log.find((d) => d.id === ids[0])!;
    expect(firstLog).toMatchObject({ eventType: "test", status: "delivered", attempts: 4, lastStatus: 200 });
    expect(firstLog.tries.map((t) => t.status)).toEqual([500, 500, 500, 200]);
    expect(firstLog.tries[0].error).toMatch(/^HTTP 500/);
    for (const d of log.filter((x) => ids.slice(1).includes(x.id))) expect(d.attempts).toBe(1);
  });

  it("a receiver that is not listening at all gets everything once it is back, in order", async () => {
    const port = receiver.port;
    await receiver.close();
    const before = receiver.acked("/a").length;
    const ids = await sendTests(repA, hookA.id, 3);
    const failing = await waitFor("a refused try in the log", async () => {
      const d = (await deliveries(repA, hookA.id)).find((x) => x.id === ids[0]);
      return d && d.attempts >= 2 ? d : undefined;
    });
    expect(failing.status).toBe("pending");
    expect(failing.lastStatus).toBeNull();
    expect(failing.lastError).toMatch(/ECONNREFUSED|fetch failed|connect/i);
    // Held back behind the first: nothing of the later ones was tried.
    const later = (await deliveries(repA, hookA.id)).filter((x) => ids.slice(1).includes(x.id));
    expect(later.every((x) => x.attempts === 0)).toBe(true);

    await receiver.listen(port);
    await waitFor("3 acknowledged deliveries after the receiver came back", () => receiver.acked("/a").length - before >= 3 || undefined);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.acked("/a").slice(before).map((r) => r.id)).toEqual(ids);
  });

  it("real visit events from enqueueWebhooks reach the owner's and the workspace webhooks, once each, in order per prospect", async () => {
    // Two real prospects of rep A, made through the API.
    const tokenRes = await repA.fetch("/api/console/tokens", { method: "POST", json: { name: "webhook test" } });
    const token = (await tokenRes.json()).token as string;
    const api = (path: string, body?: unknown) =>
      fetch(server.url + path, { method: body ? "POST" : "GET", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined }).then((r) => r.json());
    const me = await api("/api/v1/me");
    const rob = await api("/api/v1/prospects", { firstName: "Rob", lastName: "Mason", company: "Northwind" });
    const ann = await api("/api/v1/prospects", { firstName: "Ann", lastName: "Lee", company: "<b>Contoso</b>" });

    // This process writes into the server's own database; the server's worker picks the rows up.
    const saved = { DATABASE_PATH: process.env.DATABASE_PATH, DATABASE_URL: process.env.DATABASE_URL };
    process.env.DATABASE_PATH = server.dbPath;
    // On PostgreSQL (integration-pg) the server's database is a URL, and this process uses it too.
    process.env.DATABASE_URL = server.env.DATABASE_URL ?? "";
    vi.resetModules();
    const { enqueueWebhooks } = await import("../../lib/alerts/outbox");
    const db = await import("../../db/index");
    try {
      const event = (p: typeof rob, type: ActivityEvent["type"], n: number): ActivityEvent => ({
        id: `evt_real${n}`,
        type,
        at: Date.now(),
        prospect: { id: p.id, slug: p.slug, firstName: p.firstName, lastName: p.lastName, company: p.company, phone: null, email: null },
        ownerId: me.id,
        visitId: `vis_real${n}`,
        data: { n },
        message: `${p.firstName} ${p.lastName} event ${n}`,
      });
      receiver.failNext = 2;
      const beforeA = receiver.acked("/a").length;
      const beforeW = receiver.acked("/workspace").length;
      const events = [event(rob, "visit.started", 1), event(ann, "visit.started", 2), event(rob, "visit.engaged", 3), event(ann, "cta.clicked", 4), event(rob, "cta.clicked", 5), event(ann, "link.previewed", 6)];
      await db.transaction(async () => {
        for (const e of events) await enqueueWebhooks(e);
      });
      await waitFor("6 to rep A's webhook and 2 to the workspace one", () => (receiver.acked("/a").length - beforeA >= 6 && receiver.acked("/workspace").length - beforeW >= 2) || undefined);
      await new Promise((r) => setTimeout(r, 500));

      const toA = receiver.acked("/a").slice(beforeA).map((r) => ({ ...r, json: JSON.parse(r.body) }));
      const toW = receiver.acked("/workspace").slice(beforeW).map((r) => ({ ...r, json: JSON.parse(r.body) }));
      expect(toA).toHaveLength(6);
      // It subscribes to visit.started only; order holds per prospect, not across prospects.
      expect(toW.map((r) => r.json.data.n).sort()).toEqual([1, 2]);
      expect(new Set(toA.map((r) => r.id)).size).toBe(6);
      for (const r of toA) expect(verify(hookA.secret!, r.body, r.signature, 300)).toBe(true);
      const order = (rs: typeof toA, prospectId: string) => rs.filter((r) => r.json.data.prospect.id === prospectId).map((r) => r.json.data.n);
      expect(order(toA, rob.id)).toEqual([1, 3, 5]);
      expect(order(toA, ann.id)).toEqual([2, 4, 6]);
      expect(toA.find((r) => r.json.data.n === 4)!.json).toEqual({
        id: "evt_real4",
        type: "cta.clicked",
        createdAt: expect.any(String),
        data: { prospect: expect.objectContaining({ id: ann.id, company: "<b>Contoso</b>" }), visitId: "vis_real4", n: 4, message: "Ann Lee event 4" },
      });
      expect(toA.find((r) => r.json.data.n === 4)!.event).toBe("cta.clicked");
    } finally {
      await db.closeDatabase();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
  it("a person's real visit and a Slack link preview reach the webhook as visit.started and link.previewed", async () => {
    const tokenRes = await repA.fetch("/api/console/tokens", { method: "POST", json: { name: "pipeline test" } });
    const token = (await tokenRes.json()).token as string;
    const created = await fetch(server.url + "/api/v1/prospects", { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify({ firstName: "Vera", lastName: "Visit", phone: "+1 555 010 2099" }) });
    const vera = (await created.json()) as { id: string; slug: string };
    const before = receiver.acked("/a").length;
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    const beacon = await fetch(server.url + "/api/collect", { method: "POST", headers: { "User-Agent": iphone, "Content-Type": "text/plain" }, body: JSON.stringify({ slug: vera.slug, type: "view", visibleMs: 2000 }) });
    expect(beacon.status).toBe(202);
    await fetch(`${server.url}/${vera.slug}`, { headers: { "User-Agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" } });
    const mine = () => receiver.acked("/a").slice(before).map((r) => ({ event: r.event, json: JSON.parse(r.body) })).filter((r) => r.json.data?.prospect?.id === vera.id);
    await waitFor("visit.started and link.previewed for Vera", () => (mine().length >= 2 ? true : undefined));
    const got = mine();
    expect(got.map((r) => r.event)).toEqual(["visit.started", "link.previewed"]);
    expect(got[0].json.data.message).toBe("Vera Visit is on their page now. Call +1 555 010 2099");
    expect(got[1].json.data.source).toBe("Slack");
  });
});
