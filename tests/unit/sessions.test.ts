import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/temp-db";

const TTL_HOURS = 2;
const TTL_MS = TTL_HOURS * 3_600_000;

const tmp = await useTempDatabase({ SESSION_TTL_HOURS: String(TTL_HOURS) });
const { createSession, destroySession, endOtherSessions, endSession, listSessions, sessionTokenFrom, sessionTokenFromCookieHeader, userForSessionToken } = await import("../../lib/auth/sessions");
const { changeOwnPassword, createUser, resetPassword, signIn } = await import("../../lib/accounts");
const { createApiToken, userForBearer } = await import("../../lib/auth/tokens");
const { sha256 } = await import("../../lib/auth/secrets");
const { getDb } = await import("../../db/index");
const { sessions } = await import("../../db/schema");
afterAll(tmp.cleanup);

const rep = await createUser({ email: "rep@acme.test", password: "correct horse battery", name: "Rita Rep" });
const other = await createUser({ email: "other@acme.test", password: "correct horse battery", name: "Otto Other" });
const T0 = Date.UTC(2030, 0, 1, 9, 0, 0);

const rowFor = (token: string) => getDb().select().from(sessions).all().find((s) => s.tokenHash === sha256(token));

describe("console sessions", () => {
  it("live in the temporary database", () => {
    expect(fs.existsSync(tmp.dbPath)).toBe(true);
  });

  it("resolve a new session's token to its user", async () => {
    const { token, expiresAt } = await createSession(rep.id, "Vitest", T0);
    expect(expiresAt).toBe(T0 + TTL_MS);
    expect((await userForSessionToken(token, T0 + 1000))?.id).toBe(rep.id);
    const { token: otherToken } = await createSession(other.id, null, T0);
    expect((await userForSessionToken(otherToken, T0 + 1000))?.id).toBe(other.id);
  });

  it("store only a hash of the token", async () => {
    const { token } = await createSession(rep.id, null, T0);
    const row = rowFor(token);
    expect(row).toBeDefined();
    expect(JSON.stringify(getDb().select().from(sessions).all())).not.toContain(token);
  });

  it("give two sessions different tokens", async () => {
    const a = (await createSession(rep.id, null, T0)).token;
    const b = (await createSession(rep.id, null, T0)).token;
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(43);
  });

  it("do not resolve once expired", async () => {
    const { token, expiresAt } = await createSession(rep.id, null, T0);
    expect((await userForSessionToken(token, expiresAt - 1))?.id).toBe(rep.id);
    // A fresh session, unused since creation, expired exactly at its expiry time.
    const { token: idle, expiresAt: idleExpiry } = await createSession(rep.id, null, T0);
    expect(await userForSessionToken(idle, idleExpiry)).toBeUndefined();
    expect(await userForSessionToken(idle, idleExpiry + 3_600_000)).toBeUndefined();
  });

  it("slide the expiry forward when used", async () => {
    const { token } = await createSession(rep.id, null, T0);
    const usedAt = T0 + TTL_MS - 60 * 60_000;
    expect((await userForSessionToken(token, usedAt))?.id).toBe(rep.id);
    expect(rowFor(token)?.expiresAt).toBe(usedAt + TTL_MS);
    // Past the original expiry, still signed in thanks to the use.
    expect((await userForSessionToken(token, T0 + TTL_MS + 60_000))?.id).toBe(rep.id);
  });

  it("do not write on every request: a use within a minute leaves the row alone", async () => {
    const { token } = await createSession(rep.id, null, T0);
    await userForSessionToken(token, T0 + 30_000);
    expect(rowFor(token)).toMatchObject({ lastSeenAt: T0, expiresAt: T0 + TTL_MS });
  });

  it("reject unknown, empty and oversized tokens", async () => {
    await createSession(rep.id, null, T0);
    expect(await userForSessionToken(undefined, T0)).toBeUndefined();
    expect(await userForSessionToken("", T0)).toBeUndefined();
    expect(await userForSessionToken("not-a-session-token", T0)).toBeUndefined();
    expect(await userForSessionToken("x".repeat(201), T0)).toBeUndefined();
  });

  it("end with destroySession, leaving the user's other sessions alone", async () => {
    const { token } = await createSession(rep.id, null, T0);
    const { token: kept } = await createSession(rep.id, null, T0);
    await destroySession(token);
    expect(await userForSessionToken(token, T0 + 1)).toBeUndefined();
    expect(rowFor(token)).toBeUndefined();
    expect((await userForSessionToken(kept, T0 + 1))?.id).toBe(rep.id);
    await destroySession(undefined);
    await destroySession("unknown");
  });

  it("all end when an admin resets the user's password, and so do the user's API tokens", async () => {
    const { token } = await createSession(other.id, null, T0);
    const { token: repToken } = await createSession(rep.id, null, T0);
    const { token: apiToken } = await createApiToken(other.id, "CRM", T0);
    const { token: repApiToken } = await createApiToken(rep.id, "CRM", T0);
    const ended = await resetPassword(other.id, "a brand new password");
    // Every session of theirs (one more from an earlier test), and the one token.
    expect(ended).toEqual({ sessionsEnded: 2, tokensRevoked: 1 });
    expect(await userForSessionToken(token, T0 + 1)).toBeUndefined();
    expect(await userForBearer(`Bearer ${apiToken}`)).toBeUndefined();
    expect((await userForSessionToken(repToken, T0 + 1))?.id).toBe(rep.id);
    expect((await userForBearer(`Bearer ${repApiToken}`))?.id).toBe(rep.id);
  });

  it("all end on a reset that keeps the API tokens", async () => {
    const { token } = await createSession(other.id, null, T0);
    const { token: apiToken } = await createApiToken(other.id, "CRM", T0);
    expect(await resetPassword(other.id, "another new password", { keepTokens: true })).toEqual({ sessionsEnded: 1, tokensRevoked: 0 });
    expect(await userForSessionToken(token, T0 + 1)).toBeUndefined();
    expect((await userForBearer(`Bearer ${apiToken}`))?.id).toBe(other.id);
  });
});

