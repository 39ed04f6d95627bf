import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, Client, setUpAdmin, signIn, startServer, type TestServer } from "../support/server";

describe("first-run setup", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server?.stop());

  it("sends every console page to setup while there is no user", async () => {
    for (const p of ["/", "/settings", "/login"]) {
      const res = await fetch(server.url + p, { redirect: "manual" });
      expect(res.status).toBe(307);
      expect(new URL(res.headers.get("location")!, server.url).pathname).toBe("/setup");
    }
    expect((await fetch(server.url + "/setup")).status).toBe(200);
  });

  it("answers bad input with field errors and creates nothing", async () => {
    const c = new Client(server.url);
    const res = await c.fetch("/api/auth/setup", { method: "POST", json: { companyName: "", name: "Ada", email: "not-an-email", password: "short" } });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe("invalid_input");
    expect(Object.keys(error.fields).sort()).toEqual(["companyName", "email", "password"]);
    expect(c.cookies.size).toBe(0);
    expect((await fetch(server.url + "/", { redirect: "manual" })).headers.get("location")).toMatch(/\/setup$/);
  });

  it("a plain form post with an error goes back to the form with a known code", async () => {
    const res = await fetch(server.url + "/api/auth/setup", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: "companyName=&name=&email=x&password=y",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/setup?error=invalid_input");
  });

  it("creates the first admin, signs them in, and adds the example page", async () => {
    const admin = await setUpAdmin(server.url);
    const cookie = [...admin.cookies.keys()];
    expect(cookie).toEqual(["rb_session"]);
    const home = await admin.fetch("/");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Rob");
    expect((await fetch(server.url + "/rob-mason")).status).toBe(200);
  });

  it("cannot run twice", async () => {
    const res = await new Client(server.url).fetch("/api/auth/setup", { method: "POST", json: { ...ADMIN, email: "mallory@evil.test" } });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("already_set_up");
    const page = await fetch(server.url + "/setup", { redirect: "manual" });
    expect(new URL(page.headers.get("location")!, server.url).pathname).toBe("/login");
  });
});

describe("signing in and out", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: "3", LOGIN_MAX_FAILURES_PER_CLIENT: "8", LOGIN_THROTTLE_WINDOW_MINUTES: "5" } });
    await setUpAdmin(server.url, { addExample: false });
  });
  afterAll(async () => server?.stop());

  it("sets an httpOnly, SameSite session cookie on the right password", async () => {
    const res = await fetch(server.url + "/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.url },
      body: JSON.stringify({ email: "ADA@acme.test ", password: ADMIN.password, next: "/settings" }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).redirect).toBe("/settings");
    const cookie = res.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^rb_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Expires=/i);
  });

  it("works as a plain form post too", async () => {
    const ok = await fetch(server.url + "/api/auth/login", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({ email: ADMIN.email, password: ADMIN.password, next: "/prospects" }).toString(),
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/prospects");
  });

  it("never redirects off-site after sign-in", async () => {
    for (const next of ["//evil.example/x", "https://evil.example", "/\\evil.example"]) {
      const res = await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: ADMIN.email, password: ADMIN.password, next } });
      expect((await res.json()).redirect).toBe("/");
    }
  });

  it("refuses a sign-in posted from another site", async () => {
    const res = await fetch(server.url + "/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "http://evil.example" },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("says the same for a wrong password and an unknown account", async () => {
    const wrong = await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: ADMIN.email, password: "whatever it is" } });
    const unknown = await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: "ghost@acme.test", password: "whatever it is" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).error).toEqual((await unknown.json()).error);
  });

  it("a wrong password by form goes back to sign-in with the error", async () => {
    const res = await fetch(server.url + "/api/auth/login", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({ email: "someone-else@acme.test", password: "nope nope nope" }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/login\?.*error=invalid_credentials/);
    const page = await fetch(server.url + res.headers.get("location")!);
    expect(await page.text()).toContain("That e-mail and password do not match an account.");
  });

  it("signs out: the cookie is cleared and the old session no longer works", async () => {
    const c = await signIn(server.url, ADMIN.email, ADMIN.password);
    const token = c.cookies.get("rb_session")!;
    expect((await c.fetch("/settings")).status).toBe(200);
    const out = await c.fetch("/api/auth/logout", { method: "POST", json: {} });
    expect(out.status).toBe(200);
    expect(c.cookies.size).toBe(0);
    const replay = await fetch(server.url + "/settings", { redirect: "manual", headers: { Cookie: `rb_session=${token}` } });
    expect(replay.status).toBe(307);
    const api = await fetch(server.url + "/api/console/tokens", { headers: { Cookie: `rb_session=${token}` } });
    expect(api.status).toBe(401);
  });

  it("throttles an account after repeated failures, even for the right password, then tells when to retry", async () => {
    const email = "throttled@acme.test";
    const admin = await signIn(server.url, ADMIN.email, ADMIN.password);
    expect((await admin.fetch("/api/console/users", { method: "POST", json: { email, name: "T", password: "the right password" } })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      expect((await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email, password: `wrong ${i} guess` } })).status).toBe(401);
    }
    const blocked = await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email, password: "the right password" } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await blocked.json()).error.code).toBe("throttled");
    // Another account from the same client is not locked by this one's failures (until the client limit).
    expect((await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: ADMIN.email, password: ADMIN.password } })).status).toBe(200);
  });

  it("throttles a client guessing across many accounts", async () => {
    let last = 0;
    for (let i = 0; i < 10; i++) {
      last = (await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: `guess${i}@acme.test`, password: "password guess" } })).status;
    }
    expect(last).toBe(429);
    const even = await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: ADMIN.email, password: ADMIN.password } });
    expect(even.status).toBe(429);
  });
});

