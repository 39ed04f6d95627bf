/**
 * Webhook signatures: `X-Ringback-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The timestamp is signed with the body, so a captured request cannot be replayed after the
 * receiver's tolerance, and a body cannot be moved to another time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Ringback-Signature";
export const DELIVERY_HEADER = "X-Ringback-Delivery";
export const EVENT_HEADER = "X-Ringback-Event";

function digest(secret: string, body: string, t: number): string {
  return createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex");
}

/** The header value for `body` signed at `t` (unix seconds). */
export function sign(secret: string, body: string, t: number = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${digest(secret, body, t)}`;
}

/**
 * True when `header` is a signature of exactly `body` with `secret`, made within
 * `toleranceSeconds` of `now` (unix seconds). Several `v1=` values (a receiver mid-rotation) are
 * accepted if any matches. Compared in constant time.
 */
export function verify(secret: string, body: string, header: string | null | undefined, toleranceSeconds = 300, now: number = Math.floor(Date.now() / 1000)): boolean {
  if (!header) return false;
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const i = part.indexOf("=");
    if (i === -1) continue;
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (t === undefined || candidates.length === 0) return false;
  if (Math.abs(now - t) > toleranceSeconds) return false;
  const expected = Buffer.from(digest(secret, body, t), "hex");
  let ok = false;
  for (const c of candidates) {
    const got = Buffer.from(c, "hex");
    // Every candidate is compared, so the time taken says nothing about which one matched.
    if (got.length === expected.length && timingSafeEqual(got, expected)) ok = true;
  }
  return ok;
}
