/**
 * The sign-in throttling rule (lib/auth/throttle.ts): strict per account *and client*, per client
 * across accounts, and per account alone only a growing, capped delay — never a lock that a
 * stranger can put on someone else's account.
 */
import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/temp-db";

const PAIR_LIMIT = 3;
const CLIENT_LIMIT = 5;
const WINDOW_MS = 10 * 60_000;
const DELAY_AFTER = 8;
const DELAY_MAX_MS = 10_000;

const tmp = await useTempDatabase({
  LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PAIR_LIMIT),
  LOGIN_MAX_FAILURES_PER_CLIENT: String(CLIENT_LIMIT),
  LOGIN_THROTTLE_WINDOW_MINUTES: "10",
  LOGIN_ACCOUNT_DELAY_AFTER: String(DELAY_AFTER),
  LOGIN_ACCOUNT_DELAY_MAX_SECONDS: String(DELAY_MAX_MS / 1000),
});
const { beginAttempt, clientKey, recordFailure, recordSuccess, retryAfterMs, throttleKeys } = await import("../../lib/auth/throttle");
const { getThrottleRows } = await import("../../db/queries/throttle");
afterAll(tmp.cleanup);

const T0 = Date.UTC(2030, 0, 1, 9, 0, 0);
let n = 0;
/** Fresh keys per test: an account and a client nobody else used. */
const fresh = () => {
  n++;
  return { email: `rep${n}@acme.test`, ip: `10.0.${n}.1` };
};
/** A different client for each i (and each test): a crowd of addresses, as a botnet would have. */
const crowd = (i: number) => `172.${16 + n}.${Math.floor(i / 250)}.${(i % 250) + 1}`;

describe("per account and client", () => {
  it("lets failures below the limit through", async () => {
    const { email, ip } = fresh();
    const keys = throttleKeys(email, ip);
    expect(await retryAfterMs(keys, T0)).toBe(0);
    for (let i = 0; i < PAIR_LIMIT - 1; i++) await recordFailure(keys, T0 + i * 1000);
    expect(await retryAfterMs(keys, T0 + 5000)).toBe(0);
  });

  it("makes that client wait for that account until the window ends", async () => {
    const { email, ip } = fresh();
    const keys = throttleKeys(email, ip);
    for (let i = 0; i < PAIR_LIMIT; i++) await recordFailure(keys, T0 + i * 1000);
    // The window started at the first failure.
    expect(await retryAfterMs(keys, T0 + 5000)).toBe(T0 + WINDOW_MS - (T0 + 5000));
    expect(await retryAfterMs(keys, T0 + WINDOW_MS - 1)).toBe(1);
    expect(await retryAfterMs(keys, T0 + WINDOW_MS)).toBe(0);
  });

  it("never locks the account for its owner on another client", async () => {
    const { email, ip } = fresh();
    for (let i = 0; i < PAIR_LIMIT; i++) await recordFailure(throttleKeys(email, ip), T0 + i);
    expect(await retryAfterMs(throttleKeys(email, ip), T0 + 100)).toBeGreaterThan(0);
    expect(await retryAfterMs(throttleKeys(email, "192.0.2.99"), T0 + 100)).toBe(0);
    // …and the same client may still sign in to another account (its own limit is higher).
    expect(await retryAfterMs(throttleKeys(`other-${n}@acme.test`, ip), T0 + 100)).toBe(0);
  });

  it("matches the account case-insensitively", async () => {
    const { email, ip } = fresh();
    for (let i = 0; i < PAIR_LIMIT; i++) await recordFailure(throttleKeys(email.toUpperCase(), ip), T0);
    expect(await retryAfterMs(throttleKeys(` ${email} `, ip), T0 + 1)).toBeGreaterThan(0);
  });

  it("counts afresh after the window, and old failures do not add up", async () => {
    const { email, ip } = fresh();
    const keys = throttleKeys(email, ip);
    for (let i = 0; i < PAIR_LIMIT - 1; i++) await recordFailure(keys, T0);
    await recordFailure(keys, T0 + WINDOW_MS + 1);
    expect(await retryAfterMs(keys, T0 + WINDOW_MS + 2)).toBe(0);
    const [row] = await getThrottleRows([keys.pair]);
    expect(row).toMatchObject({ failures: 1, windowStartedAt: T0 + WINDOW_MS + 1, blockedUntil: null });
  });
});

