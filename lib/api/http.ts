/**
 * What every route handler shares: the one error shape, JSON body validation, and who is asking
 * (a console session cookie or an API bearer token).
 */
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { storageProblem } from "../../db/index";
import type { UserRow } from "../../db/queries/users";
import { sessionTokenFrom, userForSessionToken } from "../auth/sessions";
import { userForBearer } from "../auth/tokens";

// The shape is the OpenAPI document's Error schema (lib/api/schemas.ts).
import type { ErrorBody } from "./schemas";
export type { ErrorBody };

export function apiError(status: number, code: string, message: string, fields: Record<string, string> = {}, headers?: HeadersInit): Response {
  const body: ErrorBody = { error: { code, message, fields } };
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export const unauthorized = (message = "Sign in, or send a valid API token as `Authorization: Bearer <token>`.") =>
  apiError(401, "unauthorized", message, {}, { "WWW-Authenticate": 'Bearer realm="ringback"' });
export const notFound = (what = "Not found.") => apiError(404, "not_found", what);
export const forbidden = (message = "Only an admin can do this.") => apiError(403, "forbidden", message);

/** Field path → first message, e.g. `{ "email": "Enter a valid e-mail address." }`. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function validationError(error: z.ZodError): Response {
  return apiError(422, "invalid_input", "Some fields are not valid.", fieldErrors(error));
}

const MAX_JSON_BYTES = 256 * 1024;

/**
 * A JSON answer whose body TypeScript checks against the zod schema the OpenAPI document gives for
 * it (lib/api/schemas.ts): a field the schema does not declare is a compile error here, and the
 * drift test (tests/integration/openapi.test.ts) checks the real bytes.
 */
export function jsonAs<S extends z.ZodType>(_schema: S, body: z.output<S>, init?: ResponseInit): Response {
  return Response.json(body, init);
}

/** Parses a JSON body against `schema`; a failure becomes a ready 4xx response. */
export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
): Promise<{ ok: true; data: z.output<S> } | { ok: false; response: Response }> {
  const text = await req.text();
  if (text.length > MAX_JSON_BYTES) return { ok: false, response: apiError(413, "too_large", `The body may be at most ${MAX_JSON_BYTES} bytes.`) };
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    return { ok: false, response: apiError(400, "invalid_json", "The body is not valid JSON.") };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, response: validationError(parsed.error) };
}

/**
 * The client's address as lib/server.ts established it (the socket's, or the proxy's when
 * TRUST_PROXY is on). Client-sent forwarding headers are never believed directly.
 */
export function clientIp(headers: Headers): string {
  return headers.get("x-ringback-client-ip") || "unknown";
}

/**
 * Cookie-authenticated writes must come from our own pages: SameSite=Lax stops most cross-site
 * posts; this stops the rest (and login CSRF). The browser's Origin decides; without one (some
 * older browsers on same-origin posts) its Sec-Fetch-Site or Referer must say same origin. A
 * request that says nothing at all is refused: a browser always says something.
 */
export function isSameOrigin(req: Request): boolean {
  const host = req.headers.get("host");
  const sameHost = (url: string) => {
    try {
      return new URL(url).host === host;
    } catch {
      return false; // "null" (sandboxed frames, file:, some redirects) and junk alike
    }
  };
  const origin = req.headers.get("origin");
  if (origin !== null) return sameHost(origin);
  const site = req.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  const referer = req.headers.get("referer");
  return referer !== null && sameHost(referer);
}

/**
 * Body types an HTML form or a no-preflight fetch can send from any site. Console endpoints take
 * JSON (or a file as application/octet-stream), so these are refused outright: a cross-site
 * request can then never reach them without a CORS preflight, which we never grant.
 */
const CROSS_SITE_SENDABLE = /^\s*(text\/plain|application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

export function isFormLikeBody(req: Request): boolean {
  return CROSS_SITE_SENDABLE.test(req.headers.get("content-type") ?? "");
}

/** The origin the client used (Host header), for absolute URLs in responses. */
export function requestOrigin(req: NextRequest): string {
  const host = req.headers.get("host") ?? req.nextUrl.host;
  const proto = (req.headers.get("x-forwarded-proto") ?? req.nextUrl.protocol.replace(":", "")).split(",")[0].trim();
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

/** The session token the request carries, under whichever name (lib/auth/sessions.ts). */
export function sessionTokenOf(req: NextRequest): string | undefined {
  return sessionTokenFrom((name) => req.cookies.get(name)?.value);
}

export async function sessionUserOf(req: NextRequest): Promise<UserRow | undefined> {
  return userForSessionToken(sessionTokenOf(req));
}

type Ctx = { params: Promise<Record<string, string>> };
type Handler<C> = (req: NextRequest, ctx: C, user: UserRow) => Promise<Response> | Response;

function guarded<C>(handler: (req: NextRequest, ctx: C) => Promise<Response> | Response) {
  return async (req: NextRequest, ctx: C): Promise<Response> => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      const storage = storageProblem(err);
      if (storage) {
        console.error(`[ringback] ${req.method} ${req.nextUrl.pathname}: ${storage.code} (${(err as Error).message})`);
        return apiError(storage.status, storage.code, storage.message, {}, storage.status === 503 ? { "Retry-After": "5" } : undefined);
      }
      console.error(`[ringback] ${req.method} ${req.nextUrl.pathname} failed:`, err);
      return apiError(500, "internal", "Something went wrong on our side. Try again in a moment.");
    }
  };
}

/** A console endpoint: needs a session cookie; writes must be same-origin. */
export function withSession<C = Ctx>(handler: Handler<C>, opts: { admin?: boolean } = {}) {
  return guarded<C>(async (req, ctx) => {
    const user = await sessionUserOf(req);
    if (!user) return unauthorized("Sign in to continue.");
    if (req.method !== "GET" && req.method !== "HEAD") {
      if (!isSameOrigin(req)) return apiError(403, "cross_origin", "This request must come from Ringback's own pages.");
      if (isFormLikeBody(req)) return apiError(415, "unsupported_media_type", "Send the body as JSON (Content-Type: application/json).");
    }
    if (opts.admin && user.role !== "admin") return forbidden();
    return handler(req, ctx, user);
  });
}

/** A /api/v1 endpoint: needs `Authorization: Bearer <token>`. */
export function withToken<C = Ctx>(handler: Handler<C>) {
  return guarded<C>(async (req, ctx) => {
    const user = await userForBearer(req.headers.get("authorization"));
    if (!user) return unauthorized();
    return handler(req, ctx, user);
  });
}

/** A public endpoint that still gets the error shape instead of a stack trace. */
export function withErrors<C = Ctx>(handler: (req: NextRequest, ctx: C) => Promise<Response> | Response) {
  return guarded<C>(handler);
}
