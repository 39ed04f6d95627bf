import { CAMPAIGN_NOT_FOUND, campaignAction } from "@/lib/api/campaigns";
import { notFound, readJson, withSession } from "@/lib/api/http";
import { campaignFor, enrol, enrolInputSchema } from "@/lib/campaigns/store";

/** "Enrol": some prospects by id, or everyone of a list filter; those already in are skipped. */
export const POST = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await campaignFor(user, id))) return notFound(CAMPAIGN_NOT_FOUND);
  const body = await readJson(req, enrolInputSchema);
  if (!body.ok) return body.response;
  return campaignAction(async () => {
    const r = await enrol(user, id, body.data);
    return r ? Response.json(r, { status: 201 }) : notFound(CAMPAIGN_NOT_FOUND);
  });
});
