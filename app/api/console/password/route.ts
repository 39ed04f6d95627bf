import { changeOwnPassword, changePasswordSchema } from "@/lib/accounts";
import { waitMessage } from "@/lib/auth/throttle";
import { apiError, clientIp, readJson, sessionTokenOf, withSession } from "@/lib/api/http";

/**
 * The signed-in user changes their own password: `{ currentPassword, newPassword, revokeTokens }`.
 * This session stays; every other one ends; API tokens are revoked when asked.
 */
export const POST = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, changePasswordSchema);
  if (!body.ok) return body.response;
  const result = await changeOwnPassword(user, body.data, { clientIp: clientIp(req.headers), sessionToken: sessionTokenOf(req) });
  if (!result.ok && result.reason === "throttled") {
    return apiError(429, "throttled", `Too many wrong passwords. ${waitMessage(result.retryAfterSeconds)}`, {}, { "Retry-After": String(result.retryAfterSeconds) });
  }
  if (!result.ok) return apiError(422, "invalid_input", "Some fields are not valid.", { currentPassword: "That is not your current password." });
  return Response.json({ sessionsEnded: result.sessionsEnded, tokensRevoked: result.tokensRevoked });
});
