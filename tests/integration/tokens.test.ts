/**
 * Personal API tokens (create, list, use, revoke), the team (an admin adds reps and resets their
 * passwords), and who may change the profile and the workspace, against a real production server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, Client, setUpAdmin, signIn, startServer, type TestServer } from "../support/server";

type PublicUser = { id: string; email: string; name: string; role: "admin" | "rep" };
type TokenView = { id: string; name: string; hint: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null };
type NewToken = TokenView & { token: string };

const REP_A = { name: "Rita Rep", email: "rita@acme.test", password: "rita's long password" };
const REP_B = { name: "Bert Rep", email: "bert@acme.test", password: "bert's long password" };

let server: TestServer;
let admin: Client;
let adminUser: PublicUser;
let repA: Client;
let repAUser: PublicUser;
let repB: Client;
let repBUser: PublicUser;

/** Asserts the one error shape, `{ error: { code, message, fields } }`, and returns `error`. */
async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = await res.json();
  expect(body).toEqual({ error: { code, message: expect.any(String), fields: expect.any(Object) } });
  return body.error as { code: string; message: string; fields: Record<string, string> };
}

async function createRep(rep: typeof REP_A): Promise<PublicUser> {
  const res = await admin.fetch("/api/console/users", { method: "POST", json: rep });
  if (res.status !== 201) throw new Error(`creating ${rep.email}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function newToken(client: Client, name: string): Promise<NewToken> {
  const res = await client.fetch("/api/console/tokens", { method: "POST", json: { name } });
  if (res.status !== 201) throw new Error(`creating token: ${res.status} ${await res.text()}`);
  return res.json();
}

const me = (token: string, scheme = "Bearer") => fetch(server.url + "/api/v1/me", { headers: { Authorization: `${scheme} ${token}` } });

async function tokensOf(client: Client): Promise<TokenView[]> {
  const res = await client.fetch("/api/console/tokens");
  expect(res.status).toBe(200);
  return (await res.json()).data;
}

beforeAll(async () => {
  server = await startServer();
  admin = await setUpAdmin(server.url);
  adminUser = (await (await admin.fetch("/api/console/profile")).json()).user;
  repAUser = await createRep(REP_A);
  repBUser = await createRep(REP_B);
  repA = await signIn(server.url, REP_A.email, REP_A.password);
  repB = await signIn(server.url, REP_B.email, REP_B.password);
});
afterAll(async () => {
  await server?.stop();
});

describe("API tokens", () => {
  let created: NewToken;
  let createdAt: number;

  it("creates a token (201) and shows its secret once, starting rbk_", async () => {
    const before = Date.now();
    const res = await repA.fetch("/api/console/tokens", { method: "POST", json: { name: "  HubSpot  " } });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toMatch(/no-store/);
    created = await res.json();
    createdAt = created.createdAt;
    expect(created).toEqual({
      id: expect.stringMatching(/^tok_/),
      name: "HubSpot",
      hint: created.token.slice(0, 8),
      token: expect.stringMatching(/^rbk_[A-Za-z0-9_-]{30,}$/),
      createdAt: expect.any(Number),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(createdAt).toBeGreaterThanOrEqual(before - 1000);
    expect(createdAt).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("gives every token a different secret", async () => {
    const other = await newToken(repA, "Dialer");
    expect(other.token).not.toBe(created.token);
    expect(other.id).not.toBe(created.id);
  });

  it("asks for a name (422 with the field)", async () => {
    for (const json of [{}, { name: "   " }, { name: "x".repeat(101) }]) {
      const error = await expectError(await repA.fetch("/api/console/tokens", { method: "POST", json }), 422, "invalid_input");
      expect(Object.keys(error.fields)).toEqual(["name"]);
    }
  });

  it("never lists the secret (nor its hash), only the hint", async () => {
    const res = await repA.fetch("/api/console/tokens");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(created.token);
    expect(text).not.toContain(created.token.slice(8));
    expect(text).not.toMatch(/tokenHash|token_hash|"token"/);
    const listed = (JSON.parse(text).data as TokenView[]).find((t) => t.id === created.id);
    expect(listed).toEqual({ id: created.id, name: "HubSpot", hint: created.hint, createdAt, lastUsedAt: null, revokedAt: null });
  });

  it("lists only the rep's own tokens", async () => {
    expect((await tokensOf(repB)).map((t) => t.id)).not.toContain(created.id);
  });

  it("acts as its owner on /api/v1/me, without any password hash", async () => {
    const res = await me(created.token);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/password/i);
    expect(text).not.toContain("scrypt$");
    const body = JSON.parse(text);
    expect(body).toMatchObject({ id: repAUser.id, email: REP_A.email, name: REP_A.name, role: "rep" });
  });

  it("accepts the scheme in any case", async () => {
    expect((await me(created.token, "bearer")).status).toBe(200);
  });

  it("records when it was last used", async () => {
    const listed = (await tokensOf(repA)).find((t) => t.id === created.id)!;
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed.lastUsedAt!).toBeGreaterThanOrEqual(createdAt);
    expect(listed.lastUsedAt!).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it.each([
    ["no Authorization header", undefined],
    ["an empty bearer", "Bearer "],
    ["another scheme", "Basic " + Buffer.from("rita@acme.test:rita's long password").toString("base64")],
    ["a token without a scheme", "rbk_abcdefghijklmnopqrstuvwxyz012345"],
    ["a token with a space in it", "Bearer rbk_abc def"],
    ["a token that does not exist", "Bearer rbk_abcdefghijklmnopqrstuvwxyz012345"],
    ["a far too long token", "Bearer rbk_" + "a".repeat(500)],
  ])("answers %s with 401, the error shape and WWW-Authenticate", async (_what, header) => {
    const res = await fetch(server.url + "/api/v1/me", { headers: header === undefined ? {} : { Authorization: header } });
    await expectError(res, 401, "unauthorized");
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="ringback"$/);
  });

  it("answers a correct token with one character changed with 401", async () => {
    const last = created.token.at(-1)!;
    const altered = created.token.slice(0, -1) + (last === "A" ? "B" : "A");
    await expectError(await me(altered), 401, "unauthorized");
  });

  it("is not a console session: the console refuses it", async () => {
    const headers = { Authorization: `Bearer ${created.token}` };
    await expectError(await fetch(server.url + "/api/console/tokens", { headers }), 401, "unauthorized");
    await expectError(await fetch(server.url + "/api/console/tokens", { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: '{"name":"minted"}' }), 401, "unauthorized");
  });

  it("is the only way in to /api/v1: a session cookie alone is not enough", async () => {
    await expectError(await repA.fetch("/api/v1/me"), 401, "unauthorized");
  });

  it("cannot be revoked by another rep (404), and keeps working", async () => {
    const res = await repB.fetch(`/api/console/tokens/${created.id}`, { method: "DELETE" });
    await expectError(res, 404, "not_found");
    expect((await me(created.token)).status).toBe(200);
    expect((await tokensOf(repA)).find((t) => t.id === created.id)!.revokedAt).toBeNull();
  });

  it("cannot be revoked from another site (403), and keeps working", async () => {
    const res = await repA.fetch(`/api/console/tokens/${created.id}`, { method: "DELETE", headers: { Origin: "http://evil.example" } });
    await expectError(res, 403, "cross_origin");
    expect((await me(created.token)).status).toBe(200);
  });

  it("is revoked by its owner (204) and then answers 401; other tokens keep working", async () => {
    const spare = await newToken(repA, "Spare");
    const res = await repA.fetch(`/api/console/tokens/${created.id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    await expectError(await me(created.token), 401, "unauthorized");
    expect((await me(spare.token)).status).toBe(200);

    const listed = (await tokensOf(repA)).find((t) => t.id === created.id)!;
    expect(listed.revokedAt).toEqual(expect.any(Number));
  });

  it("answers revoking it again, or an unknown id, with 404", async () => {
    await expectError(await repA.fetch(`/api/console/tokens/${created.id}`, { method: "DELETE" }), 404, "not_found");
    await expectError(await repA.fetch(`/api/console/tokens/tok_doesnotexist`, { method: "DELETE" }), 404, "not_found");
  });
});

