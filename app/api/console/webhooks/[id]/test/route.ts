import { notFound, withSession } from "@/lib/api/http";
import { sendTestEvent } from "@/lib/alerts/webhooks";

/** "Send test event": a `test` delivery to this webhook only, queued like any other (202). */
export const POST = withSession(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  const queued = await sendTestEvent(user, id);
  if (!queued) return notFound("No such webhook.");
  return Response.json(queued, { status: 202, headers: { "Cache-Control": "no-store" } });
});
