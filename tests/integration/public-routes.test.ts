import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, startServer, type Client, type TestServer } from "../support/server";
import { cliEnv, withServerDb } from "../support/server-db";

let server: TestServer;
let admin: Client;
let token: string;

async function api(path: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${token}`);
  if (init.json !== undefined) headers.set("Content-Type", "application/json");
  return fetch(server.url + path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
}

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const get = (path: string, init: RequestInit = {}) => fetch(server.url + path, { redirect: "manual", ...init });
const missesOf = (path: string) =>
  withServerDb(server, async (db) => (await db.get<{ n: number }>("SELECT count(*) AS n FROM visits WHERE kind = 'miss' AND requested_path = ?", path))!.n);

beforeAll(async () => {
  server = await startServer({ env: { MISS_LIMIT_PER_MINUTE: "8" } });
  admin = await setUpAdmin(server.url, { addExample: false });
  const out = runCli(["token:create", "--email", "ada@acme.test"], cliEnv(server));
  token = out.stdout.trim().split("\n").pop()!;
  for (const [firstName, lastName] of [
    ["Rob", "Mason"],
    ["Jon", "Smith"],
    ["John", "Smith"],
    ["José", "Núñez"],
  ]) {
    const res = await api("/api/v1/prospects", { method: "POST", json: { firstName, lastName, company: "Northwind" } });
    expect(res.status).toBe(201);
  }
});

afterAll(async () => {
  await server?.stop();
});

describe("what a listener typed", () => {
  it("serves the exact address with noindex", async () => {
    const res = await get("/rob-mason");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-robots-tag")).toContain("noindex");
    expect(await res.text()).toContain("Rob");
  });

  it.each(["/RobMason", "/rob_mason", "/rob.mason.", "/rob%20mason", "/rob-masen", "/robmason/", "/rob-dash-mason", "/rob/mason", "/Rob/Mason/", "/jose-nunez".toUpperCase(), "/Jos%C3%A9-N%C3%BA%C3%B1ez"])(
    "%s redirects (307) to the canonical address",
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(307);
      const location = new URL(res.headers.get("location")!, server.url).pathname;
      expect(["/rob-mason", "/jose-nunez"]).toContain(location);
    },
  );

  it("keeps the query string on a redirect", async () => {
    const res = await get("/RobMason?utm_source=vm");
    expect(new URL(res.headers.get("location")!, server.url).search).toBe("?utm_source=vm");
  });

  it("never sends a sound-alike to someone else: johnsmith is ambiguous beside jon-smith and john-smith-northwind", async () => {
    const slugs = (await (await api("/api/v1/prospects")).json()).data.map((p: { slug: string }) => p.slug);
    expect(slugs).toContain("jon-smith");
    // The second Smith got a distinct, speakable address because the plain one sounds like Jon's.
    const john = slugs.find((s: string) => s.startsWith("john-smith"));
    expect(john).toBe("john-smith-northwind");
    // "johnsmith" is Jon's letters but John's name without its suffix: two people could be meant.
    const res = await get("/johnsmith");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Acme");
    expect(new URL((await get("/JohnSmithNorthwind")).headers.get("location")!, server.url).pathname).toBe("/john-smith-northwind");
  });

  it("shows the generic page for an unknown name and records the miss with the nearest prospect", async () => {
    const res = await get("/rob-madsen-x", { headers: { "User-Agent": IPHONE } });
    expect(res.status).toBe(404);
    const row = (await withServerDb(server, (db) =>
      db.get<{ path: string; slug: string | null }>("SELECT v.requested_path AS path, p.slug FROM visits v LEFT JOIN prospects p ON p.id = v.prospect_id WHERE v.kind = 'miss' ORDER BY v.started_at DESC LIMIT 1"),
    ))!;
    expect(row.path).toBe("/rob-madsen-x");
    expect(row.slug).toBe("rob-mason");
  });

  it("does not record misses by crawlers", async () => {
    const res = await get("/rob-crawled-x", { headers: { "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" } });
    expect(res.status).toBe(404);
    expect(await missesOf("/rob-crawled-x")).toBe(0);
    await get("/rob-crawled-x", { headers: { "User-Agent": IPHONE } });
    expect(await missesOf("/rob-crawled-x")).toBe(1);
  });

  it("lets framework and console paths through untouched", async () => {
    expect((await get("/login")).status).toBe(200);
    expect((await get("/setup")).status).toBe(307);
    expect((await get("/favicon.ico")).headers.get("x-robots-tag")).toBeNull();
  });
});

describe("the page cache", () => {
  it("serves the second request from memory, gzipped when asked", async () => {
    await get("/jose-nunez");
    const res = await get("/jose-nunez", { headers: { "Accept-Encoding": "gzip" } });
    expect(res.headers.get("x-ringback-cache")).toBe("hit");
    expect(await res.text()).toContain("José");
  });

  it("shows an edit at once", async () => {
    const list = (await (await api("/api/v1/prospects")).json()).data as { id: string; slug: string }[];
    const rob = list.find((p) => p.slug === "rob-mason")!;
    await get("/rob-mason");
    expect((await get("/rob-mason")).headers.get("x-ringback-cache")).toBe("hit");
    const patch = await api(`/api/v1/prospects/${rob.id}`, { method: "PATCH", json: { message: "Fresh words for Rob" } });
    expect(patch.status).toBe(200);
    const res = await get("/rob-mason");
    expect(res.headers.get("x-ringback-cache")).toBe("miss");
    expect(await res.text()).toContain("Fresh words for Rob");
  });

  it("redirects a renamed page's old address to the new one", async () => {
    const list = (await (await api("/api/v1/prospects")).json()).data as { id: string; slug: string }[];
    const jose = list.find((p) => p.slug === "jose-nunez")!;
    const patch = await api(`/api/v1/prospects/${jose.id}`, { method: "PATCH", json: { slug: "jose-nunez-garcia" } });
    expect(patch.status).toBe(200);
    const res = await get("/jose-nunez");
    expect(res.status).toBe(307);
    expect(new URL(res.headers.get("location")!, server.url).pathname).toBe("/jose-nunez-garcia");
    expect((await get("/jose-nunez-garcia")).status).toBe(200);
  });
});

describe("probing for names", () => {
  it("throttles one client trying many unknown addresses (429)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await get(`/probe-name-${"abcdefghijkl"[i]}`)).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 1)).toEqual([404]);
    const limited = await get("/probe-name-z");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Real pages still work for the same client.
    expect((await get("/rob-mason")).status).toBe(200);
  });
});

describe("the cached page's scripts", () => {
  it("start after the first paint, and each is still loaded", async () => {
    await get("/rob-mason");
    const html = await (await get("/rob-mason")).text();
    expect(html).not.toMatch(/<script src="\/_next\/static\/[^"]+\.js" async="">/);
    const loader = html.match(/var s=(\[[^\]]+\]);function go/);
    expect(loader).not.toBeNull();
    const sources = JSON.parse(loader![1]) as string[];
    expect(sources.length).toBeGreaterThan(2);
    for (const src of sources) expect((await get(src)).status).toBe(200);
  });
});
