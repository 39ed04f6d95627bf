import { and, asc, count, eq, isNull, ne } from "drizzle-orm";
import { getDb, rowsChanged, transaction, write } from "../index";
import { apiTokens, sessions, users } from "../tables";

export type UserRow = typeof users.$inferSelect;
export type NewUser = Omit<typeof users.$inferInsert, "createdAt" | "updatedAt">;

export async function countUsers(): Promise<number> {
  return (await getDb().select({ n: count() }).from(users).limit(1))[0]?.n ?? 0;
}

export async function findUserByEmail(email: string): Promise<UserRow | undefined> {
  return (await getDb().select().from(users).where(eq(users.email, email)).limit(1))[0];
}

export async function findUserById(id: string): Promise<UserRow | undefined> {
  return (await getDb().select().from(users).where(eq(users.id, id)).limit(1))[0];
}

export async function listUsers(): Promise<UserRow[]> {
  return await getDb().select().from(users).orderBy(asc(users.name));
}

export async function insertUser(user: NewUser, now = Date.now()): Promise<UserRow> {
  return (await write((db) => db
    .insert(users)
    .values({ ...user, createdAt: now, updatedAt: now })
    .returning()))[0];
}

/**
 * Creates the first admin only while there is no user at all, atomically, so two browsers racing
 * through setup cannot both become admin. Returns undefined when someone else got there first.
 */
export async function insertFirstAdmin(user: NewUser, now = Date.now()): Promise<UserRow | undefined> {
  return transaction(async (tx) => {
    const existing = (await tx.select({ n: count() }).from(users).limit(1))[0]?.n ?? 0;
    if (existing > 0) return undefined;
    return (await tx
      .insert(users)
      .values({ ...user, role: "admin", createdAt: now, updatedAt: now })
      .returning())[0];
  });
}

/**
 * A new password, and in the same transaction the user's sessions ended (all, or all but
 * `keepSessionId`) and, when asked, their API tokens revoked. Undefined when there is no such user.
 */
export async function replacePassword(input: { userId: string; passwordHash: string; keepSessionId: string | null; revokeTokens: boolean; now?: number }): Promise<{ sessionsEnded: number; tokensRevoked: number } | undefined> {
  const now = input.now ?? Date.now();
  return transaction(
    async (tx) => {
      const changed = rowsChanged(await tx.update(users).set({ passwordHash: input.passwordHash, updatedAt: now }).where(eq(users.id, input.userId)));
      if (!changed) return undefined;
      const whichSessions = input.keepSessionId ? and(eq(sessions.userId, input.userId), ne(sessions.id, input.keepSessionId)) : eq(sessions.userId, input.userId);
      const sessionsEnded = rowsChanged(await tx.delete(sessions).where(whichSessions));
      const tokensRevoked = input.revokeTokens
        ? rowsChanged(await tx.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, input.userId), isNull(apiTokens.revokedAt))))
        : 0;
      return { sessionsEnded, tokensRevoked };
    });
}

export type ProfileChanges = Partial<Pick<UserRow, "name" | "title" | "phone" | "photoUrl" | "calendarUrl">>;

export async function updateUserProfile(id: string, changes: ProfileChanges, now = Date.now()): Promise<UserRow | undefined> {
  return (await write((db) => db
    .update(users)
    .set({ ...changes, updatedAt: now })
    .where(eq(users.id, id))
    .returning()))[0];
}
