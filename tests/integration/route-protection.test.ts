/**
 * Every console page and endpoint needs a session, every /api/v1 endpoint a live token. The
 * routes are read from app/ itself, so a route added without protection fails here: only the
 * routes named in PUBLIC may answer without credentials.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

/** Routes anyone may reach, each for a reason. Keep this list short and explicit. */
const PUBLIC = new Set([
  "/[slug]", // a prospect's page
  "/login", // sign-in
  "/setup", // first-run setup (closed once an admin exists)
  "/privacy", // what the pages record, for prospects
  "/uploads/[name]", // videos and PDFs shown on prospects' pages
  "/api/auth/login",
  "/api/auth/logout",
  "/api/auth/setup",
  "/api/collect", // the prospect page's visit beacon
  "/og/[slug]", // the link-preview image
]);

type Route = { url: string; pattern: string; kind: "page" | "handler"; methods: string[]; file: string };

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** Reads the routes from app/: pages and route handlers, with the methods each handler exports. */
function discoverRoutes(): Route[] {
  const appDir = path.join(ROOT, "app");
  const routes: Route[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue; // private folders are never routes
        // Route groups "(console)" add no segment.
        walk(full, /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
        continue;
      }
      const pattern = "/" + segments.join("/");
      const url = "/" + segments.map((s) => (s.startsWith("[") ? `x${s.replace(/\W/g, "")}-probe` : s)).join("/");
      if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) routes.push({ url, pattern, kind: "page", methods: ["GET"], file: full });
      else if (/^route\.(tsx|ts|js)$/.test(entry.name)) {
        const src = fs.readFileSync(full, "utf8");
        const methods = METHODS.filter((m) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(src));
        routes.push({ url, pattern, kind: "handler", methods, file: full });
      } else if (/^(opengraph-image|twitter-image|icon|apple-icon)\.(tsx|ts|jsx|js|png|jpg)$/.test(entry.name)) {
        const name = entry.name.split(".")[0];
        routes.push({ url: url + "/" + name, pattern: pattern + "/" + name, kind: "handler", methods: ["GET"], file: full });
      }
    }
  };
  walk(appDir, []);
  return routes;
}

const routes = discoverRoutes();
const protectedPages = routes.filter((r) => r.kind === "page" && !PUBLIC.has(r.pattern));
const protectedHandlers = routes.filter((r) => r.kind === "handler" && !PUBLIC.has(r.pattern));

let server: TestServer;
let admin: Client;
let revokedToken: string;

beforeAll(async () => {
  server = await startServer();
  admin = await setUpAdmin(server.url, { addExample: true });
  const created = await admin.fetch("/api/console/tokens", { method: "POST", json: { name: "to revoke" } });
  const body = await created.json();
  revokedToken = body.token;
  expect((await admin.fetch(`/api/console/tokens/${body.id}`, { method: "DELETE" })).status).toBe(204);
  // A token of a real user, for a sanity check that the 401s below are about credentials.
  runCli(["user:create", "--email", "rep@acme.test", "--password", "a long passphrase", "--name", "Rep"], { DATABASE_PATH: server.dbPath });
});

afterAll(async () => {
  await server?.stop();
});

describe("the route list read from app/", () => {
  it("finds the routes that exist today (the walker cannot silently find nothing)", () => {
    const patterns = routes.map((r) => r.pattern);
    for (const p of ["/", "/settings", "/team", "/prospects", "/prospects/[id]", "/login", "/setup", "/[slug]", "/api/v1/me", "/api/v1/prospects", "/api/console/tokens", "/api/auth/login"]) {
      expect(patterns).toContain(p);
    }
    expect(protectedPages.length).toBeGreaterThanOrEqual(5);
    expect(protectedHandlers.length).toBeGreaterThanOrEqual(8);
  });

  it("every route handler exports at least one method", () => {
    for (const r of routes.filter((r) => r.kind === "handler" && !r.file.match(/image\./))) expect(r.methods.length, r.file).toBeGreaterThan(0);
  });

  it("names only routes that exist in PUBLIC", () => {
    const patterns = new Set(routes.map((r) => r.pattern));
    for (const p of PUBLIC) expect(patterns, p).toContain(p);
  });
});

describe("console pages without a valid session", () => {
  it.each(protectedPages.map((r) => [r.pattern, r.url]))("%s redirects to sign-in", async (_pattern, url) => {
    for (const cookie of [undefined, "rb_session=forged-session-token"]) {
      const res = await fetch(server.url + url, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
      expect([303, 307, 308], `${url} with ${cookie ?? "no cookie"}`).toContain(res.status);
      expect(new URL(res.headers.get("location")!, server.url).pathname).toBe("/login");
    }
  });
});

describe("endpoints without valid credentials", () => {
  const cases = protectedHandlers.flatMap((r) => r.methods.filter((m) => m !== "HEAD").map((m) => [`${m} ${r.pattern}`, m, r.url] as const));

  it.each(cases)("%s answers 401 with the error shape", async (_name, method, url) => {
    const attempts: Record<string, string>[] = [
      {},
      { Cookie: "rb_session=forged-session-token" },
      { Authorization: "Bearer rbk_forged-token-value" },
      { Authorization: `Bearer ${revokedToken}` },
    ];
    for (const headers of attempts) {
      const res = await fetch(server.url + url, {
        method,
        redirect: "manual",
        headers: { ...headers, "Content-Type": "application/json", Origin: server.url },
        body: method === "GET" ? undefined : "{}",
      });
      expect(res.status, `${method} ${url} with ${JSON.stringify(headers)}`).toBe(401);
      const body = await res.json();
      expect(body.error.code).toBe("unauthorized");
      expect(typeof body.error.message).toBe("string");
    }
  });

  it("a signed-in session is not an API token, and a token is not a session", async () => {
    expect((await admin.fetch("/api/v1/me")).status).toBe(401);
    const created = await admin.fetch("/api/console/tokens", { method: "POST", json: { name: "check" } });
    const { token } = await created.json();
    expect((await fetch(server.url + "/api/v1/me", { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(server.url + "/api/console/tokens", { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});
