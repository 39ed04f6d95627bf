/**
 * Hits per key in fixed windows, for rate limits that must hold per client across every server.
 * PostgreSQL: one atomic upsert per hit in rate_windows (no write lock: it checks nothing else).
 * SQLite serves one server, so the count is kept in this process's memory — exact, and no write.
 */
import { lt, sql } from "drizzle-orm";
import { DIALECT, atomic, rowsChanged, write } from "../index";
import { rateWindows } from "../tables";

export type WindowCount = { hits: number; windowStartedAt: number };

// On globalThis: Next.js bundles db/ apart from the HTTP layer (lib/server.ts); both count here.
const shared = globalThis as unknown as { __ringbackRateWindows?: Map<string, WindowCount> };
const memory = (shared.__ringbackRateWindows ??= new Map<string, WindowCount>());
const MEMORY_MAX_KEYS = 100_000;

/** Counts one hit for `key` in its current window (a new window starts `windowMs` after the last one began); returns the count so far. */
export async function countHit(key: string, windowMs: number, now: number): Promise<WindowCount> {
  if (DIALECT === "sqlite") {
    let w = memory.get(key);
    if (!w || now - w.windowStartedAt >= windowMs) {
      if (memory.size >= MEMORY_MAX_KEYS) memory.clear(); // bounded under a distributed scan
      w = { hits: 0, windowStartedAt: now };
      memory.set(key, w);
    }
    w.hits++;
    return { ...w };
  }
  const expired = sql`${rateWindows.windowStartedAt} <= ${now - windowMs}::bigint`;
  const rows = await atomic((db) =>
    db
      .insert(rateWindows)
      .values({ key, windowStartedAt: now, hits: 1 })
      .onConflictDoUpdate({
        target: rateWindows.key,
        set: {
          hits: sql`case when ${expired} then 1 else ${rateWindows.hits} + 1 end`,
          windowStartedAt: sql`case when ${expired} then ${now}::bigint else ${rateWindows.windowStartedAt} end`,
        },
      })
      .returning({ hits: rateWindows.hits, windowStartedAt: rateWindows.windowStartedAt }),
  );
  return rows[0];
}

/** Forgets windows that began before `before` (a periodic sweep keeps the table small). */
export async function deleteStaleRateWindows(before: number): Promise<number> {
  if (DIALECT === "sqlite") {
    let n = 0;
    for (const [k, w] of memory) if (w.windowStartedAt < before) memory.delete(k), n++;
    return n;
  }
  return rowsChanged(await write((db) => db.delete(rateWindows).where(lt(rateWindows.windowStartedAt, before))));
}
