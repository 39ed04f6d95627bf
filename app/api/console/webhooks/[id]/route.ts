import { notFound, withSession } from "@/lib/api/http";
import { deleteWebhook } from "@/lib/alerts/webhooks";

export const DELETE = withSession(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await deleteWebhook(user, id))) return notFound("No such webhook.");
  return new Response(null, { status: 204 });
});
