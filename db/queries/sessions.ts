import { and, desc, eq, gt, lte, ne } from "drizzle-orm";
import { getDb, rowsChanged, write } from "../index";
import { sessions, users } from "../tables";
import type { UserRow } from "./users";

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(row: typeof sessions.$inferInsert): Promise<void> {
  await write((db) => db.insert(sessions).values(row));
}

/** The live session with this token hash, and its user. Expired sessions are not returned. */
export async function findLiveSession(tokenHash: string, now = Date.now()): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  return (await getDb()
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now))).limit(1))[0];
}

export async function touchSession(id: string, lastSeenAt: number, expiresAt: number): Promise<void> {
  await write((db) => db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id)));
}

export async function deleteSessionByTokenHash(tokenHash: string): Promise<void> {
  await write((db) => db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)));
}

/** Signs a user out everywhere. Returns how many sessions ended. */
export async function deleteSessionsOfUser(userId: string): Promise<number> {
  return rowsChanged(await write((db) => db.delete(sessions).where(eq(sessions.userId, userId))));
}

/** A user's live sessions, newest first. */
export async function listLiveSessionsOfUser(userId: string, now = Date.now()): Promise<SessionRow[]> {
  return await getDb()
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt), desc(sessions.id));
}

/** Ends one of the user's own sessions. False when it is not theirs or already gone. */
export async function deleteSessionOfUser(userId: string, id: string): Promise<boolean> {
  return rowsChanged(await write((db) => db.delete(sessions).where(and(eq(sessions.id, id), eq(sessions.userId, userId))))) > 0;
}

/** Ends every session of the user but `keepId`. Returns how many ended. */
export async function deleteOtherSessionsOfUser(userId: string, keepId: string): Promise<number> {
  return rowsChanged(await write((db) => db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepId)))));
}

export async function deleteExpiredSessions(now = Date.now()): Promise<number> {
  return rowsChanged(await write((db) => db.delete(sessions).where(lte(sessions.expiresAt, now))));
}
