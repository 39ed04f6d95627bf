/** Console sessions: a random token in an httpOnly cookie; the database keeps only its hash. */
import {
  deleteOtherSessionsOfUser,
  deleteSessionByTokenHash,
  deleteSessionOfUser,
  findLiveSession,
  insertSession,
  listLiveSessionsOfUser,
  touchSession,
  type SessionRow,
} from "../../db/queries/sessions";
import type { UserRow } from "../../db/queries/users";
import { config } from "../config";
import { newId } from "../ids";
import { parseAgent, type ParsedAgent } from "../visits/ua";
import { randomSecret, sha256 } from "./secrets";

/**
 * The session cookie's names. Over https it is `__Host-rb_session`: a browser keeps such a cookie
 * only when it is Secure, has Path=/ and no Domain, so no subdomain (or a plain-http page) can
 * plant or overwrite it. Over plain http it is `rb_session`.
 */
export const SESSION_COOKIE_HTTPS = "__Host-rb_session";
export const SESSION_COOKIE = "rb_session";

/**
 * The session token from whichever cookie carries it — the https name first; the plain name still
 * works, for plain-http installations and for sessions made before the https name existed.
 */
export function sessionTokenFrom(read: (name: string) => string | undefined): string | undefined {
  return read(SESSION_COOKIE_HTTPS) || read(SESSION_COOKIE) || undefined;
}

/** The same, from a raw `Cookie:` header (the HTTP layer in lib/server.ts has no cookie parser). */
export function sessionTokenFromCookieHeader(header: string | undefined): string | undefined {
  const jar = new Map<string, string>();
  for (const part of String(header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) {
      const name = part.slice(0, i).trim();
      if (!jar.has(name)) jar.set(name, part.slice(i + 1).trim());
    }
  }
  return sessionTokenFrom((name) => jar.get(name));
}

/** Extending the expiry on every request would write on every page view; once a minute is plenty. */
const TOUCH_INTERVAL_MS = 60_000;

const ttlMs = () => config().SESSION_TTL_HOURS * 3_600_000;

export async function createSession(userId: string, userAgent: string | null, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
  const token = randomSecret(32);
  const expiresAt = now + ttlMs();
  await insertSession({
    id: newId("ses"),
    userId,
    tokenHash: sha256(token),
    createdAt: now,
    expiresAt,
    lastSeenAt: now,
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

/** The live session behind a token, and its user, sliding its expiry forward; undefined when unknown or expired. */
export async function sessionForToken(token: string | undefined, now = Date.now()): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  if (!token || token.length > 200) return undefined;
  const found = await findLiveSession(sha256(token), now);
  if (!found) return undefined;
  if (now - found.session.lastSeenAt > TOUCH_INTERVAL_MS) {
    try {
      await touchSession(found.session.id, now, now + ttlMs());
    } catch (e) {
      // Sliding the expiry is bookkeeping: a busy database must not sign anyone out.
      console.error("[ringback] could not extend a session:", (e as Error).message);
    }
  }
  return found;
}

/** The user a session token belongs to (see sessionForToken). */
export async function userForSessionToken(token: string | undefined, now = Date.now()): Promise<UserRow | undefined> {
  return (await sessionForToken(token, now))?.user;
}

export async function destroySession(token: string | undefined): Promise<void> {
  if (token) await deleteSessionByTokenHash(sha256(token));
}

/** A session as its owner sees it in Settings: the device it was opened on, never its token. */
export type SessionView = { id: string; device: ParsedAgent["device"]; os: string; browser: string; createdAt: number; lastSeenAt: number; current: boolean };

/** The user's live sessions, newest first, marking the one `currentToken` belongs to. */
export async function listSessions(userId: string, currentToken: string | undefined, now = Date.now()): Promise<SessionView[]> {
  const currentHash = currentToken ? sha256(currentToken) : null;
  return (await listLiveSessionsOfUser(userId, now)).map((s) => {
    const agent = parseAgent(s.userAgent);
    return { id: s.id, device: agent.device, os: agent.os, browser: agent.browser, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, current: s.tokenHash === currentHash };
  });
}

/** Ends one of the user's own sessions (another user's id is "not found", never theirs to end). */
export async function endSession(userId: string, sessionId: string, currentToken: string | undefined): Promise<{ ended: boolean; wasCurrent: boolean }> {
  const current = currentToken ? (await findLiveSession(sha256(currentToken)))?.session : undefined;
  const ended = await deleteSessionOfUser(userId, sessionId);
  return { ended, wasCurrent: ended && current?.id === sessionId };
}

/** "Sign out everywhere else": every session of the user but the current one. Returns how many ended. */
export async function endOtherSessions(userId: string, currentToken: string | undefined): Promise<number> {
  const current = currentToken ? (await findLiveSession(sha256(currentToken)))?.session : undefined;
  if (!current || current.userId !== userId) return 0;
  return deleteOtherSessionsOfUser(userId, current.id);
}

/** The id of the live session behind a token, if any. */
export async function sessionIdOf(token: string | undefined): Promise<string | undefined> {
  return token ? (await findLiveSession(sha256(token)))?.session.id : undefined;
}
