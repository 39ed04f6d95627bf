/**
 * The cookies Ringback sets: the session, and the device cookie (lib/auth/devices.ts). Over https
 * each takes the `__Host-` name (Secure, Path=/, no Domain: nothing but this exact origin over
 * https can set it); over plain http the plain name, which a browser would otherwise drop.
 */
import type { NextRequest } from "next/server";
import { config } from "../config";
import { DEVICE_TTL_DAYS } from "./devices";
import { SESSION_COOKIE, SESSION_COOKIE_HTTPS } from "./sessions";

export const DEVICE_COOKIE_HTTPS = "__Host-rb_device";
export const DEVICE_COOKIE = "rb_device";

/** Secure cookies when asked, or (auto) when the request came over https. */
function secure(req: NextRequest): boolean {
  const setting = config().COOKIE_SECURE;
  if (setting !== "auto") return setting === "true";
  return req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
}

function cookie(name: string, value: string, attrs: string[], isSecure: boolean): string {
  return [`${name}=${value}`, "Path=/", "HttpOnly", ...attrs, ...(isSecure ? ["Secure"] : [])].join("; ");
}

const expired = (name: string, isSecure: boolean) => cookie(name, "", ["SameSite=Lax", "Max-Age=0"], isSecure);

/** Set-Cookie values for a new session (over https, also dropping a cookie of the plain name left from before). */
export function sessionCookieHeaders(req: NextRequest, token: string, expiresAt: number): string[] {
  const isSecure = secure(req);
  const attrs = ["SameSite=Lax", `Expires=${new Date(expiresAt).toUTCString()}`];
  if (!isSecure) return [cookie(SESSION_COOKIE, token, attrs, false)];
  return [cookie(SESSION_COOKIE_HTTPS, token, attrs, true), expired(SESSION_COOKIE, true)];
}

/** Set-Cookie values that end the session cookie, whichever name it has. */
export function clearSessionCookieHeaders(req: NextRequest): string[] {
  const isSecure = secure(req);
  return isSecure ? [expired(SESSION_COOKIE_HTTPS, true), expired(SESSION_COOKIE, true)] : [expired(SESSION_COOKIE, false)];
}

/** Set-Cookie for the device cookie: only ever needed by our own sign-in form, hence SameSite=Strict. */
export function deviceCookieHeader(req: NextRequest, proof: string): string {
  const isSecure = secure(req);
  return cookie(isSecure ? DEVICE_COOKIE_HTTPS : DEVICE_COOKIE, proof, ["SameSite=Strict", `Max-Age=${DEVICE_TTL_DAYS * 86_400}`], isSecure);
}

export function deviceProofOf(req: NextRequest): string | undefined {
  return req.cookies.get(DEVICE_COOKIE_HTTPS)?.value || req.cookies.get(DEVICE_COOKIE)?.value || undefined;
}

/** Response headers carrying these Set-Cookie values. */
export function withCookies(values: string[], headers = new Headers()): Headers {
  for (const v of values) headers.append("Set-Cookie", v);
  return headers;
}
