import { CAMPAIGN_NOT_FOUND, campaignAction } from "@/lib/api/campaigns";
import { notFound, readJson, withSession } from "@/lib/api/http";
import { campaignFor, campaignPatchSchema, deleteCampaign, toApiCampaign, updateCampaign } from "@/lib/campaigns/store";

/** The campaign page's changes: name, steps, archiving (an admin: sharing). */
export const PATCH = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await campaignFor(user, id))) return notFound(CAMPAIGN_NOT_FOUND);
  const body = await readJson(req, campaignPatchSchema);
  if (!body.ok) return body.response;
  return campaignAction(async () => {
    const c = await updateCampaign(user, id, body.data);
    return c ? Response.json(toApiCampaign(c)) : notFound(CAMPAIGN_NOT_FOUND);
  });
});

export const DELETE = withSession(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  return campaignAction(async () => ((await deleteCampaign(user, id)) ? Response.json({ deleted: true }) : notFound(CAMPAIGN_NOT_FOUND)));
});
