/**
 * Sign-in throttling, built so that nobody can lock someone else out:
 *
 * - **per account and client** (`pair:`): LOGIN_MAX_FAILURES_PER_ACCOUNT failures for one account
 *   from one client within the window, and that client waits — for that account only — until the
 *   window ends. A stranger's guesses never hold the owner back on another client.
 * - **per client** (`client:`): LOGIN_MAX_FAILURES_PER_CLIENT failures from one client across
 *   accounts, and it waits until the window ends (stops one client spraying many accounts).
 * - **per account alone** (`account:`): only a delay, never a lock. After LOGIN_ACCOUNT_DELAY_AFTER
 *   failures from all clients together, each further attempt waits 1 s, 2 s, 4 s … up to
 *   LOGIN_ACCOUNT_DELAY_MAX_SECONDS after the last failure. This slows a crowd of addresses (a
 *   botnet) guessing one password; the count forgets only after a whole window without failures,
 *   so steady guessing stays slow.
 *
 * A browser that signed in to the account before (its device cookie, lib/auth/devices.ts) is held
 * back by nobody else's failures: it skips the account's delay and the client's wait, and its own
 * failures count per account *and that device* instead of per account and address — so a stranger
 * on the same network (an office, a mobile carrier's NAT) cannot lock it out either. A signed-in
 * user re-entering their password is counted per account and session the same way.
 *
 * A "client" is an IPv4 address, or an IPv6 /64 (one subscriber's whole network). Counters live in
 * the login_throttle table, so a restart does not reset them. An attempt is counted *before* the
 * password is checked, so parallel attempts cannot slip past a limit; a right password takes its
 * count back.
 */
import { isIPv4, isIPv6 } from "node:net";
import { deleteStaleThrottleRows, getThrottleRows, inThrottleTransaction, saveThrottleRow, clearThrottle, type ThrottleRow } from "../../db/queries/throttle";
import { config } from "../config";

/** The counters one attempt touches; `known` when it comes from a known device (or a signed-in session). */
export type ThrottleKeys = { pair: string; client: string; account: string; known: boolean };

const SECOND = 1000;

function settings() {
  const cfg = config();
  return {
    windowMs: cfg.LOGIN_THROTTLE_WINDOW_MINUTES * 60_000,
    pairLimit: cfg.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    clientLimit: cfg.LOGIN_MAX_FAILURES_PER_CLIENT,
    delayAfter: cfg.LOGIN_ACCOUNT_DELAY_AFTER,
    delayMaxMs: cfg.LOGIN_ACCOUNT_DELAY_MAX_SECONDS * SECOND,
  };
}

