import { notFound, readJson, requestOrigin, withSession } from "@/lib/api/http";
import { logOutcome, outcomeSchema } from "@/lib/outcomes";

/** One-click outcome after a call (reached, voicemail, no_answer, called_back, meeting, not_interested, wrong_number), or a note. */
export const POST = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const body = await readJson(req, outcomeSchema);
  if (!body.ok) return body.response;
  const done = await logOutcome(user, id, body.data, Date.now(), requestOrigin(req));
  if (!done) return notFound("No prospect with this id.");
  return Response.json({ ok: true, followUpAt: done.followUpAt === null ? null : new Date(done.followUpAt).toISOString(), leftQueue: done.closes, voicemailId: done.voicemailId }, { status: 201 });
});
