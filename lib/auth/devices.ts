/**
 * "This browser has signed in to this account before": a signed device cookie, set at every
 * successful sign-in, so that sign-in throttling (lib/auth/throttle.ts) holds it back for its own
 * failures only — strangers guessing the account's password, from anywhere, slow themselves and
 * not the rep at their usual browser. (OWASP's "device cookies".)
 *
 * The value is `<user id>.<issued, base 36>.<HMAC>`; the HMAC covers the user's password hash too,
 * so any password change or reset retires every device cookie of that account. It grants nothing
 * but that: it is not a session, and its own failures are still counted (per account and device).
 */
import { createHash, createHmac } from "node:crypto";
import { getOrCreateSecret } from "../../db/queries/visits";
import type { UserRow } from "../../db/queries/users";
import { randomSecret, safeEqual } from "./secrets";

/** How long a browser stays known without signing in again. */
export const DEVICE_TTL_DAYS = 180;
const DEVICE_TTL_MS = DEVICE_TTL_DAYS * 86_400_000;

let secret: string | undefined;
const signingKey = async () => (secret ??= (await getOrCreateSecret("device_cookie_key", () => randomSecret(32))));

type Account = Pick<UserRow, "id" | "passwordHash">;

async function mac(userId: string, issued: string, passwordHash: string): Promise<string> {
  return createHmac("sha256", await signingKey()).update(`device|${userId}|${issued}|${passwordHash}`).digest("base64url");
}

export async function issueDeviceProof(user: Account, now = Date.now()): Promise<string> {
  const issued = now.toString(36);
  return `${user.id}.${issued}.${(await mac(user.id, issued, user.passwordHash))}`;
}

/** A short, stable name for a device proof, for the throttle's per-device counter (never the proof itself). */
export function deviceKey(proof: string): string {
  return `device:${createHash("sha256").update(proof).digest("base64url").slice(0, 22)}`;
}

/** Whether `proof` (the device cookie's value) was issued to this browser for this account, unexpired, since its last password change. */
export async function isKnownDevice(proof: string | undefined, user: Account, now = Date.now()): Promise<boolean> {
  if (!proof || proof.length > 300) return false;
  const [id, issued, given, extra] = proof.split(".");
  if (extra !== undefined || id !== user.id || !issued || !given) return false;
  const at = parseInt(issued, 36);
  if (!Number.isSafeInteger(at) || now - at > DEVICE_TTL_MS || at - now > 60_000) return false;
  return safeEqual(Buffer.from(given), Buffer.from(await mac(id, issued, user.passwordHash)));
}
