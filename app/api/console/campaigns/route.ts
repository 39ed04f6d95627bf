import { campaignAction } from "@/lib/api/campaigns";
import { readJson, withSession } from "@/lib/api/http";
import { campaignInputSchema, createCampaign, toApiCampaign } from "@/lib/campaigns/store";

/** The campaign editor's "Save" for a new campaign. */
export const POST = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, campaignInputSchema);
  if (!body.ok) return body.response;
  return campaignAction(async () => Response.json(toApiCampaign(await createCampaign(user, body.data)), { status: 201 }));
});
