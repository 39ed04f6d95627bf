import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/temp-db";

const ACCOUNT_LIMIT = 3;
const CLIENT_LIMIT = 5;
const WINDOW_MS = 10 * 60_000;

const tmp = await useTempDatabase({
  LOGIN_MAX_FAILURES_PER_ACCOUNT: String(ACCOUNT_LIMIT),
  LOGIN_MAX_FAILURES_PER_CLIENT: String(CLIENT_LIMIT),
  LOGIN_THROTTLE_WINDOW_MINUTES: "10",
});
const { recordFailure, recordSuccess, retryAfterMs, throttleKeys } = await import("../../lib/auth/throttle");
const { getThrottleRows } = await import("../../db/queries/throttle");
afterAll(tmp.cleanup);

const T0 = Date.UTC(2030, 0, 1, 9, 0, 0);
let n = 0;
/** Fresh keys per test: an address and a client nobody else used. */
const fresh = () => {
  n++;
  return { email: `rep${n}@acme.test`, ip: `10.0.${n}.1` };
};

describe("sign-in throttling", () => {
  it("lets failures below the account limit through", () => {
    const { email, ip } = fresh();
    const keys = throttleKeys(email, ip);
    expect(retryAfterMs(keys, T0)).toBe(0);
    for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) recordFailure(keys, T0 + i * 1000);
    expect(retryAfterMs(keys, T0 + 5000)).toBe(0);
  });

  it("blocks the account at the limit until the window ends", () => {
    const { email, ip } = fresh();
    const keys = throttleKeys(email, ip);
    for (let i = 0; i < ACCOUNT_LIMIT; i++) recordFailure(keys, T0 + i * 1000);
    const wait = retryAfterMs(keys, T0 + 5000);
    expect(wait).toBeGreaterThan(0);
    // The window started at the first failure.
    expect(wait).toBe(T0 + WINDOW_MS - (T0 + 5000));
    // The block is per account: the same address from another client is blocked too…
    expect(retryAfterMs(throttleKeys(email, "192.0.2.99"), T0 + 5000)).toBeGreaterThan(0);
    // …but another account from the same client is not (the client limit is higher).
    expect(retryAfterMs(throttleKeys("someone-else@acme.test", ip), T0 + 5000)).toBe(0);
  });

  it("matches the account case-insensitively", () => {
    const { email, ip } = fresh();
    for (let i = 0; i < ACCOUNT_LIMIT; i++) recordFailure(throttleKeys(email.toUpperCase(), ip), T0);
    expect(retryAfterMs(throttleKeys(email, "192.0.2.1"), T0 + 1)).toBeGreaterThan(0);
  });

  it("unblocks when the window ends, and counts afresh after it", () => {
    const { email, ip } = fresh();
    const keys = throttleKeys(email, ip);
    for (let i = 0; i < ACCOUNT_LIMIT; i++) recordFailure(keys, T0);
    expect(retryAfterMs(keys, T0 + WINDOW_MS - 1)).toBe(1);
    expect(retryAfterMs(keys, T0 + WINDOW_MS)).toBe(0);
    expect(retryAfterMs(keys, T0 + WINDOW_MS + 60_000)).toBe(0);
    // A new window: one failure is not enough to block again.
    recordFailure(keys, T0 + WINDOW_MS + 60_000);
    expect(retryAfterMs(keys, T0 + WINDOW_MS + 61_000)).toBe(0);
    const [row] = getThrottleRows([keys.account]);
    expect(row).toMatchObject({ failures: 1, windowStartedAt: T0 + WINDOW_MS + 60_000, blockedUntil: null });
  });

  it("does not let old failures from an expired window add up", () => {
    const { email, ip } = fresh();
    const keys = throttleKeys(email, ip);
    for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) recordFailure(keys, T0);
    recordFailure(keys, T0 + WINDOW_MS + 1);
    expect(retryAfterMs(keys, T0 + WINDOW_MS + 2)).toBe(0);
  });

  it("blocks a client that fails across many accounts, at the client limit", () => {
    const { ip } = fresh();
    for (let i = 0; i < CLIENT_LIMIT - 1; i++) recordFailure(throttleKeys(`spray${n}-${i}@acme.test`, ip), T0 + i);
    expect(retryAfterMs(throttleKeys(`spray${n}-new@acme.test`, ip), T0 + 100)).toBe(0);
    recordFailure(throttleKeys(`spray${n}-last@acme.test`, ip), T0 + 100);
    expect(retryAfterMs(throttleKeys(`spray${n}-new@acme.test`, ip), T0 + 200)).toBeGreaterThan(0);
    // Another client signing in to one of those accounts is not affected.
    expect(retryAfterMs(throttleKeys(`spray${n}-0@acme.test`, "198.51.100.7"), T0 + 200)).toBe(0);
  });

  it("a success clears the account's counter but not the client's", () => {
    const { email, ip } = fresh();
    const keys = throttleKeys(email, ip);
    for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) recordFailure(keys, T0 + i);
    recordSuccess(keys);
    expect(getThrottleRows([keys.account])).toEqual([]);
    expect(getThrottleRows([keys.client])[0]?.failures).toBe(ACCOUNT_LIMIT - 1);

    // The account starts from zero: as many failures again stay below its limit…
    for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) recordFailure(keys, T0 + 10 + i);
    expect(retryAfterMs(throttleKeys(email, "192.0.2.50"), T0 + 20)).toBe(0);
    // …while the client kept counting, and one more failure from it reaches the client limit.
    expect(getThrottleRows([keys.client])[0]?.failures).toBe(2 * (ACCOUNT_LIMIT - 1));
    recordFailure(throttleKeys("other@acme.test", ip), T0 + 30);
    expect(retryAfterMs(throttleKeys("third@acme.test", ip), T0 + 40)).toBeGreaterThan(0);
  });

  it("a success does not lift a client block", () => {
    const { email, ip } = fresh();
    for (let i = 0; i < CLIENT_LIMIT; i++) recordFailure(throttleKeys(`x${i}-${n}@acme.test`, ip), T0);
    recordSuccess(throttleKeys(email, ip));
    expect(retryAfterMs(throttleKeys(email, ip), T0 + 1)).toBeGreaterThan(0);
  });
});
