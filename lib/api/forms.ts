/**
 * Sign-in and setup work with or without JavaScript: a plain HTML form post gets redirects, the
 * page's script gets JSON. Both go through the same validation.
 */
import type { NextRequest } from "next/server";
import { apiError } from "./http";

export function wantsJson(req: Request): boolean {
  return (req.headers.get("content-type") ?? "").includes("application/json");
}

/** The body as a flat object, from JSON or a urlencoded/multipart form. Null when unreadable. */
export async function readBody(req: Request): Promise<Record<string, unknown> | null> {
  try {
    if (wantsJson(req)) {
      const v = await req.json();
      return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    }
    const form = await req.formData();
    const out: Record<string, unknown> = {};
    for (const [k, v] of form.entries()) if (typeof v === "string") out[k] = v;
    return out;
  } catch {
    return null;
  }
}

/** A same-site path to return to after sign-in; anything else becomes "/". */
export function safeReturnPath(value: unknown): string {
  const s = typeof value === "string" ? value : "";
  if (!s.startsWith("/") || s.startsWith("//") || s.length >= 500) return "/";
  // Browsers drop tabs and newlines from a URL and read "\" as "/", so "/\t/evil.example" or
  // "/\\evil.example" would become "//evil.example" (off-site); a newline also breaks the header.
  if (/[\u0000-\u001f\u007f\\]/.test(s)) return "/";
  // Resolve it as a browser would: whatever lands on another origin is refused.
  const base = "http://ringback.invalid";
  try {
    const u = new URL(s, base);
    // As the browser would send it: non-ASCII is percent-encoded, so it is also a valid Location header.
    return u.origin === base ? u.pathname + u.search + u.hash : "/";
  } catch {
    return "/";
  }
}

/** Success: JSON `{ redirect }` for scripts, 303 for plain forms. */
export function redirectResponse(req: NextRequest, to: string, init?: { headers?: Headers }): Response {
  if (wantsJson(req)) return Response.json({ ok: true, redirect: to }, { headers: init?.headers });
  const headers = new Headers(init?.headers);
  headers.set("Location", new URL(to, req.nextUrl.origin).pathname + new URL(to, req.nextUrl.origin).search);
  return new Response(null, { status: 303, headers });
}

/** Failure: the error shape for scripts; a 303 back to the form with an error code for plain forms. */
export function formError(req: NextRequest, backTo: string, status: number, code: string, message: string, fields: Record<string, string> = {}, headers?: HeadersInit): Response {
  if (wantsJson(req)) return apiError(status, code, message, fields, headers);
  const url = new URL(backTo, req.nextUrl.origin);
  url.searchParams.set("error", code);
  return new Response(null, { status: 303, headers: { Location: url.pathname + url.search } });
}
