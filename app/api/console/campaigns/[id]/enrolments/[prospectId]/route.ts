import { notFound, withSession } from "@/lib/api/http";
import { unenrol } from "@/lib/campaigns/store";

/** "Take out of the campaign". */
export const DELETE = withSession(async (_req, ctx, user) => {
  const { id, prospectId } = await ctx.params;
  const r = unenrol(user, id, prospectId);
  return r === undefined ? notFound("No such campaign, or this prospect is not in it.") : Response.json({ stopped: true });
});