describe("the team: an admin adds reps", () => {
  const REP_C = { name: "Cleo Rep", email: "Cleo@Acme.test", password: "cleo's long password", title: "AE" };

  it("creates a rep (201) and returns the public user, never the password hash", async () => {
    const res = await admin.fetch("/api/console/users", { method: "POST", json: REP_C });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toMatch(/password/i);
    expect(JSON.parse(text)).toMatchObject({ id: expect.stringMatching(/^usr_/), email: "cleo@acme.test", name: "Cleo Rep", role: "rep", title: "AE" });

    // The new rep can sign in with the first password, in any letter case of the address.
    const cleo = await signIn(server.url, "cleo@acme.test", REP_C.password);
    expect((await cleo.fetch("/api/console/profile")).status).toBe(200);
  });

  it("lists the team without password hashes", async () => {
    const res = await admin.fetch("/api/console/users");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/password/i);
    const emails = (JSON.parse(text).data as PublicUser[]).map((u) => u.email);
    expect(emails).toEqual(expect.arrayContaining([ADMIN.email, REP_A.email, REP_B.email, "cleo@acme.test"]));
  });

  it("answers bad input with 422 and an error per field", async () => {
    const res = await admin.fetch("/api/console/users", { method: "POST", json: { email: "nope", password: "short", name: " ", role: "owner" } });
    const error = await expectError(res, 422, "invalid_input");
    expect(Object.keys(error.fields).sort()).toEqual(["email", "name", "password", "role"]);
  });

  it("answers a body that is not JSON with 400", async () => {
    const res = await admin.fetch("/api/console/users", { method: "POST", body: "email=x", headers: { "Content-Type": "application/json" } });
    await expectError(res, 400, "invalid_json");
  });

  it("answers an e-mail already in use (in any case) with 409", async () => {
    const res = await admin.fetch("/api/console/users", { method: "POST", json: { ...REP_C, email: "CLEO@acme.TEST", name: "Another Cleo" } });
    const error = await expectError(res, 409, "email_taken");
    expect(Object.keys(error.fields)).toEqual(["email"]);
  });

  it("refuses a rep (403) and creates nobody", async () => {
    const res = await repA.fetch("/api/console/users", { method: "POST", json: { name: "Sneaky", email: "sneaky@acme.test", password: "a long password!", role: "admin" } });
    await expectError(res, 403, "forbidden");
    await expectError(await repA.fetch("/api/console/users"), 403, "forbidden");
    const emails = ((await (await admin.fetch("/api/console/users")).json()).data as PublicUser[]).map((u) => u.email);
    expect(emails).not.toContain("sneaky@acme.test");
  });

  it("refuses a rep the Team page", async () => {
    const res = await repA.fetch("/team");
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("/?error=admin_only");
  });
});