describe("reps, admins and tokens", () => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startServer();
    admin = await setUpAdmin(server.url, { addExample: false });
  });
  afterAll(async () => server?.stop());

  it("an admin adds a rep; field errors and duplicates are clear; a rep cannot add anyone", async () => {
    const bad = await admin.fetch("/api/console/users", { method: "POST", json: { email: "x", name: "", password: "1" } });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["email", "name", "password"]);
    const ok = await admin.fetch("/api/console/users", { method: "POST", json: { email: "sam@acme.test", name: "Sam Rep", password: "sams first password" } });
    expect(ok.status).toBe(201);
    const sam = await ok.json();
    expect(sam.role).toBe("rep");
    expect(JSON.stringify(sam)).not.toMatch(/password/i);
    const dup = await admin.fetch("/api/console/users", { method: "POST", json: { email: "SAM@acme.test", name: "Sam 2", password: "another password" } });
    expect(dup.status).toBe(409);
    const rep = await signIn(server.url, "sam@acme.test", "sams first password");
    expect((await rep.fetch("/api/console/users", { method: "POST", json: { email: "x@acme.test", name: "X", password: "xxxxxxxxxxxx" } })).status).toBe(403);
    const team = await rep.fetch("/team");
    expect(team.status).toBe(307);
  });

  it("an admin resets a rep's password: old sessions end, the old password fails, the new one works", async () => {
    const users = (await (await admin.fetch("/api/console/users")).json()).data as { id: string; email: string }[];
    const sam = users.find((u) => u.email === "sam@acme.test")!;
    const samSession = await signIn(server.url, "sam@acme.test", "sams first password");
    const reset = await admin.fetch(`/api/console/users/${sam.id}/password`, { method: "POST", json: { password: "a brand new password" } });
    expect(reset.status).toBe(204);
    expect((await samSession.fetch("/api/console/tokens")).status).toBe(401);
    await expect(signIn(server.url, "sam@acme.test", "sams first password")).rejects.toThrow(/401/);
    await signIn(server.url, "sam@acme.test", "a brand new password");
    expect((await admin.fetch(`/api/console/users/usr_nobody/password`, { method: "POST", json: { password: "a brand new password" } })).status).toBe(404);
  });

  it("a rep's API token: shown once, acts as the rep, records its use, and stops at revocation", async () => {
    const sam = await signIn(server.url, "sam@acme.test", "a brand new password");
    expect((await sam.fetch("/api/console/tokens", { method: "POST", json: { name: "" } })).status).toBe(422);
    const created = await sam.fetch("/api/console/tokens", { method: "POST", json: { name: "HubSpot" } });
    expect(created.status).toBe(201);
    const { id, token, hint } = await created.json();
    expect(token).toMatch(/^rbk_[A-Za-z0-9_-]{30,}$/);
    expect(token.startsWith(hint)).toBe(true);
    const listed = JSON.stringify(await (await sam.fetch("/api/console/tokens")).json());
    expect(listed).not.toContain(token);

    const me = await fetch(server.url + "/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    const body = await me.json();
    expect(body.email).toBe("sam@acme.test");
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|password_hash/);
    const used = ((await (await sam.fetch("/api/console/tokens")).json()).data as { id: string; lastUsedAt: number | null }[]).find((t) => t.id === id)!;
    expect(used.lastUsedAt).toBeGreaterThan(0);

    // Another user cannot revoke it.
    expect((await admin.fetch(`/api/console/tokens/${id}`, { method: "DELETE" })).status).toBe(404);
    expect((await sam.fetch(`/api/console/tokens/${id}`, { method: "DELETE" })).status).toBe(204);
    const after = await fetch(server.url + "/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toMatch(/Bearer/);
    expect((await after.json()).error.code).toBe("unauthorized");
  });

  it("rejects malformed and wrong bearer headers", async () => {
    for (const h of ["Bearer", "Bearer ", "Basic abc", "Bearer rbk_wrong", `Bearer ${"x".repeat(5000)}`]) {
      const res = await fetch(server.url + "/api/v1/me", { headers: { Authorization: h } });
      expect(res.status, h.slice(0, 20)).toBe(401);
    }
  });

  it("validates profile and workspace changes; only an admin changes the workspace", async () => {
    const bad = await admin.fetch("/api/console/profile", { method: "PATCH", json: { calendarUrl: "javascript:alert(1)" } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.calendarUrl).toBeTruthy();
    const ok = await admin.fetch("/api/console/profile", { method: "PATCH", json: { title: "Head of Sales", calendarUrl: "https://cal.example.com/ada" } });
    expect(ok.status).toBe(200);
    const sam = await signIn(server.url, "sam@acme.test", "a brand new password");
    expect((await sam.fetch("/api/console/workspace", { method: "PATCH", json: { companyName: "Hijacked" } })).status).toBe(403);
    expect((await admin.fetch("/api/console/workspace", { method: "PATCH", json: { brandColor: "red" } })).status).toBe(422);
    expect((await admin.fetch("/api/console/workspace", { method: "PATCH", json: { companyName: "Acme Inc" } })).status).toBe(200);
  });
});
