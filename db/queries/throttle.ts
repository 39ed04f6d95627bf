import { and, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import { getDb } from "../index";
import { loginThrottle } from "../schema";

export type ThrottleRow = typeof loginThrottle.$inferSelect;

export function getThrottleRows(keys: string[]): ThrottleRow[] {
  if (keys.length === 0) return [];
  return getDb().select().from(loginThrottle).where(inArray(loginThrottle.key, keys)).all();
}

export function saveThrottleRow(row: ThrottleRow): void {
  getDb()
    .insert(loginThrottle)
    .values(row)
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: { failures: row.failures, windowStartedAt: row.windowStartedAt, blockedUntil: row.blockedUntil },
    })
    .run();
}

export function clearThrottle(key: string): void {
  getDb().delete(loginThrottle).where(eq(loginThrottle.key, key)).run();
}

/** Rows whose window started before `before` and that block nothing at `now`. */
export function deleteStaleThrottleRows(before: number, now: number): number {
  return getDb()
    .delete(loginThrottle)
    .where(and(lt(loginThrottle.windowStartedAt, before), or(isNull(loginThrottle.blockedUntil), lte(loginThrottle.blockedUntil, now))))
    .run().changes;
}

/** Runs `fn` (which reads and writes throttle rows) in one IMMEDIATE transaction: check and count are one step. */
export function inThrottleTransaction<T>(fn: () => T): T {
  return getDb().transaction(() => fn(), { behavior: "immediate" });
}
