/**
 * Alerts end to end on a real production server: a person's visit on the page becomes an alert in
 * the API and on the live feed; the feed catches up after a dropped connection and after a server
 * restart; previews, bots, muted prospects and quiet hours behave; outcomes move the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSse } from "../support/sse";
import { runCli, setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";
import { until } from "../support/until";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";

let server: TestServer;
let admin: Client;
let token: string;
let robId: string;
let visitor = 0;

/** Another person: the same address (127.0.0.1) with another browser build is another visitor. */
const newVisitor = () => IPHONE.replace("604.1", `604.${++visitor + 1}`);
const beacon = (body: unknown, ua: string) => fetch(server.url + "/api/collect", { method: "POST", headers: { "User-Agent": ua, "Content-Type": "text/plain" }, body: JSON.stringify(body) });
const api = (path: string, t = token) => fetch(server.url + path, { headers: { Authorization: `Bearer ${t}` } });
const cookie = (c: Client) => ({ Cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ") });
type Alert = { id: string; cursor: string; kind: string; message: string; prospectId: string; quiet: boolean; createdAt: string };
const allAlerts = async (t = token): Promise<Alert[]> => (await (await api("/api/v1/alerts?limit=200", t)).json()).data;

beforeAll(async () => {
  server = await startServer({ env: { COLLECT_LIMIT_PER_MINUTE: "100000" } });
  admin = await setUpAdmin(server.url, { addExample: true });
  token = runCli(["token:create", "--email", "ada@acme.test"], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
  robId = (await (await api("/api/v1/prospects")).json()).data[0].id;
});
afterAll(async () => {
  await server?.stop();
});

describe("the alerts API", () => {
  it("starts empty, with a cursor to poll from", async () => {
    const body = await (await api("/api/v1/alerts")).json();
    expect(body).toEqual({ data: [], nextCursor: "0", hasMore: false });
  });

  it("a person on the page alerts the owner once per visit; previews and bots do not", async () => {
    const ua = newVisitor();
    for (const type of ["view", "heartbeat", "heartbeat"]) expect((await beacon({ slug: "rob-mason", type, visibleMs: 2000 }, ua)).status).toBe(202);
    await fetch(server.url + "/rob-mason", { headers: { "User-Agent": SLACK } });
    await beacon({ slug: "rob-mason", type: "view", visibleMs: 0 }, "python-requests/2.31");
    const list = await allAlerts();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: "visit.started", prospectId: robId, quiet: false });
    expect(list[0].message).toMatch(/^Rob Mason \(Northwind Traders\) is on their page now. Call \+1 555 010 2030$/);
    expect(Object.keys(list[0])).toEqual(expect.arrayContaining(["id", "prospectId", "kind", "createdAt", "message", "cursor"]));
  });

  it("pages oldest first after a cursor; a forged cursor is refused", async () => {
    const ua = newVisitor();
    await beacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, ua);
    await beacon({ slug: "rob-mason", type: "video_progress", visibleMs: 0, data: { percent: 50 } }, ua);
    const first = await (await api("/api/v1/alerts?limit=1")).json();
    expect(first.data).toHaveLength(1);
    expect(first.hasMore).toBe(true);
    const rest = await (await api(`/api/v1/alerts?after=${first.nextCursor}`)).json();
    expect(rest.data.map((a: Alert) => a.kind)).toEqual(["visit.started", "visit.engaged"]);
    expect(Number(rest.data[0].cursor)).toBeGreaterThan(Number(first.nextCursor));
    for (const bad of ["abc", "-1", "1.5", "0x10", "99999999999999999999"]) {
      const res = await api(`/api/v1/alerts?after=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(422);
      expect((await res.json()).error.fields.after).toBeDefined();
    }
  });

  it("a rep sees only their own alerts", async () => {
    runCli(["user:create", "--email", "sam@acme.test", "--password", "a long passphrase", "--name", "Sam"], { DATABASE_PATH: server.dbPath });
    const samToken = runCli(["token:create", "--email", "sam@acme.test"], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
    expect(await allAlerts(samToken)).toEqual([]);
  });
});

describe("the live feed", () => {
  it("needs a session", async () => {
    const res = await fetch(server.url + "/api/console/alerts/stream");
    expect(res.status).toBe(401);
  });

  it("pushes a new alert within a second, and catches up after a dropped connection", async () => {
    const feed = await openSse(server.url + "/api/console/alerts/stream", cookie(admin));
    expect(feed.status).toBe(200);
    const t0 = Date.now();
    await beacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, newVisitor());
    const [e] = await feed.waitFor(1);
    expect(Date.now() - t0).toBeLessThan(5_000); // generous: the budget (≤ 1 s p95) is measured by npm run bench
    expect(e.event).toBe("alert");
    const lastSeen = e.id;
    feed.close();

    // While nobody listens, two people visit.
    await beacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, newVisitor());
    await beacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, newVisitor());
    // The browser reconnects with Last-Event-ID: exactly the two it missed, in order.
    const again = await openSse(server.url + "/api/console/alerts/stream", { ...cookie(admin), "Last-Event-ID": lastSeen });
    const missed = await again.waitFor(2);
    expect(missed.map((x) => Number(x.id))).toEqual([...missed.map((x) => Number(x.id))].sort((a, b) => a - b));
    expect(Number(missed[0].id)).toBeGreaterThan(Number(lastSeen));
    await new Promise((r) => setTimeout(r, 300));
    expect(again.events).toHaveLength(2);
    again.close();
  });

  it("catches up across a server restart", async () => {
    const before = await allAlerts();
    const last = before[before.length - 1].cursor;
    const feed = await openSse(server.url + "/api/console/alerts/stream?after=" + last, cookie(admin));
    await server.stop();
    await feed.closed;
    server = await startServer({ dataDir: server.dataDir, port: server.port, env: { COLLECT_LIMIT_PER_MINUTE: "100000" } });
    await beacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, newVisitor());
    const resumed = await openSse(server.url + "/api/console/alerts/stream", { ...cookie(admin), "Last-Event-ID": last });
    const [e] = await resumed.waitFor(1);
    expect(Number(e.id)).toBeGreaterThan(Number(last));
    expect(JSON.parse(e.data)).toMatchObject({ kind: "visit.started", prospectId: robId });
    resumed.close();
  });
});

describe("what the rep controls", () => {
  it("a muted prospect's visits are recorded but never alert", async () => {
    const n = (await allAlerts()).length;
    expect((await admin.fetch(`/api/console/prospects/${robId}/mute`, { method: "PUT", json: { muted: true } })).status).toBe(200);
    await beacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, newVisitor());
    expect(await allAlerts()).toHaveLength(n);
    expect((await admin.fetch(`/api/console/prospects/${robId}/mute`, { method: "PUT", json: { muted: "yes" } })).status).toBe(422);
    await admin.fetch(`/api/console/prospects/${robId}/mute`, { method: "PUT", json: { muted: false } });
  });

  it("quiet hours: the alert is recorded as quiet", async () => {
    const now = new Date();
    const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
    const res = await admin.fetch("/api/console/alerts/preferences", { method: "PATCH", json: { timeZone: "UTC", quietStart: hhmm(new Date(now.getTime() - 3_600_000)), quietEnd: hhmm(new Date(now.getTime() + 3_600_000)) } });
    expect(res.status).toBe(200);
    await beacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, newVisitor());
    const list = await allAlerts();
    expect(list[list.length - 1].quiet).toBe(true);
    await admin.fetch("/api/console/alerts/preferences", { method: "PATCH", json: { quietStart: "", quietEnd: "" } });
  });

  it("refuses bad preferences field by field, and 'everyone's alerts' for a rep", async () => {
    const bad = await admin.fetch("/api/console/alerts/preferences", { method: "PATCH", json: { timeZone: "Mars/Base", quietStart: "25:00" } });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["quietStart", "timeZone"]);
    const sam = await signIn(server.url, "sam@acme.test", "a long passphrase");
    const res = await sam.fetch("/api/console/alerts/preferences", { method: "PATCH", json: { alertScope: "all" } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields.alertScope).toMatch(/admin/);
  });

  it("the queue shows the visitor now; 'meeting booked' takes them out", async () => {
    const page = await (await admin.fetch("/")).text();
    expect(page).toContain('data-tier="now"');
    expect(page).toContain("Rob Mason");
    const res = await admin.fetch(`/api/console/prospects/${robId}/outcomes`, { method: "POST", json: { kind: "meeting" } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ ok: true, leftQueue: true, followUpAt: null });
    expect(await (await admin.fetch("/")).text()).not.toContain(`data-prospect="${robId}"`);
    const timeline = await (await admin.fetch(`/prospects/${robId}`)).text();
    expect(timeline).toContain("Meeting booked — logged by Ada Admin");
    const bad = await admin.fetch(`/api/console/prospects/${robId}/outcomes`, { method: "POST", json: { kind: "ghosted" } });
    expect(bad.status).toBe(422);
  });
});
