/** Console sessions: a random token in an httpOnly cookie; the database keeps only its hash. */
import { deleteSessionByTokenHash, findLiveSession, insertSession, touchSession } from "../../db/queries/sessions";
import type { UserRow } from "../../db/queries/users";
import { config } from "../config";
import { newId } from "../ids";
import { randomSecret, sha256 } from "./secrets";

export const SESSION_COOKIE = "rb_session";

/** Extending the expiry on every request would write on every page view; once a minute is plenty. */
const TOUCH_INTERVAL_MS = 60_000;

const ttlMs = () => config().SESSION_TTL_HOURS * 3_600_000;

export function createSession(userId: string, userAgent: string | null, now = Date.now()): { token: string; expiresAt: number } {
  const token = randomSecret(32);
  const expiresAt = now + ttlMs();
  insertSession({
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

/** The user a session token belongs to, sliding its expiry forward; undefined when unknown or expired. */
export function userForSessionToken(token: string | undefined, now = Date.now()): UserRow | undefined {
  if (!token || token.length > 200) return undefined;
  const found = findLiveSession(sha256(token), now);
  if (!found) return undefined;
  if (now - found.session.lastSeenAt > TOUCH_INTERVAL_MS) {
    try {
      touchSession(found.session.id, now, now + ttlMs());
    } catch (e) {
      // Sliding the expiry is bookkeeping: a busy database must not sign anyone out.
      console.error("[ringback] could not extend a session:", (e as Error).message);
    }
  }
  return found.user;
}

export function destroySession(token: string | undefined): void {
  if (token) deleteSessionByTokenHash(sha256(token));
}

