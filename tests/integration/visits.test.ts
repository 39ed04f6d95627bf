import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, startServer, type Client, type TestServer } from "../support/server";
import { cliEnv, withServerDb } from "../support/server-db";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const DESKTOP_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

let server: TestServer;
let admin: Client;
let token: string;
let robId: string;

const api = (path: string, t = token) => fetch(server.url + path, { headers: { Authorization: `Bearer ${t}` } });
const beacon = (body: unknown, ua = IPHONE, extra: Record<string, string> = {}) =>
  fetch(server.url + "/api/collect", { method: "POST", headers: { "User-Agent": ua, "Content-Type": "text/plain", ...extra }, body: typeof body === "string" ? body : JSON.stringify(body) });
const visitsOfRob = async () => (await (await api(`/api/v1/prospects/${robId}/visits`)).json()).data as { kind: string; human: boolean; visibleSeconds: number; source: string | null; device: string; os: string; browser: string; events: { type: string; data: unknown }[] }[];
const rowCount = () =>
  withServerDb(server, async (db) => (await db.get<{ n: number }>("SELECT (SELECT count(*) FROM visits) + (SELECT count(*) FROM visit_events) AS n"))!.n);

beforeAll(async () => {
  server = await startServer({ env: { VISIT_MAX_VISIBLE_SECONDS: "90", COLLECT_LIMIT_PER_MINUTE: "100" } });
  admin = await setUpAdmin(server.url, { addExample: true });
  token = runCli(["token:create", "--email", "ada@acme.test"], cliEnv(server)).stdout.trim().split("\n").pop()!;
  robId = (await (await api("/api/v1/prospects")).json()).data[0].id;
});
afterAll(async () => {
  await server?.stop();
});

describe("the visit beacon", () => {
  it("counts a person once per visit, adds visible time, and parses the device", async () => {
    expect((await beacon({ slug: "rob-mason", type: "view", visibleMs: 2100 })).status).toBe(202);
    expect((await beacon({ slug: "rob-mason", type: "heartbeat", visibleMs: 15000 })).status).toBe(202);
    expect((await beacon({ slug: "rob-mason", type: "view", visibleMs: 1000 })).status).toBe(202); // a reload
    const visits = await visitsOfRob();
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ kind: "human", human: true, visibleSeconds: 18, device: "mobile", os: "iOS", browser: "Safari" });
    expect(visits[0].events.map((e) => e.type)).toEqual(["view"]);
  });

  it("records what the visitor did: milestones once, every call to action", async () => {
    for (const b of [
      { type: "video_play", data: { provider: "YouTube" } },
      { type: "video_progress", data: { percent: 50 } },
      { type: "video_progress", data: { percent: 50 } },
      { type: "cta_click", data: { cta: "call" } },
      { type: "cta_click", data: { cta: "call" } },
      { type: "offer_code_copied" },
    ]) {
      expect((await beacon({ slug: "rob-mason", visibleMs: 0, ...b })).status).toBe(202);
    }
    const [visit] = await visitsOfRob();
    expect(visit.events.map((e) => e.type)).toEqual(["view", "video_play", "video_progress", "cta_click", "cta_click", "offer_code_copied"]);
    expect(visit.events[2].data).toEqual({ percent: 50 });
  });

  it("caps time on page however long a tab stays open", async () => {
    for (let i = 0; i < 5; i++) await beacon({ slug: "rob-mason", type: "heartbeat", visibleMs: 60000 });
    const [visit] = await visitsOfRob();
    expect(visit.visibleSeconds).toBe(90);
  });

  it("a different visitor (another browser) is another visit", async () => {
    await beacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, DESKTOP_FIREFOX);
    const humans = (await visitsOfRob()).filter((v) => v.human);
    expect(humans).toHaveLength(2);
    expect(humans[0]).toMatchObject({ device: "desktop", os: "Windows", browser: "Firefox" });
  });

  it("never counts bots, previewers or headless browsers, and tells them nothing", async () => {
    const before = await rowCount();
    for (const ua of [
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
      "curl/8.5.0",
      "",
    ]) {
      const res = await beacon({ slug: "rob-mason", type: "view", visibleMs: 5000 }, ua);
      expect(res.status, ua).toBe(204);
      expect(await res.text()).toBe("");
    }
    expect(await rowCount()).toBe(before);
  });

  it("a signed-in rep looking at the page is a preview by the rep, not a visit", async () => {
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    await beacon({ slug: "rob-mason", type: "view", visibleMs: 3000 }, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15", { Cookie: cookie });
    const rep = (await visitsOfRob()).filter((v) => v.kind === "rep");
    expect(rep).toHaveLength(1);
    expect(rep[0].human).toBe(false);
  });

  it("refuses bad beacons with 4xx and stores nothing", async () => {
    const before = await rowCount();
    const cases: [unknown, number][] = [
      ["{not json", 400],
      ["", 400],
      [{ slug: "rob-mason" }, 422],
      [{ slug: "rob-mason", type: "teleport" }, 422],
      [{ slug: "rob-mason", type: "view", visibleMs: -5 }, 422],
      [{ slug: "rob-mason", type: "view", visibleMs: "lots" }, 422],
      [{ slug: "<script>", type: "view" }, 422],
      [{ slug: "rob-mason", type: "video_progress", data: { percent: 33 } }, 422],
      [{ slug: "rob-mason", type: "view", extra: 1 }, 422],
      [{ slug: "nobody-here", type: "view" }, 404],
      [JSON.stringify({ slug: "rob-mason", type: "view", pad: "x".repeat(10_000) }), 413],
    ];
    for (const [body, status] of cases) {
      const res = await beacon(body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      if (status !== 413) expect((await res.json()).error.code).toBeTruthy();
    }
    expect(await rowCount()).toBe(before);
  });
});