describe("a user's own password change", () => {
  it("keeps the session it was made from, ends the others, and revokes tokens only when asked", async () => {
    const user = await createUser({ email: "changer@acme.test", password: "the old password", name: "Cora Changer" });
    const here = (await createSession(user.id, null)).token;
    const there = (await createSession(user.id, null)).token;
    const { token: apiToken } = await createApiToken(user.id, "CRM");
    const ctx = { clientIp: "192.0.2.7", sessionToken: here };

    const wrong = await changeOwnPassword(user, { currentPassword: "not it", newPassword: "the new password", revokeTokens: true }, ctx);
    expect(wrong).toEqual({ ok: false, reason: "wrong_password" });
    expect((await userForSessionToken(there))?.id).toBe(user.id);

    expect(await changeOwnPassword(user, { currentPassword: "the old password", newPassword: "the new password", revokeTokens: false }, ctx)).toEqual({ ok: true, sessionsEnded: 1, tokensRevoked: 0 });
    expect((await userForSessionToken(here))?.id).toBe(user.id);
    expect(await userForSessionToken(there)).toBeUndefined();
    expect((await userForBearer(`Bearer ${apiToken}`))?.id).toBe(user.id);
    expect((await signIn(user.email, "the old password", "192.0.2.8")).ok).toBe(false);
    expect((await signIn(user.email, "the new password", "192.0.2.8")).ok).toBe(true);
  });
});

describe("the cookie that carries the session", () => {
  it("is read under the https name first, then the plain name", () => {
    const jar = (cookies: Record<string, string>) => (name: string) => cookies[name];
    expect(sessionTokenFrom(jar({ "__Host-rb_session": "secure", rb_session: "plain" }))).toBe("secure");
    expect(sessionTokenFrom(jar({ rb_session: "plain" }))).toBe("plain");
    expect(sessionTokenFrom(jar({ other: "x" }))).toBeUndefined();
    expect(sessionTokenFrom(jar({ "__Host-rb_session": "", rb_session: "plain" }))).toBe("plain");
  });

  it("is found in a raw Cookie header, by its exact name", () => {
    expect(sessionTokenFromCookieHeader("a=1; __Host-rb_session=abc; rb_session=def")).toBe("abc");
    expect(sessionTokenFromCookieHeader("x_rb_session=evil; rb_session=def")).toBe("def");
    expect(sessionTokenFromCookieHeader("rb_session=abc=")).toBe("abc=");
    expect(sessionTokenFromCookieHeader("")).toBeUndefined();
    expect(sessionTokenFromCookieHeader(undefined)).toBeUndefined();
  });
});

