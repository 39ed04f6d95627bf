import { notFound, withToken } from "@/lib/api/http";
import { unenrol } from "@/lib/campaigns/store";

/** Takes a prospect out of the campaign (stopped; the touches made stay counted). Already out: 204 all the same. */
export const DELETE = withToken(async (_req, ctx, user) => {
  const { id, prospectId } = await ctx.params;
  const r = await unenrol(user, id, prospectId);
  return r === undefined ? notFound("No such campaign, or this prospect is not in it.") : new Response(null, { status: 204 });
});
