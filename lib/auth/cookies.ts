import type { NextRequest } from "next/server";
import { config } from "../config";
import { SESSION_COOKIE } from "./sessions";

/** Secure cookies when asked, or (auto) when the request came over https. */
function secure(req: NextRequest): boolean {
  const setting = config().COOKIE_SECURE;
  if (setting !== "auto") return setting === "true";
  return req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
}

export function sessionCookieHeader(req: NextRequest, token: string, expiresAt: number): string {
  const parts = [`${SESSION_COOKIE}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Expires=${new Date(expiresAt).toUTCString()}`];
  if (secure(req)) parts.push("Secure");
  return parts.join("; ");
}

export function clearSessionCookieHeader(req: NextRequest): string {
  const parts = [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (secure(req)) parts.push("Secure");
  return parts.join("; ");
}
