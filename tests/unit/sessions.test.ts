import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/temp-db";

const TTL_HOURS = 2;
const TTL_MS = TTL_HOURS * 3_600_000;

const tmp = await useTempDatabase({ SESSION_TTL_HOURS: String(TTL_HOURS) });
const { createSession, destroySession, userForSessionToken } = await import("../../lib/auth/sessions");
const { createUser, resetPassword } = await import("../../lib/accounts");
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

  it("resolve a new session's token to its user", () => {
    const { token, expiresAt } = createSession(rep.id, "Vitest", T0);
    expect(expiresAt).toBe(T0 + TTL_MS);
    expect(userForSessionToken(token, T0 + 1000)?.id).toBe(rep.id);
    const { token: otherToken } = createSession(other.id, null, T0);
    expect(userForSessionToken(otherToken, T0 + 1000)?.id).toBe(other.id);
  });

  it("store only a hash of the token", () => {
    const { token } = createSession(rep.id, null, T0);
    const row = rowFor(token);
    expect(row).toBeDefined();
    expect(JSON.stringify(getDb().select().from(sessions).all())).not.toContain(token);
  });

  it("give two sessions different tokens", () => {
    const a = createSession(rep.id, null, T0).token;
    const b = createSession(rep.id, null, T0).token;
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(43);
  });

  it("do not resolve once expired", () => {
    const { token, expiresAt } = createSession(rep.id, null, T0);
    expect(userForSessionToken(token, expiresAt - 1)?.id).toBe(rep.id);
    // A fresh session, unused since creation, expired exactly at its expiry time.
    const { token: idle, expiresAt: idleExpiry } = createSession(rep.id, null, T0);
    expect(userForSessionToken(idle, idleExpiry)).toBeUndefined();
    expect(userForSessionToken(idle, idleExpiry + 3_600_000)).toBeUndefined();
  });

  it("slide the expiry forward when used", () => {
    const { token } = createSession(rep.id, null, T0);
    const usedAt = T0 + TTL_MS - 60 * 60_000;
    expect(userForSessionToken(token, usedAt)?.id).toBe(rep.id);
    expect(rowFor(token)?.expiresAt).toBe(usedAt + TTL_MS);
    // Past the original expiry, still signed in thanks to the use.
    expect(userForSessionToken(token, T0 + TTL_MS + 60_000)?.id).toBe(rep.id);
  });

  it("do not write on every request: a use within a minute leaves the row alone", () => {
    const { token } = createSession(rep.id, null, T0);
    userForSessionToken(token, T0 + 30_000);
    expect(rowFor(token)).toMatchObject({ lastSeenAt: T0, expiresAt: T0 + TTL_MS });
  });

  it("reject unknown, empty and oversized tokens", () => {
    createSession(rep.id, null, T0);
    expect(userForSessionToken(undefined, T0)).toBeUndefined();
    expect(userForSessionToken("", T0)).toBeUndefined();
    expect(userForSessionToken("not-a-session-token", T0)).toBeUndefined();
    expect(userForSessionToken("x".repeat(201), T0)).toBeUndefined();
  });

  it("end with destroySession, leaving the user's other sessions alone", () => {
    const { token } = createSession(rep.id, null, T0);
    const { token: kept } = createSession(rep.id, null, T0);
    destroySession(token);
    expect(userForSessionToken(token, T0 + 1)).toBeUndefined();
    expect(rowFor(token)).toBeUndefined();
    expect(userForSessionToken(kept, T0 + 1)?.id).toBe(rep.id);
    expect(() => destroySession(undefined)).not.toThrow();
    expect(() => destroySession("unknown")).not.toThrow();
  });

  it("all end when an admin resets the user's password", async () => {
    const { token } = createSession(other.id, null, T0);
    const { token: repToken } = createSession(rep.id, null, T0);
    await resetPassword(other.id, "a brand new password");
    expect(userForSessionToken(token, T0 + 1)).toBeUndefined();
    expect(userForSessionToken(repToken, T0 + 1)?.id).toBe(rep.id);
  });
});

describe("the expired-session sweep", () => {
  it("removes only sessions past their expiry", async () => {
    const { deleteExpiredSessions } = await import("../../db/queries/sessions");
    const { token: old } = createSession(rep.id, null, T0 - 10 * TTL_MS);
    const { token: fresh } = createSession(rep.id, null, T0);
    expect(rowFor(old)).toBeDefined();
    const removed = deleteExpiredSessions(T0 + 1000);
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(rowFor(old)).toBeUndefined();
    expect(rowFor(fresh)).toBeDefined();
  });
});
