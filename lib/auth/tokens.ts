/** Personal API tokens: `rbk_…`, shown once, stored as a SHA-256, revocable, last use recorded. */
import { findActiveToken, insertApiToken, listApiTokens, markTokenUsed, revokeApiToken, type ApiTokenRow } from "../../db/queries/tokens";
import type { UserRow } from "../../db/queries/users";
import { newId } from "../ids";
import { randomSecret, sha256 } from "./secrets";

const TOKEN_PREFIX = "rbk_";
/** Recording every use would write on every API call; a minute's precision is what a rep needs. */
const LAST_USED_PRECISION_MS = 60_000;

export type PublicToken = Pick<ApiTokenRow, "id" | "name" | "hint" | "createdAt" | "lastUsedAt" | "revokedAt">;

export function toPublicToken(t: ApiTokenRow): PublicToken {
  return { id: t.id, name: t.name, hint: t.hint, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt };
}

export async function createApiToken(userId: string, name: string, now = Date.now()): Promise<{ token: string; record: PublicToken }> {
  const token = TOKEN_PREFIX + randomSecret(24);
  const row = await insertApiToken({
    id: newId("tok"),
    userId,
    name,
    tokenHash: sha256(token),
    hint: token.slice(0, TOKEN_PREFIX.length + 4),
    createdAt: now,
  });
  return { token, record: toPublicToken(row) };
}

export async function listTokens(userId: string): Promise<PublicToken[]> {
  return (await listApiTokens(userId)).map(toPublicToken);
}

export async function revokeToken(userId: string, tokenId: string): Promise<boolean> {
  return revokeApiToken(userId, tokenId);
}

/** The user an `Authorization: Bearer …` header acts as, or undefined. */
export async function userForBearer(header: string | null, now = Date.now()): Promise<UserRow | undefined> {
  const match = header?.match(/^Bearer\s+(\S{1,200})\s*$/i);
  if (!match) return undefined;
  const found = await findActiveToken(sha256(match[1]));
  if (!found) return undefined;
  if (!found.token.lastUsedAt || now - found.token.lastUsedAt >= LAST_USED_PRECISION_MS) {
    try {
      await markTokenUsed(found.token.id, now);
    } catch (e) {
      // Bookkeeping: a busy database must not turn a valid token away.
      console.error("[ringback] could not record a token's last use:", (e as Error).message);
    }
  }
  return found.user;
}