describe("the team: an admin resets a rep's password", () => {
  const NEW_PASSWORD = "bert's brand new password";

  it("refuses a too-short password (422) and an unknown user (404)", async () => {
    const short = await admin.fetch(`/api/console/users/${repBUser.id}/password`, { method: "POST", json: { password: "short" } });
    const error = await expectError(short, 422, "invalid_input");
    expect(Object.keys(error.fields)).toEqual(["password"]);
    await expectError(await admin.fetch(`/api/console/users/usr_nobody/password`, { method: "POST", json: { password: NEW_PASSWORD } }), 404, "not_found");
    // Nothing changed: Bert is still signed in.
    expect((await repB.fetch("/api/console/profile")).status).toBe(200);
  });

  it("refuses a rep resetting anyone's password, the admin's included (403)", async () => {
    const res = await repA.fetch(`/api/console/users/${adminUser.id}/password`, { method: "POST", json: { password: "taken over, ha ha" } });
    await expectError(res, 403, "forbidden");
    expect((await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: ADMIN.email, password: "taken over, ha ha" } })).status).toBe(401);
  });

  it("sets the new password (200, saying what it ended), signs the rep out everywhere; the old password fails, the new one works", async () => {
    const otherDevice = await signIn(server.url, REP_B.email, REP_B.password);
    const res = await admin.fetch(`/api/console/users/${repBUser.id}/password`, { method: "POST", json: { password: NEW_PASSWORD } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionsEnded: 2, tokensRevoked: expect.any(Number) });

    await expectError(await repB.fetch("/api/console/profile"), 401, "unauthorized");
    const page = await otherDevice.fetch("/settings");
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location")!, server.url).pathname).toBe("/login");

    const old = await new Client(server.url).fetch("/api/auth/login", { method: "POST", json: { email: REP_B.email, password: REP_B.password } });
    await expectError(old, 401, "invalid_credentials");
    repB = await signIn(server.url, REP_B.email, NEW_PASSWORD);
    expect((await repB.fetch("/api/console/profile")).status).toBe(200);
  });

  it("leaves the admin's own session alone", async () => {
    expect((await admin.fetch("/api/console/profile")).status).toBe(200);
  });
});

