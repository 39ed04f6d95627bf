/**
 * Cross-site request forgery, probed on every cookie-authenticated write under app/ (found by
 * walking it, so a new route is probed without anyone adding it): with a valid session cookie, a
 * request without any origin signal, with `Origin: null`, from a foreign origin, a foreign Referer,
 * `Sec-Fetch-Site: cross-site`, and the body types a foreign form can send without a preflight
 * (text/plain, urlencoded, multipart) is refused, and the database is exactly as it was.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enumerateRoutes, urlFor } from "../support/routes";
import { ADMIN, setUpAdmin, startServer, type Client, type TestServer } from "../support/server";
import { withServerDb } from "../support/server-db";

let server: TestServer;
let admin: Client;
let cookie: string;

const WRITES = ["POST", "PUT", "PATCH", "DELETE"];
const calls = enumerateRoutes()
  .filter((r) => r.kind === "handler" && (r.pattern.startsWith("/api/console/") || r.pattern.startsWith("/api/auth/")))
  .flatMap((r) => r.methods.filter((m) => WRITES.includes(m)).map((method) => ({ method, pattern: r.pattern })));

/**
 * Everything stored, hashed; sessions are left out (using one slides its expiry). Each table's rows
 * are sorted by their JSON text, so the hash does not depend on the order a database returns them in
 * (PostgreSQL's changes after an UPDATE, even one that changes nothing).
 */
function fingerprint(): Promise<string> {
  return withServerDb(server, async (db) => {
    const h = createHash("sha256");
    const tables = (await db.tables()).filter((t) => t !== "sessions");
    // A hash of no tables at all would match itself whatever the probes did.
    expect(tables).toEqual(expect.arrayContaining(["prospects", "users", "api_tokens", "webhooks"]));
    for (const t of tables) {
      const rows = (await db.all(`SELECT * FROM "${t}"`)).map((r) => JSON.stringify(r)).sort();
      h.update(t + JSON.stringify(rows));
    }
    return h.digest("hex");
  });
}

function sessionCount(): Promise<number> {
  return withServerDb(server, async (db) => (await db.get<{ n: number }>("SELECT count(*) AS n FROM sessions"))!.n);
}

const FOREIGN = "https://evil.example";
const JSON_BODY = JSON.stringify({ name: "x", email: "x@evil.example", password: "a long passphrase", firstName: "Eve", url: "https://evil.example/hook", events: ["visit.started"] });

type Probe = { name: string; headers: Record<string, string>; body?: BodyInit };
const PROBES: Probe[] = [
  { name: "no Origin, no Sec-Fetch-Site, no Referer", headers: { "Content-Type": "application/json" }, body: JSON_BODY },
  { name: "Origin: null", headers: { Origin: "null", "Content-Type": "application/json" }, body: JSON_BODY },
  { name: "foreign Origin", headers: { Origin: FOREIGN, "Content-Type": "application/json" }, body: JSON_BODY },
  { name: "foreign Origin on another port of this host", headers: { Origin: "http://127.0.0.1:1", "Content-Type": "application/json" }, body: JSON_BODY },
  { name: "Sec-Fetch-Site: cross-site", headers: { "Sec-Fetch-Site": "cross-site", "Content-Type": "application/json" }, body: JSON_BODY },
  { name: "Sec-Fetch-Site: same-site (a sibling subdomain)", headers: { "Sec-Fetch-Site": "same-site", "Content-Type": "application/json" }, body: JSON_BODY },
  { name: "foreign Referer", headers: { Referer: `${FOREIGN}/attack`, "Content-Type": "application/json" }, body: JSON_BODY },
  { name: "text/plain from a foreign form", headers: { Origin: FOREIGN, "Content-Type": "text/plain" }, body: JSON_BODY },
  { name: "urlencoded from a foreign form", headers: { Origin: FOREIGN, "Content-Type": "application/x-www-form-urlencoded" }, body: "email=x%40evil.example&password=a+long+passphrase" },
  { name: "multipart from a foreign form", headers: { Origin: FOREIGN }, body: (() => { const f = new FormData(); f.set("email", "x@evil.example"); return f; })() },
];

beforeAll(async () => {
  server = await startServer();
  admin = await setUpAdmin(server.url);
  cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
});
afterAll(async () => {
  await server?.stop();
});

describe("CSRF probes on every cookie-authenticated write", () => {
  it("finds the routes to probe", () => {
    expect(calls.length).toBeGreaterThan(15);
    expect(calls).toContainEqual({ method: "POST", pattern: "/api/console/users" });
    expect(calls).toContainEqual({ method: "POST", pattern: "/api/auth/login" });
  });

  it("refuses every probe with 403 and changes nothing", async () => {
    const before = await fingerprint();
    const sessions = await sessionCount();
    const accepted: string[] = [];
    for (const { method, pattern } of calls) {
      for (const probe of PROBES) {
        const res = await fetch(server.url + urlFor(pattern), { method, headers: { Cookie: cookie, ...probe.headers }, body: method === "DELETE" ? undefined : probe.body, redirect: "manual" });
        const location = res.headers.get("location") ?? "";
        // The sign-in and setup forms answer a plain form's refusal with a 303 back to the form, marked cross_origin.
        const refused = res.status === 403 || (res.status === 303 && location.includes("error=cross_origin"));
        if (!refused) accepted.push(`${method} ${pattern} — ${probe.name}: ${res.status} ${location}`);
      }
    }
    expect(accepted).toEqual([]);
    expect(await fingerprint()).toBe(before);
    expect(await sessionCount()).toBe(sessions);
    // The session still works: a forged sign-out did not end it.
    expect((await admin.fetch("/api/console/profile")).status).toBe(200);
  });

  it("a forged sign-in with the right password from a foreign page gets no session (login CSRF)", async () => {
    const sessions = await sessionCount();
    for (const headers of [{ Origin: FOREIGN }, { Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }, {}] as Record<string, string>[]) {
      const res = await fetch(server.url + "/api/auth/login", { method: "POST", headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, body: `email=${encodeURIComponent(ADMIN.email)}&password=${encodeURIComponent(ADMIN.password)}`, redirect: "manual" });
      expect(res.headers.getSetCookie().filter((c) => /session=[^;]/.test(c)), JSON.stringify(headers)).toEqual([]);
    }
    expect(await sessionCount()).toBe(sessions);
  });

  it("console endpoints take JSON even from their own pages: a form-typed body is 415", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await admin.fetch("/api/console/users", { method: "POST", headers: { "Content-Type": type }, body: JSON_BODY });
      expect(res.status, type).toBe(415);
      expect((await res.json()).error.code).toBe("unsupported_media_type");
    }
    // Its own pages, as browsers send them, still work: Origin, or only Sec-Fetch-Site: same-origin.
    const ok = await fetch(server.url + "/api/console/tokens", { method: "POST", headers: { Cookie: cookie, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json" }, body: JSON.stringify({ name: "same origin" }) });
    expect(ok.status).toBe(201);
  });
});