describe("previews and bots fetching the page", () => {
  it("records a link preview as what it is, once per source, and HEAD never counts", async () => {
    for (let i = 0; i < 3; i++) await fetch(server.url + "/rob-mason", { headers: { "User-Agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" } }).then((r) => r.text());
    await fetch(server.url + "/rob-mason", { headers: { "User-Agent": "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)" } }).then((r) => r.text());
    await fetch(server.url + "/rob-mason", { method: "HEAD", headers: { "User-Agent": "Slackbot-LinkExpanding 1.0" } });
    await fetch(server.url + "/rob-mason", { headers: { "User-Agent": IPHONE } }).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 200));
    const previews = (await visitsOfRob()).filter((v) => v.kind === "preview");
    expect(previews.map((p) => p.source).sort()).toEqual(["LinkedIn", "Slack"]);
    expect(previews.every((p) => !p.human)).toBe(true);
    // A person's GET counts only through the page's script.
    expect((await visitsOfRob()).filter((v) => v.human)).toHaveLength(2);
  });
});

describe("the visits API", () => {
  it("is newest first, paginated, and another rep's prospect is a 404", async () => {
    const all = await visitsOfRob();
    const first = await (await api(`/api/v1/prospects/${robId}/visits?limit=2`)).json();
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const rest = await (await api(`/api/v1/prospects/${robId}/visits?limit=200&cursor=${first.nextCursor}`)).json();
    expect(first.data.length + rest.data.length).toBe(all.length);
    const times = [...first.data, ...rest.data].map((v: { startedAt: string }) => Date.parse(v.startedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await api(`/api/v1/prospects/${robId}/visits?cursor=forged`)).status).toBe(422);

    runCli(["user:create", "--email", "b@acme.test", "--password", "rep b password", "--name", "Rep B"], cliEnv(server));
    const tokenB = runCli(["token:create", "--email", "b@acme.test"], cliEnv(server)).stdout.trim().split("\n").pop()!;
    expect((await api(`/api/v1/prospects/${robId}/visits`, tokenB)).status).toBe(404);
    expect((await fetch(server.url + `/api/v1/prospects/${robId}/visits`)).status).toBe(401);
  });
});

describe("rate limiting", () => {
  it("answers 429 to a client sending too many beacons", async () => {
    let limited = 0;
    for (let i = 0; i < 110; i++) if ((await beacon({ slug: "rob-mason", type: "heartbeat", visibleMs: 0 })).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);
  });
});

describe("the link-preview image", () => {
  it("is named in the page's Open Graph tags, renders once, and records the previewer", async () => {
    const html = await (await fetch(server.url + "/rob-mason", { headers: { "User-Agent": IPHONE } })).text();
    expect(html).toMatch(/<meta property="og:image" content="http:\/\/127\.0\.0\.1:\d+\/og\/rob-mason"/);
    expect(html).toMatch(/<meta name="twitter:card" content="summary_large_image"/);
    expect(html).toMatch(/<meta name="robots" content="noindex, nofollow"/);

    const first = await fetch(server.url + "/og/rob-mason", { headers: { "User-Agent": "WhatsApp/2.23.20.0" } });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/png");
    const png = Buffer.from(await first.arrayBuffer());
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    const second = await fetch(server.url + "/og/rob-mason", { headers: { "User-Agent": IPHONE } });
    expect(second.headers.get("x-ringback-cache")).toBe("hit");
    const sources = (await visitsOfRob()).filter((v) => v.kind === "preview").map((v) => v.source);
    expect(sources).toContain("WhatsApp");
    expect((await fetch(server.url + "/og/nobody-at-all")).status).toBe(404);
  });
});
