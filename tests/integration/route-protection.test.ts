/**
 * Every page and route handler under app/ is protected unless it is on the short PUBLIC list below.
 * The routes are found by walking app/, so a new route that forgets to check who is asking fails
 * here without anyone having to remember to add a test for it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { enumerateRoutes, exportedMethods, patternOf, urlFor, type Found } from "../support/routes";
import { setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

/** Route patterns (as derived from app/) that anyone may call. Keep this list short and explicit. */
const PUBLIC = new Set([
  "/login", // the sign-in page
  "/setup", // first-run setup (redirects to /login once set up)
  "/[slug]", // a prospect's page
  "/privacy", // what the pages record, for prospects
  "/og/[slug]", // a prospect page's link-preview image
  "/uploads/[name]", // videos, PDFs, photos and logos shown on prospects' pages
  "/api/collect", // the prospect page's visit beacon
  "/api/v1/openapi.json", // the API's OpenAPI document: what it accepts and answers, nothing secret (tools fetch it without a token)
  "/api/auth/login",
  "/api/auth/logout",
  "/api/auth/setup",
]);

/** What exists today; the walker must find at least these, so it cannot silently find nothing. */
const KNOWN_PAGES = ["/", "/settings", "/team", "/prospects", "/prospects/new", "/prospects/import", "/prospects/[id]", "/plays", "/plays/new", "/plays/[id]", "/plays/preview", "/voicemails", "/scripts", "/call", "/experiments", "/experiments/new", "/experiments/[id]", "/reports", "/campaigns", "/campaigns/[id]", "/login", "/setup", "/privacy", "/[slug]"];
const KNOWN_HANDLERS: Record<string, string[]> = {
  "/api/auth/login": ["POST"],
  "/api/auth/logout": ["POST"],
  "/api/auth/setup": ["POST"],
  "/api/console/profile": ["GET", "PATCH"],
  "/api/console/tokens": ["GET", "POST"],
  "/api/console/tokens/[id]": ["DELETE"],
  "/api/console/users": ["GET", "POST"],
  "/api/console/users/[id]/password": ["POST"],
  "/api/console/password": ["POST"],
  "/api/console/sessions": ["GET", "DELETE"],
  "/api/console/sessions/[id]": ["DELETE"],
  "/api/console/workspace": ["GET", "PATCH"],
  "/api/console/webhooks": ["GET", "POST"],
  "/api/console/webhooks/[id]": ["DELETE"],
  "/api/console/webhooks/[id]/test": ["POST"],
  "/api/console/webhooks/[id]/deliveries": ["GET"],
  "/api/console/alerts/test-email": ["POST"],
  "/api/v1/me": ["GET"],
  "/api/v1/alerts": ["GET"],
  "/api/console/alerts/stream": ["GET"],
  "/api/console/alerts/preferences": ["GET", "PATCH"],
  "/api/console/prospects/[id]/outcomes": ["POST"],
  "/api/console/voicemails/[id]/recording": ["GET", "PUT"],
  "/api/console/experiments": ["POST"],
  "/api/console/reports/export": ["GET"],
  "/api/console/experiments/[id]/stop": ["POST"],
  "/api/console/experiments/[id]/export": ["GET"],
  "/api/v1/experiments": ["GET", "POST"],
  "/api/v1/experiments/[id]": ["GET"],
  "/api/v1/experiments/[id]/results": ["GET"],
  "/api/v1/experiments/[id]/stop": ["POST"],
  "/api/v1/experiments/[id]/export": ["GET"],
  "/api/console/prospects/[id]/mute": ["PUT"],
  "/api/console/prospects/[id]/campaign-email": ["POST"],
  "/api/console/campaigns": ["POST"],
  "/api/console/campaigns/[id]": ["PATCH", "DELETE"],
  "/api/console/campaigns/[id]/enrolments": ["POST"],
  "/api/console/campaigns/[id]/enrolments/[prospectId]": ["PATCH", "DELETE"],
  "/api/console/holidays": ["PUT"],
  "/api/v1/campaigns": ["GET", "POST"],
  "/api/v1/campaigns/[id]": ["GET", "PATCH", "DELETE"],
  "/api/v1/campaigns/[id]/enrolments": ["POST"],
  "/api/v1/campaigns/[id]/enrolments/[prospectId]": ["DELETE"],
  "/api/v1/prospects": ["GET", "POST"],
  "/api/v1/imports": ["POST"],
  "/api/v1/exports/prospects": ["GET"],
  "/api/console/imports": ["POST"],
  "/api/console/exports/prospects": ["GET"],
  "/api/v1/prospects/[id]": ["GET", "PATCH", "DELETE"],
  "/api/v1/prospects/[id]/visits": ["GET"],
  "/api/v1/prospects/[id]/voicemails": ["GET", "POST"],
  "/api/v1/lookup": ["GET"],
  "/api/v1/openapi.json": ["GET"],
  "/api/v1/plays": ["GET", "POST"],
  "/api/v1/scripts": ["GET", "POST"],
  "/api/v1/scripts/[id]": ["GET", "PATCH", "DELETE"],
  "/api/v1/prospects/[id]/script": ["GET"],
  "/api/v1/plays/[id]": ["GET", "PATCH", "DELETE"],
  "/api/console/plays": ["POST"],
  "/api/console/scripts": ["POST"],
  "/api/console/scripts/[id]": ["PATCH", "DELETE"],
  "/api/console/scripts/preview": ["POST"],
  "/api/console/plays/[id]": ["PATCH", "DELETE"],
  "/api/console/plays/[id]/duplicate": ["POST"],
  "/api/console/prospects": ["POST"],
  "/api/console/prospects/[id]": ["PATCH", "DELETE"],
  "/api/console/uploads": ["POST"],
  "/api/console/images": ["POST"],
  "/api/collect": ["POST"],
  "/og/[slug]": ["GET"],
  "/uploads/[name]": ["GET", "HEAD"],
};

