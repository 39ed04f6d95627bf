import type { NextRequest } from "next/server";
import { signIn } from "@/lib/accounts";
import { deviceCookieHeader, deviceProofOf, sessionCookieHeaders, withCookies } from "@/lib/auth/cookies";
import { createSession } from "@/lib/auth/sessions";
import { waitMessage } from "@/lib/auth/throttle";
import { formError, readBody, redirectResponse, safeReturnPath } from "@/lib/api/forms";
import { clientIp, isSameOrigin, withErrors } from "@/lib/api/http";

export const POST = withErrors(async (req: NextRequest) => {
  const body = await readBody(req);
  const next = safeReturnPath(body?.next);
  const back = `/login?next=${encodeURIComponent(next)}`;
  if (!isSameOrigin(req)) return formError(req, back, 403, "cross_origin", "Sign in from Ringback's own sign-in page.");
  if (!body) return formError(req, back, 400, "invalid_body", "Send the e-mail and password as JSON or a form.");
  const email = typeof body.email === "string" ? body.email : "";
  const password = typeof body.password === "string" ? body.password : "";
  const fields: Record<string, string> = {};
  if (!email.trim()) fields.email = "Enter your e-mail address.";
  if (!password) fields.password = "Enter your password.";
  if (Object.keys(fields).length) return formError(req, back, 422, "invalid_input", "Enter your e-mail and password.", fields);

  const result = await signIn(email, password, clientIp(req.headers), deviceProofOf(req));
  if (!result.ok && result.reason === "throttled") {
    return formError(req, back, 429, "throttled", `Too many failed sign-ins. ${waitMessage(result.retryAfterSeconds)}`, {}, { "Retry-After": String(result.retryAfterSeconds) });
  }
  if (!result.ok) return formError(req, back, 401, "invalid_credentials", "That e-mail and password do not match an account.");

  const session = await createSession(result.user.id, req.headers.get("user-agent"));
  const headers = withCookies([...sessionCookieHeaders(req, session.token, session.expiresAt), deviceCookieHeader(req, result.deviceProof)]);
  return redirectResponse(req, next, { headers });
});
