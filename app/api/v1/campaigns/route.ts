import { campaignAction } from "@/lib/api/campaigns";
import { apiError, jsonAs, readJson, withToken } from "@/lib/api/http";
import { listParams } from "@/lib/api/plays";
import { apiCampaignSchema, campaignInputBody, campaignListSchema } from "@/lib/api/schemas";
import { createCampaign, decodeCampaignCursor, pageOfCampaigns, toApiCampaign } from "@/lib/campaigns/store";

/** The campaigns the token's user may use (the workspace's and their own; an admin's: all), newest first, `?cursor=&limit=&archived=`. */
export const GET = withToken(async (req, _ctx, user) => {
  const params = req.nextUrl.searchParams;
  const list = listParams(params);
  if (!list.ok) return list.response;
  const cursor = decodeCampaignCursor(params.get("cursor"));
  if (cursor === "invalid") return apiError(422, "invalid_input", "cursor is not one this API gave out.", { cursor: "Use the nextCursor of a previous page." });
  const page = await pageOfCampaigns(user, list.archived, cursor, list.limit);
  return jsonAs(campaignListSchema, { data: page.rows.map(toApiCampaign), nextCursor: page.next });
});

export const POST = withToken(async (req, _ctx, user) => {
  const body = await readJson(req, campaignInputBody);
  if (!body.ok) return body.response;
  return campaignAction(async () => {
    const created = await createCampaign(user, body.data);
    return jsonAs(apiCampaignSchema, toApiCampaign(created), { status: 201, headers: { Location: `/api/v1/campaigns/${created.id}` } });
  });
});