describe("profile and workspace settings", () => {
  it.each([
    ["calendarUrl", "javascript:alert(1)"],
    ["calendarUrl", "ftp://files.example.com/cal"],
    ["calendarUrl", "cal.example.com/rita"],
    ["photoUrl", "data:image/svg+xml,<svg onload=alert(1)>"],
    ["name", "  "],
  ])("refuses %s = %j with 422 naming the field", async (field, value) => {
    const res = await repA.fetch("/api/console/profile", { method: "PATCH", json: { [field]: value } });
    const error = await expectError(res, 422, "invalid_input");
    expect(Object.keys(error.fields)).toEqual([field]);
  });

  it("saves a valid profile change, and an empty link clears it", async () => {
    const set = await repA.fetch("/api/console/profile", { method: "PATCH", json: { calendarUrl: "https://cal.example.com/rita", title: "Account Executive" } });
    expect(set.status).toBe(200);
    expect((await set.json()).user).toMatchObject({ id: repAUser.id, calendarUrl: "https://cal.example.com/rita", title: "Account Executive" });
    const read = await (await repA.fetch("/api/console/profile")).json();
    expect(read.user.calendarUrl).toBe("https://cal.example.com/rita");

    const cleared = await repA.fetch("/api/console/profile", { method: "PATCH", json: { calendarUrl: "" } });
    expect((await cleared.json()).user).toMatchObject({ calendarUrl: null, title: "Account Executive" });
  });

  it("changes only the caller's own profile", async () => {
    await repA.fetch("/api/console/profile", { method: "PATCH", json: { title: "Rita's title" } });
    const bert = await (await repB.fetch("/api/console/profile")).json();
    expect(bert.user.id).toBe(repBUser.id);
    expect(bert.user.title).toBeNull();
  });

  it("refuses a profile change from another site (403)", async () => {
    const res = await repA.fetch("/api/console/profile", { method: "PATCH", json: { name: "Hacked" }, headers: { Origin: "http://evil.example" } });
    await expectError(res, 403, "cross_origin");
    expect((await (await repA.fetch("/api/console/profile")).json()).user.name).toBe(REP_A.name);
  });

  it("lets a rep read the workspace but not change it (403)", async () => {
    const read = await repA.fetch("/api/console/workspace");
    expect(read.status).toBe(200);
    expect((await read.json()).workspace.companyName).toBe(ADMIN.companyName);

    const res = await repA.fetch("/api/console/workspace", { method: "PATCH", json: { companyName: "Rita Inc" } });
    await expectError(res, 403, "forbidden");
    expect((await (await admin.fetch("/api/console/workspace")).json()).workspace.companyName).toBe(ADMIN.companyName);
  });

  it("lets the admin change the workspace, with 422 for bad values", async () => {
    const bad = await admin.fetch("/api/console/workspace", { method: "PATCH", json: { brandColor: "red", defaultPhoneRegion: "usa", publicBaseUrl: "acme.com" } });
    const error = await expectError(bad, 422, "invalid_input");
    expect(Object.keys(error.fields).sort()).toEqual(["brandColor", "defaultPhoneRegion", "publicBaseUrl"]);

    const ok = await admin.fetch("/api/console/workspace", { method: "PATCH", json: { companyName: "Acme Corp", brandColor: "#112233" } });
    expect(ok.status).toBe(200);
    expect((await ok.json()).workspace).toMatchObject({ companyName: "Acme Corp", brandColor: "#112233" });
    expect((await (await repA.fetch("/api/console/workspace")).json()).workspace.companyName).toBe("Acme Corp");
  });
});
