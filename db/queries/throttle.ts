import { and, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import { getDb, rowsChanged, transaction, write } from "../index";
import { loginThrottle } from "../tables";

export type ThrottleRow = typeof loginThrottle.$inferSelect;

export async function getThrottleRows(keys: string[]): Promise<ThrottleRow[]> {
  if (keys.length === 0) return [];
  return await getDb().select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
}

export async function saveThrottleRow(row: ThrottleRow): Promise<void> {
  await write((db) => db
    .insert(loginThrottle)
    .values(row)
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: { failures: row.failures, windowStartedAt: row.windowStartedAt, blockedUntil: row.blockedUntil },
    }));
}

export async function clearThrottle(key: string): Promise<void> {
  await write((db) => db.delete(loginThrottle).where(eq(loginThrottle.key, key)));
}

/** Rows whose window started before `before` and that block nothing at `now`. */
export async function deleteStaleThrottleRows(before: number, now: number): Promise<number> {
  return rowsChanged(await write((db) => db
    .delete(loginThrottle)
    .where(and(lt(loginThrottle.windowStartedAt, before), or(isNull(loginThrottle.blockedUntil), lte(loginThrottle.blockedUntil, now))))));
}

/** Runs `fn` (which reads and writes throttle rows) in one IMMEDIATE transaction: check and count are one step. */
export async function inThrottleTransaction<T>(fn: () => Promise<T>): Promise<T> {
  return transaction(() => fn());
}
