import { and, desc, eq, gt, lte, ne } from "drizzle-orm";
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

/** Signs a user out everywhere. Returns how many sessions ended. */
export function deleteSessionsOfUser(userId: string): number {
  return getDb().delete(sessions).where(eq(sessions.userId, userId)).run().changes;
}

/** A user's live sessions, newest first. */
export function listLiveSessionsOfUser(userId: string, now = Date.now()): SessionRow[] {
  return getDb()
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .all();
}

/** Ends one of the user's own sessions. False when it is not theirs or already gone. */
export function deleteSessionOfUser(userId: string, id: string): boolean {
  return getDb().delete(sessions).where(and(eq(sessions.id, id), eq(sessions.userId, userId))).run().changes > 0;
}

/** Ends every session of the user but `keepId`. Returns how many ended. */
export function deleteOtherSessionsOfUser(userId: string, keepId: string): number {
  return getDb().delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepId))).run().changes;
}

export function deleteExpiredSessions(now = Date.now()): number {
  return getDb().delete(sessions).where(lte(sessions.expiresAt, now)).run().changes;
}
