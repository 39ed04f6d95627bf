import type { NextRequest } from "next/server";
import { clearSessionCookieHeaders, withCookies } from "@/lib/auth/cookies";
import { destroySession } from "@/lib/auth/sessions";
import { redirectResponse } from "@/lib/api/forms";
import { apiError, isSameOrigin, sessionTokenOf, withErrors } from "@/lib/api/http";

export const POST = withErrors(async (req: NextRequest) => {
  if (!isSameOrigin(req)) return apiError(403, "cross_origin", "Sign out from Ringback's own pages.");
  await destroySession(sessionTokenOf(req));
  return redirectResponse(req, "/login?signedOut=1", { headers: withCookies(clearSessionCookieHeaders(req)) });
});