describe("per client, across accounts", () => {
  it("makes a client that fails across many accounts wait, at the client limit", async () => {
    const { ip } = fresh();
    for (let i = 0; i < CLIENT_LIMIT - 1; i++) await recordFailure(throttleKeys(`spray${n}-${i}@acme.test`, ip), T0 + i);
    expect(await retryAfterMs(throttleKeys(`spray${n}-new@acme.test`, ip), T0 + 100)).toBe(0);
    await recordFailure(throttleKeys(`spray${n}-last@acme.test`, ip), T0 + 100);
    expect(await retryAfterMs(throttleKeys(`spray${n}-new@acme.test`, ip), T0 + 200)).toBe(T0 + WINDOW_MS - (T0 + 200));
    // Another client signing in to one of those accounts is not affected.
    expect(await retryAfterMs(throttleKeys(`spray${n}-0@acme.test`, "198.51.100.7"), T0 + 200)).toBe(0);
  });

  it("treats an IPv6 /64 as one client, and an IPv4-mapped address as its IPv4 address", async () => {
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe(clientKey("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    expect(clientKey("2001:db8:1:2::1")).not.toBe(clientKey("2001:db8:1:3::1"));
    expect(clientKey("2001:0db8:0001:0002::1")).toBe(clientKey("2001:db8:1:2::9"));
    expect(clientKey("::ffff:192.0.2.1")).toBe(clientKey("192.0.2.1"));
    expect(clientKey("192.0.2.1")).not.toBe(clientKey("192.0.2.2"));
    expect(clientKey("unknown")).toBe("unknown");

    n++;
    for (let i = 0; i < CLIENT_LIMIT; i++) await recordFailure(throttleKeys(`v6-${n}-${i}@acme.test`, `2001:db8:${n}:1::${i + 1}`), T0);
    expect(await retryAfterMs(throttleKeys(`v6-${n}-new@acme.test`, `2001:db8:${n}:1::abcd`), T0 + 1)).toBeGreaterThan(0);
    expect(await retryAfterMs(throttleKeys(`v6-${n}-new@acme.test`, `2001:db8:${n}:2::1`), T0 + 1)).toBe(0);
  });
});

describe("per account alone: a growing delay, never a lock", () => {
  it(`does nothing below ${DELAY_AFTER} failures from many clients`, async () => {
    const { email } = fresh();
    for (let i = 0; i < DELAY_AFTER - 1; i++) await recordFailure(throttleKeys(email, crowd(i)), T0 + i);
    expect(await retryAfterMs(throttleKeys(email, "203.0.113.1"), T0 + 100)).toBe(0);
  });

  it("then makes each further attempt wait 1 s, 2 s, 4 s … up to the cap, from any client", async () => {
    const { email } = fresh();
    let t = T0;
    for (let i = 0; i < DELAY_AFTER; i++) await recordFailure(throttleKeys(email, crowd(i)), t);
    const owner = throttleKeys(email, "203.0.113.1");
    const waits: number[] = [];
    for (let i = DELAY_AFTER; i < DELAY_AFTER + 7; i++) {
      const wait = await retryAfterMs(owner, t);
      waits.push(wait);
      // Waiting that long is always enough, and the wait is never a lock.
      expect(await retryAfterMs(owner, t + wait)).toBe(0);
      t += wait;
      await recordFailure(throttleKeys(email, crowd(i)), t);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, DELAY_MAX_MS, DELAY_MAX_MS, DELAY_MAX_MS]);
  });

  it("keeps counting while the guessing goes on, and starts over after a quiet window", async () => {
    const { email } = fresh();
    let t = T0;
    for (let i = 0; i < DELAY_AFTER + 5; i++) {
      t += Math.max(await retryAfterMs(throttleKeys(email, crowd(i)), t), 60_000);
      await recordFailure(throttleKeys(email, crowd(i)), t);
    }
    // Well past the first window, a steady guesser still waits the longest delay.
    expect(t - T0).toBeGreaterThan(WINDOW_MS);
    expect(await retryAfterMs(throttleKeys(email, "203.0.113.1"), t)).toBe(DELAY_MAX_MS);
    // A window without failures forgets them.
    t += WINDOW_MS;
    await recordFailure(throttleKeys(email, crowd(999)), t);
    expect(await retryAfterMs(throttleKeys(email, "203.0.113.1"), t + 1)).toBe(0);
  });
});

describe("a known device (it signed in to the account before)", () => {
  it("skips the account's delay", async () => {
    const { email, ip } = fresh();
    for (let i = 0; i < DELAY_AFTER; i++) await recordFailure(throttleKeys(email, crowd(i)), T0);
    expect(await retryAfterMs(throttleKeys(email, ip), T0 + 1)).toBeGreaterThan(0);
    expect(await retryAfterMs(throttleKeys(email, ip, "device:laptop"), T0 + 1)).toBe(0);
  });

  it("is not held back by strangers on its own network, for this account or across accounts", async () => {
    const { email, ip } = fresh();
    for (let i = 0; i < PAIR_LIMIT; i++) await recordFailure(throttleKeys(email, ip), T0);
    for (let i = 0; i < CLIENT_LIMIT; i++) await recordFailure(throttleKeys(`spray${n}-${i}@acme.test`, ip), T0);
    expect(await retryAfterMs(throttleKeys(email, ip), T0 + 1)).toBeGreaterThan(0);
    expect(await retryAfterMs(throttleKeys(email, ip, "device:laptop"), T0 + 1)).toBe(0);
  });

  it("waits for its own failures, counted per account and device, whatever the address", async () => {
    const { email } = fresh();
    for (let i = 0; i < PAIR_LIMIT; i++) await recordFailure(throttleKeys(email, crowd(i), "device:laptop"), T0);
    expect(await retryAfterMs(throttleKeys(email, crowd(99), "device:laptop"), T0 + 1)).toBe(WINDOW_MS - 1);
    // Another known device of the same account is not affected…
    expect(await retryAfterMs(throttleKeys(email, crowd(99), "device:phone"), T0 + 1)).toBe(0);
    // …and the failures still count for the account and the addresses they came from.
    expect((await getThrottleRows([throttleKeys(email, crowd(0)).account]))[0]?.failures).toBe(PAIR_LIMIT);
    expect((await getThrottleRows([throttleKeys(email, crowd(0)).client]))[0]?.failures).toBe(1);
  });
});

describe("an attempt in progress", () => {
  it("counts before the password is checked, so parallel attempts cannot slip past a limit", async () => {
    const { email, ip } = fresh();
    const keys = throttleKeys(email, ip);
    const started = await Promise.all(Array.from({ length: PAIR_LIMIT + 3 }, () => beginAttempt(keys, T0)));
    expect(started.filter((s) => s.allowed)).toHaveLength(PAIR_LIMIT);
    const refused = started.find((s) => !s.allowed);
    expect(refused).toEqual({ allowed: false, retryAfterMs: WINDOW_MS });
  });

  it("takes the attempt back when the password was right: the pair starts over, the client and account lose one", async () => {
    const { email, ip } = fresh();
    const keys = throttleKeys(email, ip);
    for (let i = 0; i < PAIR_LIMIT - 1; i++) expect((await beginAttempt(keys, T0 + i)).allowed).toBe(true);
    expect((await beginAttempt(keys, T0 + 10)).allowed).toBe(true);
    await recordSuccess(keys, T0 + 11);
    expect(await getThrottleRows([keys.pair])).toEqual([]);
    expect((await getThrottleRows([keys.client]))[0]?.failures).toBe(PAIR_LIMIT - 1);
    expect((await getThrottleRows([keys.account]))[0]?.failures).toBe(PAIR_LIMIT - 1);
    expect(await retryAfterMs(keys, T0 + 12)).toBe(0);
  });

  it("refuses even the right password from a client that is waiting (the password is not checked)", async () => {
    const { email, ip } = fresh();
    for (let i = 0; i < CLIENT_LIMIT; i++) await recordFailure(throttleKeys(`x${i}-${n}@acme.test`, ip), T0);
    expect(await beginAttempt(throttleKeys(email, ip), T0 + 1)).toEqual({ allowed: false, retryAfterMs: WINDOW_MS - 1 });
    // Refused attempts are not counted: the wait does not grow.
    expect((await getThrottleRows([throttleKeys(email, ip).client]))[0]?.failures).toBe(CLIENT_LIMIT);
  });

  it("lifts a client block that only the successful attempt itself had made", async () => {
    const { email, ip } = fresh();
    for (let i = 0; i < CLIENT_LIMIT - 1; i++) await recordFailure(throttleKeys(`y${i}-${n}@acme.test`, ip), T0);
    expect((await beginAttempt(throttleKeys(email, ip), T0 + 1)).allowed).toBe(true);
    // Counted pessimistically, this attempt reached the client limit…
    expect(await retryAfterMs(throttleKeys(`z-${n}@acme.test`, ip), T0 + 2)).toBeGreaterThan(0);
    // …but it was the owner's right password, so the client is back below it.
    await recordSuccess(throttleKeys(email, ip), T0 + 3);
    expect(await retryAfterMs(throttleKeys(`z-${n}@acme.test`, ip), T0 + 4)).toBe(0);
  });
});
