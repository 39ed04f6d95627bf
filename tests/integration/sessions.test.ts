/**
 * A reset really resets: an admin's reset ends the rep's sessions and (unless asked to keep them)
 * revokes their API tokens; a rep changing their own password keeps this session, ends the others
 * and revokes tokens when asked; a rep sees and ends their own sessions. Against a real server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, setUpAdmin, startServer, type TestServer } from "../support/server";

const SESSION = "rb_session";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const MAC_CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

type SessionView = { id: string; device: string; os: string; browser: string; createdAt: number; lastSeenAt: number; current: boolean };
type Ended = { sessionsEnded: number; tokensRevoked: number };

let server: TestServer;
let admin: Client;
let seq = 0;

beforeAll(async () => {
  server = await startServer();
  admin = await setUpAdmin(server.url);
});
afterAll(async () => {
  await server?.stop();
});

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body).toEqual({ error: { code, message: expect.any(String), fields: expect.any(Object) } });
  return body.error as { code: string; message: string; fields: Record<string, string> };
}

/** A new rep, with the password given. */
async function newRep(password = "a long rep password"): Promise<{ id: string; email: string; password: string }> {
  const email = `rep${++seq}@acme.test`;
  const res = await admin.fetch("/api/console/users", { method: "POST", json: { email, name: `Rep ${seq}`, password } });
  if (res.status !== 201) throw new Error(`creating a rep: ${res.status} ${await res.text()}`);
  return { id: (await res.json()).id, email, password };
}

