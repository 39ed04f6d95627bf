/**
 * "This browser has signed in to this account before": a signed device cookie, set at every
 * successful sign-in, lets its owner skip the per-account delay of sign-in throttling
 * (lib/auth/throttle.ts), so a crowd of strangers guessing an account's password slows them, not
 * the rep at their usual browser. (The idea of OWASP's "device cookies".)
 *
 * The value is `<user id>.<issued, base 36>.<HMAC>`; the HMAC covers the user's password hash too,
 * so any password change or reset retires every device cookie of that account. It grants nothing
 * else: the per-client limits still apply, and it is not a session.
 */
import { createHmac } from "node:crypto";
import { getOrCreateSecret } from "../../db/queries/visits";
import type { UserRow } from "../../db/queries/users";
import { randomSecret, safeEqual } from "./secrets";

/** How long a browser stays known without signing in again. */
export const DEVICE_TTL_DAYS = 180;
const DEVICE_TTL_MS = DEVICE_TTL_DAYS * 86_400_000;

let key: string | undefined;
const deviceKey = () => (key ??= getOrCreateSecret("device_cookie_key", () => randomSecret(32)));

type Account = Pick<UserRow, "id" | "passwordHash">;

function mac(userId: string, issued: string, passwordHash: string): string {
  return createHmac("sha256", deviceKey()).update(`device|${userId}|${issued}|${passwordHash}`).digest("base64url");
}

export function issueDeviceProof(user: Account, now = Date.now()): string {
  const issued = now.toString(36);
  return `${user.id}.${issued}.${mac(user.id, issued, user.passwordHash)}`;
}

/** Whether `proof` (the device cookie's value) was issued to this browser for this account, unexpired, since its last password change. */
export function isKnownDevice(proof: string | undefined, user: Account, now = Date.now()): boolean {
  if (!proof || proof.length > 300) return false;
  const [id, issued, given, extra] = proof.split(".");
  if (extra !== undefined || id !== user.id || !issued || !given) return false;
  const at = parseInt(issued, 36);
  if (!Number.isSafeInteger(at) || now - at > DEVICE_TTL_MS || at - now > 60_000) return false;
  return safeEqual(Buffer.from(given), Buffer.from(mac(id, issued, user.passwordHash)));
}
