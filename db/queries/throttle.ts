import { eq, inArray } from "drizzle-orm";
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
