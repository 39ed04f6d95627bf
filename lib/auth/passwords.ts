/**
 * Password hashing with scrypt (memory-hard, in node:crypto). Stored as
 * `scrypt$N$r$p$salt$hash` so the cost can be raised later without breaking old hashes.
 */
import { randomBytes } from "node:crypto";
import { config } from "../config";
import { safeEqual, scrypt } from "./secrets";

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

const maxmem = (N: number, r: number) => 256 * N * r + 1024 * 1024;

export async function hashPassword(password: string, cost = config().PASSWORD_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N: cost, r: BLOCK_SIZE, p: PARALLELISM, maxmem: maxmem(cost, BLOCK_SIZE) });
  return ["scrypt", cost, BLOCK_SIZE, PARALLELISM, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Bounds for a stored hash's parameters: anything outside them is corrupt, not a cost to pay. */
const MAX_COST = 1 << 20; // the highest PASSWORD_SCRYPT_COST lib/config.ts accepts
const MAX_MEMORY = 1 << 30;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DECIMAL = /^[1-9][0-9]{0,9}$/;

/**
 * True only when `stored` is a well-formed hash of `password`. A malformed or corrupt stored value
 * (wrong field count, cost not a power of two, an empty or truncated key) is false, never a throw:
 * an empty key would otherwise compare equal to an empty derived key and accept any password.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = String(stored ?? "").split("$");
  if (parts.length !== 6) return false;
  const [algo, n, r, p, saltText, keyText] = parts;
  if (algo !== "scrypt" || ![n, r, p].every((x) => DECIMAL.test(x)) || !BASE64URL.test(saltText) || !BASE64URL.test(keyText)) return false;
  const N = Number(n), R = Number(r), P = Number(p);
  if (N < 2 || N > MAX_COST || (N & (N - 1)) !== 0 || R > 32 || P > 16 || 128 * N * R > MAX_MEMORY) return false;
  const salt = Buffer.from(saltText, "base64url");
  const expected = Buffer.from(keyText, "base64url");
  if (salt.length < 8 || expected.length < 16 || expected.length > 64) return false;
  try {
    const actual = await scrypt(password, salt, expected.length, { N, r: R, p: P, maxmem: maxmem(N, R) });
    return safeEqual(actual, expected);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check, for sign-ins to unknown accounts, so response time does
 * not reveal which e-mail addresses have an account.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("not-a-real-password-" + Math.random());
  await verifyPassword(password, await dummyHash);
  return false;
}