/** The eight 16-bit groups of an IPv6 address, as numbers. */
function ipv6Groups(address: string): number[] {
  let a = address;
  const v4 = a.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (v4) {
    const [b1, b2, b3, b4] = v4.slice(1).map(Number);
    a = a.slice(0, -v4[0].length) + `${((b1 << 8) | b2).toString(16)}:${((b3 << 8) | b4).toString(16)}`;
  }
  const [head, tail] = a.split("::");
  const h = head ? head.split(":") : [];
  const t = tail === undefined ? [] : tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

/**
 * Who "one client" is: an IPv4 address; an IPv6 address's /64, since one subscriber gets a whole
 * /64 and could otherwise take a new address for every guess; an IPv4-mapped IPv6 address as IPv4.
 */
export function clientKey(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, "");
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address.slice(0, 100);
  return `${ipv6Groups(address).slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/**
 * The keys for an attempt on `email` from `clientIp`. `knownAs` names a credential the caller has
 * already proven for this account — `device:<id>` for a verified device cookie, `session:<id>` for
 * a signed-in session — and then takes the client address's place in the per-account key.
 */
export function throttleKeys(email: string, clientIp: string, knownAs?: string): ThrottleKeys {
  const account = email.trim().toLowerCase();
  const client = clientKey(clientIp);
  return { pair: `pair:${account}|${knownAs ?? client}`, client: `client:${client}`, account: `account:${account}`, known: knownAs !== undefined };
}

/** How long one account makes everyone wait after its `failures`-th failure: 1 s, 2 s, 4 s … capped. */
function accountDelayMs(failures: number, s = settings()): number {
  if (failures < s.delayAfter) return 0;
  return Math.min(SECOND * 2 ** (failures - s.delayAfter), s.delayMaxMs);
}

async function rowsByKey(keys: ThrottleKeys): Promise<Map<string, ThrottleRow>> {
  return new Map((await getThrottleRows([keys.pair, keys.client, keys.account])).map((r) => [r.key, r]));
}

/** Milliseconds until sign-in may be tried again, or 0 when it may be tried now. */
export async function retryAfterMs(keys: ThrottleKeys, now = Date.now()): Promise<number> {
  const s = settings();
  const rows = await rowsByKey(keys);
  const waitOf = (key: string) => Math.max(0, (rows.get(key)?.blockedUntil ?? 0) - now);
  // A known device waits only for its own failures.
  if (keys.known) return waitOf(keys.pair);
  // The account's wait is capped here too, so no row (from an older rule, say) can ever make it a lock.
  return Math.max(waitOf(keys.pair), waitOf(keys.client), Math.min(waitOf(keys.account), s.delayMaxMs));
}

let lastSweep = 0;

/** Counts one failed attempt on every key. */
export async function recordFailure(keys: ThrottleKeys, now = Date.now()): Promise<void> {
  const s = settings();
  if (Math.abs(now - lastSweep) >= 60_000) {
    lastSweep = now;
    // Rows whose window has passed say nothing any more; without this the table grows with every address tried.
    await deleteStaleThrottleRows(now - s.windowMs, now);
  }
  const rows = await rowsByKey(keys);
  // Pair and client: a fixed window from the first failure; at the limit, blocked until it ends.
  for (const [key, limit] of [
    [keys.pair, s.pairLimit],
    [keys.client, s.clientLimit],
  ] as const) {
    const prev = rows.get(key);
    const fresh = !prev || now - prev.windowStartedAt >= s.windowMs;
    const row: ThrottleRow = fresh ? { key, failures: 1, windowStartedAt: now, blockedUntil: null } : { ...prev, failures: prev.failures + 1 };
    if (row.failures >= limit) row.blockedUntil = row.windowStartedAt + s.windowMs;
    await saveThrottleRow(row);
  }
  // The account: windowStartedAt is the last failure, so the count forgets only after a quiet window.
  const prev = rows.get(keys.account);
  const failures = !prev || now - prev.windowStartedAt >= s.windowMs ? 1 : prev.failures + 1;
  const delay = accountDelayMs(failures, s);
  await saveThrottleRow({ key: keys.account, failures, windowStartedAt: now, blockedUntil: delay ? now + delay : null });
}

export type Attempt = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Whether a sign-in (or a password check) may go ahead now; if so it is counted as a failure at
 * once, in the same transaction, so many attempts sent together cannot all pass the check before
 * any is counted. Call recordSuccess when the password turns out right.
 */
export async function beginAttempt(keys: ThrottleKeys, now = Date.now()): Promise<Attempt> {
  return inThrottleTransaction(async () => {
    const wait = await retryAfterMs(keys, now);
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    await recordFailure(keys, now);
    return { allowed: true };
  });
}

/**
 * The password was right: the pair starts over, and the client and the account each lose the
 * failure beginAttempt counted (one good password must not unlock guessing others, so no more).
 */
export async function recordSuccess(keys: ThrottleKeys, now = Date.now()): Promise<void> {
  const s = settings();
  await inThrottleTransaction(async () => {
    await clearThrottle(keys.pair);
    const rows = await rowsByKey(keys);
    const client = rows.get(keys.client);
    if (client && client.failures > 0 && now - client.windowStartedAt < s.windowMs) {
      const failures = client.failures - 1;
      await saveThrottleRow({ ...client, failures, blockedUntil: failures >= s.clientLimit ? client.blockedUntil : null });
    }
    const account = rows.get(keys.account);
    if (account && account.failures > 0) await saveThrottleRow({ ...account, failures: account.failures - 1 });
  });
}

/** "Try again in 12 seconds." / "… in 3 minutes." */
export function waitMessage(seconds: number): string {
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
