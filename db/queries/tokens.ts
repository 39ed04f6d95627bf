import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "../index";
import { apiTokens, users } from "../schema";
import type { UserRow } from "./users";

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export function insertApiToken(row: typeof apiTokens.$inferInsert): ApiTokenRow {
  return getDb().insert(apiTokens).values(row).returning().get();
}

export function listApiTokens(userId: string): ApiTokenRow[] {
  return getDb().select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt)).all();
}

/** The unrevoked token with this hash, and its owner. */
export function findActiveToken(tokenHash: string): { token: ApiTokenRow; user: UserRow } | undefined {
  return getDb()
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .get();
}

export function markTokenUsed(id: string, at: number): void {
  getDb().update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run();
}

/** Revokes one of the user's own tokens. False when it is not theirs, unknown or already revoked. */
export function revokeApiToken(userId: string, id: string, at = Date.now()): boolean {
  const r = getDb()
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .run();
  return r.changes > 0;
}
