/**
 * First-run setup, signing in and out, sign-in throttling, and the guards around them
 * (same-origin checks, the `next` return path), against a real production server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, Client, setUpAdmin, signIn, startServer, type TestServer } from "../support/server";

const SESSION = "rb_session";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Asserts the one error shape, `{ error: { code, message, fields } }`, and returns `error`. */
async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = await res.json();
  expect(body).toEqual({ error: { code, message: expect.any(String), fields: expect.any(Object) } });
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error as { code: string; message: string; fields: Record<string, string> };
}

/** The `Location` header as path + query (the server sends relative locations). */
function location(res: Response): string {
  const loc = res.headers.get("location");
  expect(loc, `status ${res.status} has no Location`).toBeTruthy();
  const u = new URL(loc!, server.url);
  expect(u.origin).toBe(server.url);
  return u.pathname + u.search;
}

function sessionCookie(res: Response): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION}=`));
}

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

/** A client that carries someone else's (possibly stale) session cookie. */
function clientWithSession(token: string): Client {
  const c = new Client(server.url);
  c.cookies.set(SESSION, token);
  return c;
}

describe("first-run setup", () => {
  it("sends every page to /setup while there are no users", async () => {
    for (const path of ["/", "/settings", "/login"]) {
      const res = await fetch(server.url + path, { redirect: "manual" });
      expect(res.status, path).toBe(307);
      expect(location(res), path).toBe("/setup");
    }
    const setup = await fetch(server.url + "/setup", { redirect: "manual" });
    expect(setup.status).toBe(200);
    expect(await setup.text()).toContain("Set up Ringback");
  });

  it("rejects an empty setup with 422 and a message for every required field", async () => {
    const res = await new Client(server.url).fetch("/api/auth/setup", { method: "POST", json: {} });
    const error = await expectError(res, 422, "invalid_input");
    expect(Object.keys(error.fields).sort()).toEqual(["companyName", "email", "name", "password"]);
    for (const message of Object.values(error.fields)) expect(message).toMatch(/\S/);
  });

  it("names exactly the fields that are wrong", async () => {
    const res = await new Client(server.url).fetch("/api/auth/setup", {
      method: "POST",
      json: { ...ADMIN, email: "not-an-address", password: "short" },
    });
    const error = await expectError(res, 422, "invalid_input");
    expect(Object.keys(error.fields).sort()).toEqual(["email", "password"]);
    expect(error.fields.email).toMatch(/e-mail/i);
    expect(error.fields.password).toMatch(/at least 10 characters/i);
  });

  it("answers unreadable JSON with 400, not a stack trace", async () => {
    const res = await new Client(server.url).fetch("/api/auth/setup", {
      method: "POST",
      body: "{ not json",
      headers: { "Content-Type": "application/json" },
    });
    await expectError(res, 400, "invalid_body");
  });

  it("sends a plain form post with bad input back to /setup with an error code", async () => {
    const res = await new Client(server.url).fetch("/api/auth/setup", { method: "POST", body: form({ companyName: "Acme" }) });
    expect(res.status).toBe(303);
    expect(location(res)).toBe("/setup?error=invalid_input");
    expect(sessionCookie(res)).toBeUndefined();
  });

  it("refuses setup from another site", async () => {
    const res = await fetch(server.url + "/api/auth/setup", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "http://evil.example" },
      body: JSON.stringify({ ...ADMIN, email: "mallory@evil.example" }),
    });
    await expectError(res, 403, "cross_origin");
    expect(sessionCookie(res)).toBeUndefined();
  });

  it("has created nobody after the rejected attempts", async () => {
    const res = await fetch(server.url + "/", { redirect: "manual" });
    expect(location(res)).toBe("/setup");
  });

  it("creates the first admin, signs them in and adds the example page when asked", async () => {
    const client = new Client(server.url);
    const res = await client.fetch("/api/auth/setup", { method: "POST", json: { ...ADMIN, addExample: true } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, redirect: "/?welcome=1" });
    expect(sessionCookie(res)).toMatch(/HttpOnly/i);

    const home = await client.fetch("/?welcome=1");
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain("Welcome to Ringback");
    expect(html).toContain(ADMIN.name);

    const example = await fetch(server.url + "/rob-mason");
    expect(example.status).toBe(200);
    expect(await example.text()).toContain("Hi <!-- -->Rob");
  });

  it("refuses a second setup with 409 already_set_up and creates no second admin", async () => {
    const intruder = { ...ADMIN, email: "second@acme.test", password: "another long password" };
    const res = await new Client(server.url).fetch("/api/auth/setup", { method: "POST", json: intruder });
    await expectError(res, 409, "already_set_up");
    expect(sessionCookie(res)).toBeUndefined();

    const login = await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: intruder.email, password: intruder.password } });
    expect(login.status).toBe(401);
  });

  it("sends /setup to /login once set up", async () => {
    const res = await fetch(server.url + "/setup", { redirect: "manual" });
    expect(res.status).toBe(307);
    expect(location(res)).toBe("/login");
  });

  it("sends a visitor without a session from a console page to /login, remembering where they were", async () => {
    const res = await fetch(server.url + "/settings", { redirect: "manual" });
    expect(res.status).toBe(307);
    expect(location(res)).toBe("/login?next=%2Fsettings");
    const login = await fetch(server.url + "/login", { redirect: "manual" });
    expect(login.status).toBe(200);
  });
});

describe("sign-in", () => {
  it("with JSON: 200 with where to go, and an httpOnly SameSite=Lax session cookie that works", async () => {
    const client = new Client(server.url);
    const res = await client.fetch("/api/auth/login", { method: "POST", json: { email: ADMIN.email, password: ADMIN.password } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, redirect: "/" });

    const cookie = sessionCookie(res);
    expect(cookie).toBeDefined();
    const attrs = cookie!.split(";").map((s) => s.trim());
    const [pair, ...flags] = attrs;
    expect(pair).toMatch(new RegExp(`^${SESSION}=[A-Za-z0-9_-]{40,}$`));
    expect(flags).toContain("HttpOnly");
    expect(flags).toContain("SameSite=Lax");
    expect(flags).toContain("Path=/");
    // Plain http in tests: a Secure cookie would never come back.
    expect(flags).not.toContain("Secure");
    const expires = flags.find((f) => f.startsWith("Expires="));
    expect(Date.parse(expires!.slice("Expires=".length))).toBeGreaterThan(Date.now() + 86_400_000);

    const settings = await client.fetch("/settings");
    expect(settings.status).toBe(200);
    expect(await settings.text()).toContain(ADMIN.email);
  });

  it("takes the e-mail in any case and with stray spaces", async () => {
    const res = await new Client(server.url).fetch("/api/auth/login", {
      method: "POST",
      json: { email: `  ${ADMIN.email.toUpperCase()} `, password: ADMIN.password },
    });
    expect(res.status).toBe(200);
  });

  it("gives each sign-in its own session", async () => {
    const a = await signIn(server.url, ADMIN.email, ADMIN.password);
    const b = await signIn(server.url, ADMIN.email, ADMIN.password);
    expect(a.cookies.get(SESSION)).not.toBe(b.cookies.get(SESSION));
  });

  it("with a plain form post: 303 to `next`, with the session cookie", async () => {
    const client = new Client(server.url);
    const res = await client.fetch("/api/auth/login", {
      method: "POST",
      body: form({ email: ADMIN.email, password: ADMIN.password, next: "/settings" }),
    });
    expect(res.status).toBe(303);
    expect(location(res)).toBe("/settings");
    expect(sessionCookie(res)).toMatch(/HttpOnly/);
    expect((await client.fetch("/settings")).status).toBe(200);
  });

  it("with a plain form post and a wrong password: 303 back to /login with error=invalid_credentials", async () => {
    const res = await new Client(server.url).fetch("/api/auth/login", {
      method: "POST",
      body: form({ email: ADMIN.email, password: "wrong password!", next: "/team" }),
    });
    expect(res.status).toBe(303);
    const back = new URL(location(res), server.url);
    expect(back.pathname).toBe("/login");
    expect(back.searchParams.get("error")).toBe("invalid_credentials");
    expect(back.searchParams.get("next")).toBe("/team");
    expect(sessionCookie(res)).toBeUndefined();

    const page = await fetch(new URL(location(res), server.url));
    expect(await page.text()).toContain("That e-mail and password do not match an account.");
  });

  it("answers a wrong password and an unknown e-mail alike: 401 with the same message", async () => {
    const wrongPassword = await new Client(server.url).fetch("/api/auth/login", {
      method: "POST",
      json: { email: ADMIN.email, password: "not the password" },
    });
    const unknownEmail = await new Client(server.url).fetch("/api/auth/login", {
      method: "POST",
      json: { email: "nobody@acme.test", password: ADMIN.password },
    });
    expect(sessionCookie(wrongPassword)).toBeUndefined();
    expect(sessionCookie(unknownEmail)).toBeUndefined();
    const a = await expectError(wrongPassword, 401, "invalid_credentials");
    const b = await expectError(unknownEmail, 401, "invalid_credentials");
    expect(a).toEqual(b);
  });

  it("asks for the missing fields with 422", async () => {
    const res = await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: " ", password: "" } });
    const error = await expectError(res, 422, "invalid_input");
    expect(Object.keys(error.fields).sort()).toEqual(["email", "password"]);
  });

  it("refuses a sign-in posted from another site, even with the right password (login CSRF)", async () => {
    const res = await fetch(server.url + "/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "http://evil.example" },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    await expectError(res, 403, "cross_origin");
    expect(sessionCookie(res)).toBeUndefined();

    const viaForm = await fetch(server.url + "/api/auth/login", {
      method: "POST",
      redirect: "manual",
      headers: { Origin: "http://evil.example" },
      body: form({ email: ADMIN.email, password: ADMIN.password }),
    });
    expect(viaForm.status).toBe(303);
    expect(new URL(location(viaForm), server.url).searchParams.get("error")).toBe("cross_origin");
    expect(sessionCookie(viaForm)).toBeUndefined();

    // Without an Origin header, the browser's Sec-Fetch-Site still gives a cross-site post away.
    const noOrigin = await fetch(server.url + "/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Sec-Fetch-Site": "cross-site" },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    await expectError(noOrigin, 403, "cross_origin");
  });

  describe("the `next` return path never leads off-site", () => {
    const hostile = [
      "//evil.example",
      "//evil.example/settings",
      "https://evil.example/",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      " //evil.example",
      "javascript:alert(1)",
      // What a reviewer tries next: encoded and mixed slashes, scheme-relative tricks, odd whitespace.
      "///evil.example",
      "/\\/evil.example",
      "/%2F%2Fevil.example",
      "/%5Cevil.example",
      "%2F%2Fevil.example",
      "https:/\\evil.example",
      "http:evil.example",
      "/\u3000/evil.example",
      "/\u0000//evil.example",
      "data:text/html,<script>alert(1)</script>",
    ];

    it("sends next=//evil.example to / (JSON and form)", async () => {
      const json = await new Client(server.url).fetch("/api/auth/login", {
        method: "POST",
        json: { email: ADMIN.email, password: ADMIN.password, next: "//evil.example" },
      });
      expect(json.status).toBe(200);
      expect((await json.json()).redirect).toBe("/");

      const viaForm = await new Client(server.url).fetch("/api/auth/login", {
        method: "POST",
        body: form({ email: ADMIN.email, password: ADMIN.password, next: "//evil.example" }),
      });
      expect(viaForm.status).toBe(303);
      expect(viaForm.headers.get("location")).toBe("/");
    });

    it.each(hostile)("JSON sign-in with next=%j redirects on-site", async (next) => {
      const res = await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: ADMIN.email, password: ADMIN.password, next } });
      expect(res.status).toBe(200);
      const { redirect } = await res.json();
      // The page's script does `location.assign(redirect)`; resolve it as a browser would.
      expect(new URL(redirect, server.url).origin).toBe(server.url);
    });

    it.each(hostile)("form sign-in with next=%j redirects on-site", async (next) => {
      const res = await new Client(server.url).fetch("/api/auth/login", { method: "POST", body: form({ email: ADMIN.email, password: ADMIN.password, next }) });
      expect(res.status).toBe(303);
      expect(new URL(res.headers.get("location")!, server.url).origin).toBe(server.url);
    });

    it.each(hostile)("the sign-in page, already signed in, with ?next=%j redirects on-site", async (next) => {
      const client = await signIn(server.url, ADMIN.email, ADMIN.password);
      const res = await client.fetch("/login?next=" + encodeURIComponent(next));
      expect(res.status).toBe(307);
      expect(new URL(res.headers.get("location")!, server.url).origin).toBe(server.url);
    });

    it.each(hostile)("the sign-in form does not carry next=%j into its hidden field", async (next) => {
      const res = await fetch(server.url + "/login?next=" + encodeURIComponent(next));
      expect(res.status).toBe(200);
      const html = await res.text();
      const field = html.match(/<input type="hidden" name="next" value="([^"]*)"/);
      expect(field).not.toBeNull();
      const value = field![1].replace(/&amp;/g, "&").replace(/&#x27;/g, "'").replace(/&quot;/g, '"');
      expect(new URL(value, server.url).origin).toBe(server.url);
    });

    it("keeps a same-site path with its query", async () => {
      const res = await new Client(server.url).fetch("/api/auth/login", {
        method: "POST",
        json: { email: ADMIN.email, password: ADMIN.password, next: "/settings?tab=tokens" },
      });
      expect((await res.json()).redirect).toBe("/settings?tab=tokens");
    });
  });
});

describe("sign-out", () => {
  it("clears the cookie and ends the session on the server", async () => {
    const client = await signIn(server.url, ADMIN.email, ADMIN.password);
    const token = client.cookies.get(SESSION)!;
    expect((await client.fetch("/api/console/profile")).status).toBe(200);

    const res = await client.fetch("/api/auth/logout", { method: "POST" });
    expect(res.status).toBe(303);
    expect(location(res)).toBe("/login?signedOut=1");
    const cleared = sessionCookie(res);
    expect(cleared).toMatch(new RegExp(`^${SESSION}=;`));
    expect(cleared).toMatch(/Max-Age=0/);
    expect(client.cookies.has(SESSION)).toBe(false);

    // Someone who kept a copy of the old cookie gets nothing with it.
    const stale = clientWithSession(token);
    const page = await stale.fetch("/settings");
    expect(page.status).toBe(307);
    expect(new URL(location(page), server.url).pathname).toBe("/login");
    await expectError(await stale.fetch("/api/console/profile"), 401, "unauthorized");
  });

  it("answers a script with JSON and ends only that session", async () => {
    const here = await signIn(server.url, ADMIN.email, ADMIN.password);
    const elsewhere = await signIn(server.url, ADMIN.email, ADMIN.password);
    const res = await here.fetch("/api/auth/logout", { method: "POST", json: {} });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, redirect: "/login?signedOut=1" });
    expect((await here.fetch("/api/console/profile")).status).toBe(401);
    expect((await elsewhere.fetch("/api/console/profile")).status).toBe(200);
  });

  it("ignores a sign-out posted from another site", async () => {
    const client = await signIn(server.url, ADMIN.email, ADMIN.password);
    const res = await client.fetch("/api/auth/logout", { method: "POST", headers: { Origin: "http://evil.example" } });
    await expectError(res, 403, "cross_origin");
    expect(sessionCookie(res)).toBeUndefined();
    expect((await client.fetch("/api/console/profile")).status).toBe(200);
  });
});

describe("sign-in throttling", () => {
  const ACCOUNT_LIMIT = 3;
  const CLIENT_LIMIT = 6;
  const PASSWORD = "a long rep password";
  const REPS = ["amy", "bob", "cat", "dan"].map((n) => ({ name: n, email: `${n}@acme.test`, password: PASSWORD }));
  let throttled: TestServer;

  beforeAll(async () => {
    throttled = await startServer({
      env: {
        LOGIN_MAX_FAILURES_PER_ACCOUNT: String(ACCOUNT_LIMIT),
        LOGIN_MAX_FAILURES_PER_CLIENT: String(CLIENT_LIMIT),
        LOGIN_THROTTLE_WINDOW_MINUTES: "1",
      },
    });
    const admin = await setUpAdmin(throttled.url);
    for (const rep of REPS) {
      const res = await admin.fetch("/api/console/users", { method: "POST", json: rep });
      if (res.status !== 201) throw new Error(`creating ${rep.email}: ${res.status} ${await res.text()}`);
    }
  });
  afterAll(async () => {
    await throttled?.stop();
  });

  const attempt = (email: string, password: string, headers: Record<string, string> = {}) =>
    new Client(throttled.url).fetch("/api/auth/login", { method: "POST", json: { email, password }, headers });

  async function expectThrottled(res: Response) {
    const retryAfter = Number(res.headers.get("retry-after"));
    const error = await expectError(res, 429, "throttled");
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(sessionCookie(res)).toBeUndefined();
    return error;
  }

  it(`makes a client wait for an account after ${ACCOUNT_LIMIT} failures: its next attempt gets 429 even with the right password`, async () => {
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      await expectError(await attempt("amy@acme.test", "wrong password " + i), 401, "invalid_credentials");
    }
    const error = await expectThrottled(await attempt("amy@acme.test", PASSWORD));
    expect(error.message).toMatch(/Try again in (1 minute|\d+ seconds)\.$/);
    // The account is the key, however the address is typed.
    await expectThrottled(await attempt(" AMY@acme.test", PASSWORD));
  });

  it("sends a throttled plain form post back to /login with error=throttled", async () => {
    const res = await new Client(throttled.url).fetch("/api/auth/login", { method: "POST", body: form({ email: "amy@acme.test", password: PASSWORD }) });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location")!, throttled.url).searchParams.get("error")).toBe("throttled");
    expect(sessionCookie(res)).toBeUndefined();
  });

  it("still lets another account sign in from the same client", async () => {
    const res = await attempt("bob@acme.test", PASSWORD);
    expect(res.status).toBe(200);
    expect(sessionCookie(res)).toBeDefined();
  });

  it(`throttles the client after ${CLIENT_LIMIT} failures across accounts, whatever the account`, async () => {
    // Amy's 3 failures count for this client too; three more on different accounts reach the limit.
    await expectError(await attempt("bob@acme.test", "wrong"), 401, "invalid_credentials");
    await expectError(await attempt("cat@acme.test", "wrong"), 401, "invalid_credentials");
    // One short of the limit, a right password still works (and does not reset the client's count).
    expect((await attempt("dan@acme.test", PASSWORD)).status).toBe(200);
    await expectError(await attempt("nobody@acme.test", "wrong"), 401, "invalid_credentials");

    await expectThrottled(await attempt("dan@acme.test", PASSWORD));
    await expectThrottled(await attempt(ADMIN.email, ADMIN.password));
  });

  it("is not fooled by a forged X-Forwarded-For", async () => {
    await expectThrottled(await attempt(ADMIN.email, ADMIN.password, { "X-Forwarded-For": "203.0.113.9" }));
  });

  it("keeps its counters across a restart", async () => {
    await throttled.stop();
    throttled = await startServer({
      dataDir: throttled.dataDir,
      env: {
        LOGIN_MAX_FAILURES_PER_ACCOUNT: String(ACCOUNT_LIMIT),
        LOGIN_MAX_FAILURES_PER_CLIENT: String(CLIENT_LIMIT),
        LOGIN_THROTTLE_WINDOW_MINUTES: "1",
      },
    });
    await expectThrottled(await attempt("amy@acme.test", PASSWORD));
  });
});

describe("sign-in throttling behind a proxy: nobody can lock someone else out", () => {
  // The defaults for the pair and client limits; a lower account threshold and cap keep the test short.
  const DELAY_AFTER = 30;
  const DELAY_MAX = 4;
  const PASSWORD = "a long rep password";
  const REPS = ["alice", "bob", "carol", "dave", "erin", "frank"].map((n) => ({ name: n, email: `${n}@acme.test`, password: PASSWORD }));
  let proxied: TestServer;

  beforeAll(async () => {
    proxied = await startServer({
      env: { TRUST_PROXY: "true", LOGIN_ACCOUNT_DELAY_AFTER: String(DELAY_AFTER), LOGIN_ACCOUNT_DELAY_MAX_SECONDS: String(DELAY_MAX) },
    });
    const admin = await setUpAdmin(proxied.url);
    for (const rep of REPS) {
      const res = await admin.fetch("/api/console/users", { method: "POST", json: rep });
      if (res.status !== 201) throw new Error(`creating ${rep.email}: ${res.status} ${await res.text()}`);
    }
  });
  afterAll(async () => {
    await proxied?.stop();
  });

  /** One sign-in attempt from `ip` (the proxy's X-Forwarded-For), optionally from a browser that already has cookies. */
  const from = (ip: string, email: string, password: string, client = new Client(proxied.url)) =>
    client.fetch("/api/auth/login", { method: "POST", json: { email, password }, headers: { "X-Forwarded-For": ip } });
  let seq = 0;
  /** A new address for every call: a crowd of clients, as a botnet would have. */
  const someAddress = () => `198.18.${Math.floor(++seq / 250)}.${(seq % 250) + 1}`;

  async function expectWait(res: Response, atMost: number): Promise<number> {
    const retryAfter = Number(res.headers.get("retry-after"));
    await expectError(res, 429, "throttled");
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(atMost);
    return retryAfter;
  }

  it("the measured case: 20 failures for alice from one address, then her right password from another address signs her in", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await from("203.0.113.66", "alice@acme.test", "guess " + i)).status);
    // Five failures, then that address waits for that account (until the 15-minute window ends).
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
    await expectWait(await from("203.0.113.66", "alice@acme.test", PASSWORD), 15 * 60);

    const alice = new Client(proxied.url);
    const res = await from("192.0.2.10", "alice@acme.test", PASSWORD, alice);
    expect(res.status).toBe(200);
    expect(sessionCookie(res)).toBeDefined();
    expect((await alice.fetch("/api/console/profile")).status).toBe(200);
    // The stranger's address may still sign in to its own account: it was held back for alice only.
    expect((await from("203.0.113.66", "bob@acme.test", PASSWORD)).status).toBe(200);
  });

  it("a stranger's 100 attempts never keep the owner out on another client", async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 100; i++) {
      const s = (await from("203.0.113.77", "bob@acme.test", "guess " + i)).status;
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: 5, 429: 95 });
    expect((await from("192.0.2.20", "bob@acme.test", PASSWORD)).status).toBe(200);
  });

  it(`a client failing across accounts waits at 20 failures, whatever the account; other clients do not`, async () => {
    const sprayer = "203.0.113.88";
    for (let i = 0; i < 20; i++) await expectError(await from(sprayer, `nobody${i}@acme.test`, "guess"), 401, "invalid_credentials");
    await expectWait(await from(sprayer, "dave@acme.test", PASSWORD), 15 * 60);
    expect((await from("192.0.2.30", "dave@acme.test", PASSWORD)).status).toBe(200);
  });

  it(`after ${DELAY_AFTER} failures for one account from a crowd, each further attempt waits 1, 2, 4 s … never more than ${DELAY_MAX} s`, async () => {
    for (let i = 0; i < DELAY_AFTER; i++) await expectError(await from(someAddress(), "carol@acme.test", "guess " + i), 401, "invalid_credentials");
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const wait = await expectWait(await from(someAddress(), "carol@acme.test", "guess"), DELAY_MAX);
      waits.push(wait);
      await new Promise((r) => setTimeout(r, wait * 1000 + 150));
      // Having waited, the next guess is heard (and fails), and the wait after it doubles.
      await expectError(await from(someAddress(), "carol@acme.test", "guess again " + i), 401, "invalid_credentials");
    }
    expect(waits).toEqual([1, 2, 4, 4]);

    // The owner on a new address waits at most that long too, then signs in: a delay, not a lock.
    const wait = await expectWait(await from("192.0.2.40", "carol@acme.test", PASSWORD), DELAY_MAX);
    await new Promise((r) => setTimeout(r, wait * 1000 + 150));
    expect((await from("192.0.2.40", "carol@acme.test", PASSWORD)).status).toBe(200);
  });

  it("a browser that signed in to the account before is held back by nobody else's failures", async () => {
    const laptop = new Client(proxied.url);
    expect((await from("192.0.2.50", "erin@acme.test", PASSWORD, laptop)).status).toBe(200);
    const device = [...laptop.cookies.keys()].find((k) => k.endsWith("rb_device"));
    expect(device, "a device cookie after signing in").toBeDefined();
    expect((await laptop.fetch("/api/auth/logout", { method: "POST", json: {} })).status).toBe(200);
    // Signing out keeps the device cookie: it names no session, only that this browser knew the password.
    expect(laptop.cookies.has(device!)).toBe(true);

    for (let i = 0; i < DELAY_AFTER + 3; i++) {
      const res = await from(someAddress(), "erin@acme.test", "guess " + i);
      expect([401, 429]).toContain(res.status);
    }
    // A stranger on a new address now waits…
    await expectWait(await from(someAddress(), "erin@acme.test", PASSWORD), DELAY_MAX);
    // …while erin's own browser, on yet another network, signs in at once.
    expect((await from("192.0.2.51", "erin@acme.test", PASSWORD, laptop)).status).toBe(200);

    // A forged device cookie earns nothing.
    const forged = new Client(proxied.url);
    forged.cookies.set(device!, laptop.cookies.get(device!)!.replace(/.$/, (c) => (c === "A" ? "B" : "A")));
    await expectWait(await from(someAddress(), "erin@acme.test", PASSWORD, forged), DELAY_MAX);
  });

  it("a stranger on the owner's own network (an office, a carrier's NAT) holds back that address, but not the owner's known browser", async () => {
    const office = "192.0.2.70";
    const laptop = new Client(proxied.url);
    expect((await from(office, "frank@acme.test", PASSWORD, laptop)).status).toBe(200);
    for (let i = 0; i < 5; i++) await expectError(await from(office, "frank@acme.test", "guess " + i), 401, "invalid_credentials");
    await expectWait(await from(office, "frank@acme.test", PASSWORD), 15 * 60);
    for (let i = 0; i < 15; i++) await expectError(await from(office, `nobody-office${i}@acme.test`, "guess"), 401, "invalid_credentials");
    await expectWait(await from(office, "alice@acme.test", PASSWORD), 15 * 60);
    expect((await from(office, "frank@acme.test", PASSWORD, laptop)).status).toBe(200);
  });

  it("over https (X-Forwarded-Proto from the proxy), the session cookie is __Host-rb_session: Secure, Path=/, no Domain; read, and the old name still", async () => {
    const client = new Client(proxied.url);
    const res = await client.fetch("/api/auth/login", { method: "POST", json: { email: ADMIN.email, password: ADMIN.password }, headers: { "X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.60" } });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-rb_session="));
    expect(cookie).toBeDefined();
    const flags = cookie!.split(";").map((s) => s.trim());
    expect(flags).toContain("Secure");
    expect(flags).toContain("Path=/");
    expect(flags).toContain("HttpOnly");
    expect(flags.some((f) => /^domain=/i.test(f))).toBe(false);
    // A cookie of the old name (from before an upgrade) is dropped in the same answer.
    expect(res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION}=;`))).toMatch(/Max-Age=0/);

    // Read by the console's pages and endpoints.
    expect((await client.fetch("/api/console/profile")).status).toBe(200);
    expect((await client.fetch("/settings")).status).toBe(200);
    // A session in a cookie of the old name keeps working.
    const old = await signIn(proxied.url, ADMIN.email, ADMIN.password);
    expect(old.cookies.has(SESSION)).toBe(true);
    expect((await old.fetch("/api/console/profile")).status).toBe(200);

    // Signing out ends the session and clears the cookie.
    const out = await client.fetch("/api/auth/logout", { method: "POST", json: {}, headers: { "X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.60" } });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().find((c) => c.startsWith("__Host-rb_session="))).toMatch(/Max-Age=0/);
    expect(client.cookies.has("__Host-rb_session")).toBe(false);
  });
});

describe("session cookies over plain http", () => {
  it("keep the plain name rb_session", async () => {
    const res = await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: ADMIN.email, password: ADMIN.password } });
    expect(res.headers.getSetCookie().some((c) => c.startsWith("__Host-"))).toBe(false);
    expect(sessionCookie(res)).toBeDefined();
  });
});
