import { notFound, withSession } from "@/lib/api/http";
import { webhookDeliveries } from "@/lib/alerts/webhooks";

export const GET = withSession(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  const data = await webhookDeliveries(user, id);
  if (!data) return notFound("No such webhook.");
  return Response.json({ data }, { headers: { "Cache-Control": "no-store" } });
});
