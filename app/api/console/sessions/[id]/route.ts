import { clearSessionCookieHeaders, withCookies } from "@/lib/auth/cookies";
import { endSession } from "@/lib/auth/sessions";
import { notFound, sessionTokenOf, withSession } from "@/lib/api/http";

/** Ends one of the user's own sessions (another user's is a 404). Ending this one also clears its cookie. */
export const DELETE = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const { ended, wasCurrent } = await endSession(user.id, id, sessionTokenOf(req));
  if (!ended) return notFound("No such session.");
  return new Response(null, { status: 204, headers: wasCurrent ? withCookies(clearSessionCookieHeaders(req)) : undefined });
});
