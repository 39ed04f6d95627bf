import type { NextRequest } from "next/server";
import { clearSessionCookieHeader } from "@/lib/auth/cookies";
import { destroySession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { redirectResponse } from "@/lib/api/forms";
import { apiError, isSameOrigin, withErrors } from "@/lib/api/http";

export const POST = withErrors(async (req: NextRequest) => {
  if (!isSameOrigin(req)) return apiError(403, "cross_origin", "Sign out from Ringback's own pages.");
  destroySession(req.cookies.get(SESSION_COOKIE)?.value);
  const headers = new Headers({ "Set-Cookie": clearSessionCookieHeader(req) });
  return redirectResponse(req, "/login?signedOut=1", { headers });
});
