import { and, asc, count, eq, isNull, ne } from "drizzle-orm";
import { getDb } from "../index";
import { apiTokens, sessions, users } from "../schema";

export type UserRow = typeof users.$inferSelect;
export type NewUser = Omit<typeof users.$inferInsert, "createdAt" | "updatedAt">;

export function countUsers(): number {
  return getDb().select({ n: count() }).from(users).get()?.n ?? 0;
}

export function findUserByEmail(email: string): UserRow | undefined {
  return getDb().select().from(users).where(eq(users.email, email)).get();
}

export function findUserById(id: string): UserRow | undefined {
  return getDb().select().from(users).where(eq(users.id, id)).get();
}

export function listUsers(): UserRow[] {
  return getDb().select().from(users).orderBy(asc(users.name)).all();
}

export function insertUser(user: NewUser, now = Date.now()): UserRow {
  return getDb()
    .insert(users)
    .values({ ...user, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

/**
 * Creates the first admin only while there is no user at all, atomically, so two browsers racing
 * through setup cannot both become admin. Returns undefined when someone else got there first.
 */
export function insertFirstAdmin(user: NewUser, now = Date.now()): UserRow | undefined {
  const db = getDb();
  return db.transaction((tx) => {
    const existing = tx.select({ n: count() }).from(users).get()?.n ?? 0;
    if (existing > 0) return undefined;
    return tx
      .insert(users)
      .values({ ...user, role: "admin", createdAt: now, updatedAt: now })
      .returning()
      .get();
  }, { behavior: "immediate" });
}

/**
 * A new password, and in the same transaction the user's sessions ended (all, or all but
 * `keepSessionId`) and, when asked, their API tokens revoked. Undefined when there is no such user.
 */
export function replacePassword(input: { userId: string; passwordHash: string; keepSessionId: string | null; revokeTokens: boolean; now?: number }): { sessionsEnded: number; tokensRevoked: number } | undefined {
  const now = input.now ?? Date.now();
  return getDb().transaction(
    (tx) => {
      const changed = tx.update(users).set({ passwordHash: input.passwordHash, updatedAt: now }).where(eq(users.id, input.userId)).run().changes;
      if (!changed) return undefined;
      const whichSessions = input.keepSessionId ? and(eq(sessions.userId, input.userId), ne(sessions.id, input.keepSessionId)) : eq(sessions.userId, input.userId);
      const sessionsEnded = tx.delete(sessions).where(whichSessions).run().changes;
      const tokensRevoked = input.revokeTokens
        ? tx.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, input.userId), isNull(apiTokens.revokedAt))).run().changes
        : 0;
      return { sessionsEnded, tokensRevoked };
    },
    { behavior: "immediate" },
  );
}

export type ProfileChanges = Partial<Pick<UserRow, "name" | "title" | "phone" | "photoUrl" | "calendarUrl">>;

export function updateUserProfile(id: string, changes: ProfileChanges, now = Date.now()): UserRow | undefined {
  return getDb()
    .update(users)
    .set({ ...changes, updatedAt: now })
    .where(eq(users.id, id))
    .returning()
    .get();
}
