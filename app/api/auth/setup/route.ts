import type { NextRequest } from "next/server";
import { AccountError, setupSchema, setUpWorkspace } from "@/lib/accounts";
import { deviceCookieHeader, sessionCookieHeaders, withCookies } from "@/lib/auth/cookies";
import { issueDeviceProof } from "@/lib/auth/devices";
import { createSession } from "@/lib/auth/sessions";
import { formError, readBody, redirectResponse } from "@/lib/api/forms";
import { fieldErrors, isSameOrigin, withErrors } from "@/lib/api/http";

export const POST = withErrors(async (req: NextRequest) => {
  if (!isSameOrigin(req)) return formError(req, "/setup", 403, "cross_origin", "Set up Ringback from its own setup page.");
  const body = await readBody(req);
  if (!body) return formError(req, "/setup", 400, "invalid_body", "Send the setup form as JSON or a form.");
  const addExample = body.addExample === true || body.addExample === "on" || body.addExample === "true";
  const parsed = setupSchema.safeParse({ ...body, addExample });
  if (!parsed.success) return formError(req, "/setup", 422, "invalid_input", "Some fields need another look.", fieldErrors(parsed.error));
  try {
    const admin = await setUpWorkspace(parsed.data);
    const session = await createSession(admin.id, req.headers.get("user-agent"));
    const headers = withCookies([...sessionCookieHeaders(req, session.token, session.expiresAt), deviceCookieHeader(req, await issueDeviceProof(admin))]);
    return redirectResponse(req, "/?welcome=1", { headers });
  } catch (e) {
    if (e instanceof AccountError) return formError(req, "/login", 409, e.code, e.message);
    throw e;
  }
});