describe("a user's list of sessions", () => {
  const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

  it("shows live sessions newest first, with the device and which one is current", async () => {
    const user = await createUser({ email: "lister@acme.test", password: "correct horse battery", name: "Lee Lister" });
    const now = Date.now();
    const a = (await createSession(user.id, IPHONE, now - 2000)).token;
    const b = (await createSession(user.id, null, now - 1000)).token;
    await createSession(user.id, null, now - 10 * TTL_MS); // expired: not listed
    const list = await listSessions(user.id, a, now);
    expect(list.map((s) => s.current)).toEqual([false, true]);
    expect(list[1]).toMatchObject({ device: "mobile", os: "iOS", browser: "Safari", createdAt: now - 2000, lastSeenAt: now - 2000 });
    expect(list[0]).toMatchObject({ os: "Other", browser: "Other" });
    expect(JSON.stringify(list)).not.toContain(a);
    expect((await listSessions(user.id, b, now)).find((s) => s.current)?.id).toBe(list[0].id);
  });

  it("ends one of the user's own sessions, never another user's", async () => {
    const user = await createUser({ email: "ender@acme.test", password: "correct horse battery", name: "Ena Ender" });
    const mine = (await createSession(user.id, null)).token;
    const phone = (await createSession(user.id, IPHONE)).token;
    const theirs = (await createSession(rep.id, null)).token;
    const theirId = (await listSessions(rep.id, theirs)).find((s) => s.current)!.id;
    expect(await endSession(user.id, theirId, mine)).toEqual({ ended: false, wasCurrent: false });
    expect((await userForSessionToken(theirs))?.id).toBe(rep.id);

    const phoneId = (await listSessions(user.id, phone)).find((s) => s.current)!.id;
    expect(await endSession(user.id, phoneId, mine)).toEqual({ ended: true, wasCurrent: false });
    expect(await userForSessionToken(phone)).toBeUndefined();
    const mineId = (await listSessions(user.id, mine)).find((s) => s.current)!.id;
    expect(await endSession(user.id, mineId, mine)).toEqual({ ended: true, wasCurrent: true });
  });

  it("signs out everywhere else, keeping the current one", async () => {
    const user = await createUser({ email: "elsewhere@acme.test", password: "correct horse battery", name: "Eli Elsewhere" });
    const here = (await createSession(user.id, null)).token;
    const others = [(await createSession(user.id, null)).token, (await createSession(user.id, IPHONE)).token];
    const unrelated = (await createSession(rep.id, null)).token;
    expect(await endOtherSessions(user.id, here)).toBe(2);
    expect((await userForSessionToken(here))?.id).toBe(user.id);
    for (const t of others) expect(await userForSessionToken(t)).toBeUndefined();
    expect((await userForSessionToken(unrelated))?.id).toBe(rep.id);
    // Without a current session of this user's, nothing is ended.
    expect(await endOtherSessions(user.id, unrelated)).toBe(0);
    expect(await endOtherSessions(user.id, undefined)).toBe(0);
  });
});

describe("the expired-session sweep", () => {
  it("removes only sessions past their expiry", async () => {
    const { deleteExpiredSessions } = await import("../../db/queries/sessions");
    const { token: old } = await createSession(rep.id, null, T0 - 10 * TTL_MS);
    const { token: fresh } = await createSession(rep.id, null, T0);
    expect(rowFor(old)).toBeDefined();
    const removed = await deleteExpiredSessions(T0 + 1000);
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(rowFor(old)).toBeUndefined();
    expect(rowFor(fresh)).toBeDefined();
  });
});
