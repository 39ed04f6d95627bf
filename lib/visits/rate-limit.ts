/**
 * "At most N a minute per client", counted across every server (db/queries/rate-limits.ts): the
 * beacon's limit and the limit on unknown addresses tried.
 */
import { countHit } from "../../db/queries/rate-limits";

export type Limited = { ok: true } | { ok: false; retryAfterSeconds: number };

export function minuteLimiter(name: string, limit: () => number) {
  return async (client: string, now = Date.now()): Promise<Limited> => {
    const w = await countHit(`${name}:${client}`, 60_000, now);
    return w.hits <= limit() ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.windowStartedAt + 60_000 - now) / 1000)) };
  };
}