/** Signs in from a browser with this user agent. */
async function signInAs(rep: { email: string; password: string }, userAgent = MAC_CHROME): Promise<Client> {
  const client = new Client(server.url);
  const res = await client.fetch("/api/auth/login", { method: "POST", json: { email: rep.email, password: rep.password }, headers: { "User-Agent": userAgent } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return client;
}

async function newToken(client: Client): Promise<string> {
  const res = await client.fetch("/api/console/tokens", { method: "POST", json: { name: `token ${++seq}` } });
  if (res.status !== 201) throw new Error(`creating a token: ${res.status}`);
  return (await res.json()).token;
}

const me = (token: string) => fetch(server.url + "/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
const profile = (client: Client) => client.fetch("/api/console/profile");

async function sessionsOf(client: Client): Promise<SessionView[]> {
  const res = await client.fetch("/api/console/sessions");
  expect(res.status).toBe(200);
  return (await res.json()).data;
}

describe("an admin resets a rep's password", () => {
  it("ends the rep's sessions and revokes their API tokens by default, and says how many", async () => {
    const rep = await newRep();
    const phone = await signInAs(rep, IPHONE);
    const laptop = await signInAs(rep);
    const tokens = [await newToken(laptop), await newToken(laptop)];
    for (const t of tokens) expect((await me(t)).status).toBe(200);

    const res = await admin.fetch(`/api/console/users/${rep.id}/password`, { method: "POST", json: { password: "a brand new password" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionsEnded: 2, tokensRevoked: 2 });

    for (const t of tokens) await expectError(await me(t), 401, "unauthorized");
    await expectError(await profile(phone), 401, "unauthorized");
    await expectError(await profile(laptop), 401, "unauthorized");
    // The new password works; the admin stays signed in.
    expect((await profile(await signInAs({ ...rep, password: "a brand new password" }))).status).toBe(200);
    expect((await profile(admin)).status).toBe(200);
  });

  it("keeps the rep's API tokens working when asked (keepTokens), still ending every session", async () => {
    const rep = await newRep();
    const laptop = await signInAs(rep);
    const token = await newToken(laptop);

    const res = await admin.fetch(`/api/console/users/${rep.id}/password`, { method: "POST", json: { password: "a brand new password", keepTokens: true } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionsEnded: 1, tokensRevoked: 0 });
    expect((await me(token)).status).toBe(200);
    await expectError(await profile(laptop), 401, "unauthorized");
  });

  it("refuses a keepTokens that is not true or false (422), changing nothing", async () => {
    const rep = await newRep();
    const laptop = await signInAs(rep);
    const res = await admin.fetch(`/api/console/users/${rep.id}/password`, { method: "POST", json: { password: "a brand new password", keepTokens: "yes" } });
    const error = await expectError(res, 422, "invalid_input");
    expect(Object.keys(error.fields)).toEqual(["keepTokens"]);
    expect((await profile(laptop)).status).toBe(200);
  });
});

describe("a rep changes their own password", () => {
  it("keeps this session, ends the others, keeps API tokens when not asked to revoke them", async () => {
    const rep = await newRep();
    const here = await signInAs(rep);
    const phone = await signInAs(rep, IPHONE);
    const token = await newToken(here);

    const res = await here.fetch("/api/console/password", { method: "POST", json: { currentPassword: rep.password, newPassword: "my own new password", revokeTokens: false } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionsEnded: 1, tokensRevoked: 0 });

    expect((await profile(here)).status).toBe(200);
    await expectError(await profile(phone), 401, "unauthorized");
    expect((await me(token)).status).toBe(200);
    // The old password no longer signs in; the new one does.
    const old = await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: rep.email, password: rep.password } });
    expect(old.status).toBe(401);
    expect((await profile(await signInAs({ ...rep, password: "my own new password" }))).status).toBe(200);
  });

  it("also revokes their API tokens when asked", async () => {
    const rep = await newRep();
    const here = await signInAs(rep);
    const tokens = [await newToken(here), await newToken(here)];
    const res = await here.fetch("/api/console/password", { method: "POST", json: { currentPassword: rep.password, newPassword: "my own new password", revokeTokens: true } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionsEnded: 0, tokensRevoked: 2 });
    for (const t of tokens) await expectError(await me(t), 401, "unauthorized");
    expect((await profile(here)).status).toBe(200);
  });

  it("must be asked about the tokens, and needs the current password and a valid new one (422, naming the fields)", async () => {
    const rep = await newRep();
    const here = await signInAs(rep);
    const missing = await expectError(await here.fetch("/api/console/password", { method: "POST", json: {} }), 422, "invalid_input");
    expect(Object.keys(missing.fields).sort()).toEqual(["currentPassword", "newPassword", "revokeTokens"]);

    const short = await expectError(await here.fetch("/api/console/password", { method: "POST", json: { currentPassword: rep.password, newPassword: "short", revokeTokens: false } }), 422, "invalid_input");
    expect(Object.keys(short.fields)).toEqual(["newPassword"]);

    const same = await expectError(await here.fetch("/api/console/password", { method: "POST", json: { currentPassword: rep.password, newPassword: rep.password, revokeTokens: false } }), 422, "invalid_input");
    expect(Object.keys(same.fields)).toEqual(["newPassword"]);

    const wrong = await expectError(await here.fetch("/api/console/password", { method: "POST", json: { currentPassword: "not my password", newPassword: "my own new password", revokeTokens: false } }), 422, "invalid_input");
    expect(Object.keys(wrong.fields)).toEqual(["currentPassword"]);
    // Nothing changed.
    expect((await profile(await signInAs(rep))).status).toBe(200);
  });

  it("counts wrong current passwords like failed sign-ins: after 5, 429 with Retry-After", async () => {
    const rep = await newRep();
    const here = await signInAs(rep);
    const attempt = (currentPassword: string) => here.fetch("/api/console/password", { method: "POST", json: { currentPassword, newPassword: "my own new password", revokeTokens: false } });
    for (let i = 0; i < 5; i++) await expectError(await attempt("guess " + i), 422, "invalid_input");
    const res = await attempt(rep.password);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectError(res, 429, "throttled");
    expect((await profile(here)).status).toBe(200);
  });

  it("refuses a change posted from another site (403)", async () => {
    const rep = await newRep();
    const here = await signInAs(rep);
    const res = await here.fetch("/api/console/password", { method: "POST", json: { currentPassword: rep.password, newPassword: "my own new password", revokeTokens: true }, headers: { Origin: "http://evil.example" } });
    await expectError(res, 403, "cross_origin");
    expect((await profile(await signInAs(rep))).status).toBe(200);
  });
});

describe("a rep's own sessions", () => {
  it("lists them with device, when signed in and last seen, and which one is this", async () => {
    const rep = await newRep();
    const laptop = await signInAs(rep);
    const before = Date.now();
    const phone = await signInAs(rep, IPHONE);
    const list = await sessionsOf(laptop);
    expect(list).toHaveLength(2);
    const mine = list.find((s) => s.current)!;
    const other = list.find((s) => !s.current)!;
    expect(mine).toMatchObject({ device: "desktop", os: "macOS", browser: "Chrome", current: true });
    expect(other).toMatchObject({ device: "mobile", os: "iOS", browser: "Safari", current: false });
    expect(other.id).toMatch(/^ses_/);
    expect(other.createdAt).toBeGreaterThanOrEqual(before - 1000);
    expect(other.lastSeenAt).toBeGreaterThanOrEqual(other.createdAt);
    // Newest first, and never a token or its hash.
    expect(list[0].id).toBe(other.id);
    const text = JSON.stringify(list);
    expect(text).not.toContain(laptop.cookies.get(SESSION));
    expect(text).not.toMatch(/hash|token/i);
    expect((await sessionsOf(phone)).find((s) => s.current)?.id).toBe(other.id);
    // Another rep sees only their own.
    const stranger = await signInAs(await newRep());
    expect((await sessionsOf(stranger)).map((s) => s.id)).not.toContain(other.id);
  });

  it("signs one out: that browser's cookie then gets 401, the others carry on", async () => {
    const rep = await newRep();
    const laptop = await signInAs(rep);
    const phone = await signInAs(rep, IPHONE);
    const phoneId = (await sessionsOf(phone)).find((s) => s.current)!.id;

    const res = await laptop.fetch(`/api/console/sessions/${phoneId}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    await expectError(await profile(phone), 401, "unauthorized");
    expect((await profile(laptop)).status).toBe(200);
    expect((await sessionsOf(laptop)).map((s) => s.id)).not.toContain(phoneId);
    // Gone is gone: a second time is a 404.
    await expectError(await laptop.fetch(`/api/console/sessions/${phoneId}`, { method: "DELETE" }), 404, "not_found");
  });

  it("answers 404 for another user's session and changes nothing", async () => {
    const a = await signInAs(await newRep());
    const b = await signInAs(await newRep());
    const bId = (await sessionsOf(b)).find((s) => s.current)!.id;
    await expectError(await a.fetch(`/api/console/sessions/${bId}`, { method: "DELETE" }), 404, "not_found");
    await expectError(await admin.fetch(`/api/console/sessions/${bId}`, { method: "DELETE" }), 404, "not_found");
    expect((await profile(b)).status).toBe(200);
  });

  it("signs out everywhere else, keeping this one", async () => {
    const rep = await newRep();
    const here = await signInAs(rep);
    const others = [await signInAs(rep, IPHONE), await signInAs(rep)];
    const res = await here.fetch("/api/console/sessions", { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionsEnded: 2 });
    for (const o of others) await expectError(await profile(o), 401, "unauthorized");
    expect((await profile(here)).status).toBe(200);
    expect(await sessionsOf(here)).toHaveLength(1);
  });

  it("signing out this session by its id ends it and clears the cookie", async () => {
    const rep = await newRep();
    const here = await signInAs(rep);
    const id = (await sessionsOf(here)).find((s) => s.current)!.id;
    const res = await here.fetch(`/api/console/sessions/${id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION}=`))).toMatch(/Max-Age=0/);
    await expectError(await profile(here), 401, "unauthorized");
  });

  it("refuses ending sessions from another site (403)", async () => {
    const rep = await newRep();
    const here = await signInAs(rep);
    const phone = await signInAs(rep, IPHONE);
    const res = await here.fetch("/api/console/sessions", { method: "DELETE", headers: { Origin: "http://evil.example" } });
    await expectError(res, 403, "cross_origin");
    expect((await profile(phone)).status).toBe(200);
  });

  it("shows the Password and Sessions cards in Settings", async () => {
    const rep = await newRep();
    const here = await signInAs(rep);
    await signInAs(rep, IPHONE);
    const html = await (await here.fetch("/settings")).text();
    expect(html).toContain("Also revoke my API tokens");
    expect(html).toMatch(/stay signed in here/i);
    expect(html).toContain("Safari on iOS");
    expect(html).toContain("This device");
  });
});

describe("the session cookie by its https name", () => {
  it("is read by the console and by the page beacon (a signed-in rep is recorded as the rep)", async () => {
    const token = admin.cookies.get(SESSION)!;
    const hostOnly = new Client(server.url);
    hostOnly.cookies.set("__Host-rb_session", token);
    expect((await profile(hostOnly)).status).toBe(200);
    expect((await hostOnly.fetch("/settings")).status).toBe(200);

    const beacon = await fetch(server.url + "/api/collect", {
      method: "POST",
      headers: { "Content-Type": "text/plain", "User-Agent": IPHONE, Cookie: `__Host-rb_session=${token}` },
      body: JSON.stringify({ slug: "rob-mason", type: "view", visibleMs: 3000 }),
    });
    expect(beacon.status).toBeLessThan(300);
    const tokenForApi = await newToken(admin);
    const prospects = await (await fetch(server.url + "/api/v1/prospects", { headers: { Authorization: `Bearer ${tokenForApi}` } })).json();
    const rob = prospects.data.find((p: { slug: string }) => p.slug === "rob-mason");
    const visits = await (await fetch(server.url + `/api/v1/prospects/${rob.id}/visits`, { headers: { Authorization: `Bearer ${tokenForApi}` } })).json();
    expect(visits.data.map((v: { kind: string }) => v.kind)).toEqual(["rep"]);
  });
});
