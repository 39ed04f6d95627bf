import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb, rowsChanged, write } from "../index";
import { apiTokens, users } from "../tables";
import type { UserRow } from "./users";

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertApiToken(row: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  return (await write((db) => db.insert(apiTokens).values(row).returning()))[0];
}

export async function listApiTokens(userId: string): Promise<ApiTokenRow[]> {
  return await getDb().select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

/** The unrevoked token with this hash, and its owner. */
export async function findActiveToken(tokenHash: string): Promise<{ token: ApiTokenRow; user: UserRow } | undefined> {
  return (await getDb()
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt))).limit(1))[0];
}

export async function markTokenUsed(id: string, at: number): Promise<void> {
  await write((db) => db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)));
}

/** Revokes one of the user's own tokens. False when it is not theirs, unknown or already revoked. */
export async function revokeApiToken(userId: string, id: string, at = Date.now()): Promise<boolean> {
  const r = await write((db) => db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))));
  return rowsChanged(r) > 0;
}