const SESSION = "rb_session";
const BOGUS_SESSION = "bogus-session-token-that-was-never-issued-0123456789";
const BOGUS_TOKEN = "rbk_bogusTokenThatWasNeverIssued0123456789";

const routes = enumerateRoutes();
const isPublic = (r: Found) => PUBLIC.has(r.pattern);
const protectedPages = routes.filter((r) => r.kind === "page" && !isPublic(r));
const publicPages = routes.filter((r) => r.kind === "page" && isPublic(r));
const handlers = routes.filter((r) => r.kind === "handler");
/** One case per protected (route, method). */
const protectedCalls = handlers.filter((r) => !isPublic(r)).flatMap((r) => r.methods.map((method) => ({ method, pattern: r.pattern, file: r.file, url: urlFor(r.pattern) })));
const apiV1Calls = protectedCalls.filter((c) => c.pattern.startsWith("/api/v1/"));
const consoleCalls = protectedCalls.filter((c) => !c.pattern.startsWith("/api/v1/"));

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Asserts the one error shape with 401 unauthorized. */
async function expect401(res: Response, what: string) {
  expect(res.status, what).toBe(401);
  expect(res.headers.get("content-type"), what).toMatch(/^application\/json/);
  expect(await res.json(), what).toEqual({ error: { code: "unauthorized", message: expect.any(String), fields: expect.any(Object) } });
}

/** Calls a handler as an attacker would, with a JSON body for writes so only the guard stands in the way. */
function call(c: { method: string; url: string }, headers: Record<string, string> = {}) {
  const write = c.method !== "GET" && c.method !== "HEAD";
  return fetch(server.url + c.url, {
    method: c.method,
    redirect: "manual",
    headers: { ...(write ? { "Content-Type": "application/json", Origin: server.url } : {}), ...headers },
    body: write ? JSON.stringify({ name: "x", email: "x@acme.test", password: "a long password!", companyName: "X" }) : undefined,
  });
}

