/**
 * Sign-in throttling: after too many failures within a window, an account (and, with a higher
 * limit, a client address) must wait until the window ends. Counters live in the database so a
 * restart does not reset them. Limits come from lib/config.ts.
 */
import { clearThrottle, getThrottleRows, saveThrottleRow, type ThrottleRow } from "../../db/queries/throttle";
import { config } from "../config";

export type ThrottleKeys = { account: string; client: string };

export function throttleKeys(email: string, clientIp: string): ThrottleKeys {
  return { account: `account:${email.toLowerCase()}`, client: `client:${clientIp}` };
}

/** Milliseconds until sign-in may be tried again, or 0 when it may be tried now. */
export function retryAfterMs(keys: ThrottleKeys, now = Date.now()): number {
  const rows = getThrottleRows([keys.account, keys.client]);
  return Math.max(0, ...rows.map((r) => (r.blockedUntil ?? 0) - now));
}

export function recordFailure(keys: ThrottleKeys, now = Date.now()): void {
  const cfg = config();
  const windowMs = cfg.LOGIN_THROTTLE_WINDOW_MINUTES * 60_000;
  const rows = new Map(getThrottleRows([keys.account, keys.client]).map((r) => [r.key, r]));
  const limits: [string, number][] = [
    [keys.account, cfg.LOGIN_MAX_FAILURES_PER_ACCOUNT],
    [keys.client, cfg.LOGIN_MAX_FAILURES_PER_CLIENT],
  ];
  for (const [key, limit] of limits) {
    const prev = rows.get(key);
    const fresh = !prev || now - prev.windowStartedAt >= windowMs;
    const row: ThrottleRow = fresh
      ? { key, failures: 1, windowStartedAt: now, blockedUntil: null }
      : { ...prev, failures: prev.failures + 1 };
    if (row.failures >= limit) row.blockedUntil = row.windowStartedAt + windowMs;
    saveThrottleRow(row);
  }
}

/** A successful sign-in clears the account's counter (not the client's: one good password must not unlock guessing others). */
export function recordSuccess(keys: ThrottleKeys): void {
  clearThrottle(keys.account);
}
