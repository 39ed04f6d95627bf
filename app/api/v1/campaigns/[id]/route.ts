import { CAMPAIGN_NOT_FOUND, campaignAction } from "@/lib/api/campaigns";
import { jsonAs, notFound, readJson, withToken } from "@/lib/api/http";
import { apiCampaignSchema, campaignPatchBody } from "@/lib/api/schemas";
import { campaignFor, deleteCampaign, toApiCampaign, updateCampaign } from "@/lib/campaigns/store";

export const GET = withToken(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  const c = await campaignFor(user, id);
  return c ? jsonAs(apiCampaignSchema, toApiCampaign(c)) : notFound(CAMPAIGN_NOT_FOUND);
});

/** Changes a campaign's name, steps, sharing or archiving; a rep changing a shared campaign gets 403. */
export const PATCH = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await campaignFor(user, id))) return notFound(CAMPAIGN_NOT_FOUND);
  const body = await readJson(req, campaignPatchBody);
  if (!body.ok) return body.response;
  return campaignAction(async () => {
    const c = await updateCampaign(user, id, body.data);
    return c ? jsonAs(apiCampaignSchema, toApiCampaign(c)) : notFound(CAMPAIGN_NOT_FOUND);
  });
});

export const DELETE = withToken(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  return campaignAction(async () => ((await deleteCampaign(user, id)) ? new Response(null, { status: 204 }) : notFound(CAMPAIGN_NOT_FOUND)));
});