async function expectRedirectTo(res: Response, pathname: string, what: string) {
  expect([303, 307], `${what}: status ${res.status}`).toContain(res.status);
  const loc = new URL(res.headers.get("location") ?? "", server.url);
  expect(loc.origin, what).toBe(server.url);
  expect(loc.pathname, what).toBe(pathname);
}

describe("the route walker", () => {
  it("finds every page that exists today", () => {
    expect(routes.filter((r) => r.kind === "page").map((r) => r.pattern)).toEqual(expect.arrayContaining(KNOWN_PAGES));
  });

  it("finds every route handler that exists today, with its methods", () => {
    for (const [pattern, methods] of Object.entries(KNOWN_HANDLERS)) {
      const found = handlers.find((r) => r.pattern === pattern);
      expect(found, pattern).toBeDefined();
      expect(found!.methods, pattern).toEqual(expect.arrayContaining(methods));
    }
  });

  it("reads the methods of every route handler (none exports nothing we recognise)", () => {
    for (const r of handlers) expect(r.methods.length, `${r.file} exports no GET/POST/PUT/PATCH/DELETE we can see`).toBeGreaterThan(0);
  });

  it("keeps route groups and private folders out of URLs", () => {
    expect(routes.every((r) => !/\/\(|\/_/.test(r.pattern))).toBe(true);
    expect(routes.some((r) => r.file.includes("(console)"))).toBe(true);
    expect(patternOf(path.join("(console)", "team"))).toBe("/team");
    expect(patternOf(path.join("_components", "x"))).toBeNull();
    expect(urlFor("/api/console/tokens/[id]")).toBe("/api/console/tokens/dummy-value");
  });

  it("reads every way a handler can export a method", () => {
    const source = [
      "export const GET = withSession(() => 1);",
      "export async function POST(req) {}",
      "export function PUT() {}",
      "const del = () => 1; export { del as DELETE, helper };",
    ].join("\n");
    expect(exportedMethods(source)).toEqual(["GET", "POST", "PUT", "DELETE"]);
    expect(exportedMethods("export const GETTER = 1; export function POSTAL() {}")).toEqual([]);
  });

  it("lists only routes that exist as public", () => {
    for (const p of PUBLIC) expect(routes.map((r) => r.pattern), `PUBLIC lists ${p}, which no longer exists`).toContain(p);
  });
});

describe("before setup", () => {
  it.each(protectedPages.map((r) => [r.pattern, r]))("page %s sends the first visitor to /setup", async (_p, r) => {
    const res = await fetch(server.url + urlFor(r.pattern), { redirect: "manual" });
    await expectRedirectTo(res, "/setup", r.file);
  });

  it.each(protectedCalls.map((c) => [`${c.method} ${c.pattern}`, c]))("%s answers 401", async (what, c) => {
    await expect401(await call(c), what);
  });
});

describe("after setup", () => {
  let admin: Client;
  let liveToken: string;
  let revokedToken: string;

  beforeAll(async () => {
    admin = await setUpAdmin(server.url, { addExample: false });
    const make = async (name: string) => {
      const res = await admin.fetch("/api/console/tokens", { method: "POST", json: { name } });
      if (res.status !== 201) throw new Error(`creating a token: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string; token: string };
    };
    liveToken = (await make("live")).token;
    const revoked = await make("revoked");
    const res = await admin.fetch(`/api/console/tokens/${revoked.id}`, { method: "DELETE" });
    if (res.status !== 204) throw new Error(`revoking a token: ${res.status}`);
    revokedToken = revoked.token;
  });

  describe("protected pages", () => {
    it.each(protectedPages.map((r) => [r.pattern, r]))("%s redirects to /login without a session cookie", async (_p, r) => {
      await expectRedirectTo(await fetch(server.url + urlFor(r.pattern), { redirect: "manual" }), "/login", r.file);
    });

    it.each(protectedPages.map((r) => [r.pattern, r]))("%s redirects to /login with a bogus session cookie", async (_p, r) => {
      const res = await fetch(server.url + urlFor(r.pattern), { redirect: "manual", headers: { Cookie: `${SESSION}=${BOGUS_SESSION}` } });
      await expectRedirectTo(res, "/login", r.file);
    });

    it.each(protectedPages.map((r) => [r.pattern, r]))("%s redirects to /login with only an API token", async (_p, r) => {
      const res = await fetch(server.url + urlFor(r.pattern), { redirect: "manual", headers: { Authorization: `Bearer ${liveToken}` } });
      await expectRedirectTo(res, "/login", r.file);
    });

    it.each(protectedPages.map((r) => [r.pattern, r]))("%s lets a signed-in admin in (so the checks above can tell)", async (_p, r) => {
      const res = await admin.fetch(urlFor(r.pattern));
      const to = res.headers.get("location");
      expect(to === null || new URL(to, server.url).pathname !== "/login", `${r.file} sent the admin to ${to}`).toBe(true);
      expect(res.status, r.file).toBeLessThan(500);
    });
  });

  describe("public pages", () => {
    it.each(publicPages.map((r) => [r.pattern, r]))("%s answers a visitor without a session, without a 5xx", async (_p, r) => {
      const res = await fetch(server.url + urlFor(r.pattern), { redirect: "manual" });
      expect(res.status, r.file).toBeLessThan(500);
    });

    it("serve the sign-in page and a prospect's generic page to anyone", async () => {
      expect((await fetch(server.url + "/login", { redirect: "manual" })).status).toBe(200);
      const unknown = await fetch(server.url + "/no-such-prospect", { redirect: "manual" });
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toContain("Hello there,");
    });

    it("serves no example page when setup did not ask for one", async () => {
      expect((await fetch(server.url + "/rob-mason")).status).toBe(404);
    });
  });

  describe("protected route handlers", () => {
    it.each(protectedCalls.map((c) => [`${c.method} ${c.pattern}`, c]))("%s answers 401 without credentials", async (what, c) => {
      await expect401(await call(c), what);
    });

    it.each(protectedCalls.map((c) => [`${c.method} ${c.pattern}`, c]))("%s answers 401 with a bogus session cookie", async (what, c) => {
      await expect401(await call(c, { Cookie: `${SESSION}=${BOGUS_SESSION}` }), what);
    });

    it.each(protectedCalls.map((c) => [`${c.method} ${c.pattern}`, c]))("%s answers 401 with a bogus bearer token", async (what, c) => {
      await expect401(await call(c, { Authorization: `Bearer ${BOGUS_TOKEN}` }), what);
    });
  });

  describe("/api/v1 handlers", () => {
    it("exist (so the checks below check something)", () => {
      expect(apiV1Calls.length).toBeGreaterThan(0);
    });

    it.each(apiV1Calls.map((c) => [`${c.method} ${c.pattern}`, c]))("%s answers 401 to a revoked token", async (what, c) => {
      await expect401(await call(c, { Authorization: `Bearer ${revokedToken}` }), what);
    });

    it.each(apiV1Calls.map((c) => [`${c.method} ${c.pattern}`, c]))("%s answers 401 to a valid session cookie without a token (no CSRF)", async (what, c) => {
      await expect401(await call(c, { Cookie: `${SESSION}=${admin.cookies.get(SESSION)}` }), what);
    });

    it("accept the live token (so the checks above can tell)", async () => {
      const res = await fetch(server.url + "/api/v1/me", { headers: { Authorization: `Bearer ${liveToken}` } });
      expect(res.status).toBe(200);
    });
  });

  describe("console handlers", () => {
    it.each(consoleCalls.map((c) => [`${c.method} ${c.pattern}`, c]))("%s answers 401 to a valid API token (tokens are for /api/v1 only)", async (what, c) => {
      await expect401(await call(c, { Authorization: `Bearer ${liveToken}` }), what);
    });
  });
});
