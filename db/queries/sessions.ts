import { and, eq, gt, lte } from "drizzle-orm";
import { getDb } from "../index";
import { sessions, users } from "../schema";
import type { UserRow } from "./users";

export type SessionRow = typeof sessions.$inferSelect;

export function insertSession(row: typeof sessions.$inferInsert): void {
  getDb().insert(sessions).values(row).run();
}

/** The live session with this token hash, and its user. Expired sessions are not returned. */
export function findLiveSession(tokenHash: string, now = Date.now()): { session: SessionRow; user: UserRow } | undefined {
  return getDb()
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
    .get();
}

export function touchSession(id: string, lastSeenAt: number, expiresAt: number): void {
  getDb().update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id)).run();
}

export function deleteSessionByTokenHash(tokenHash: string): void {
  getDb().delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
}

/** Signs a user out everywhere (after a password reset). */
export function deleteSessionsOfUser(userId: string): void {
  getDb().delete(sessions).where(eq(sessions.userId, userId)).run();
}

export function deleteExpiredSessions(now = Date.now()): number {
  return getDb().delete(sessions).where(lte(sessions.expiresAt, now)).run().changes;
}
