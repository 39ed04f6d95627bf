import { CAMPAIGN_NOT_FOUND, campaignAction } from "@/lib/api/campaigns";
import { jsonAs, notFound, readJson, withToken } from "@/lib/api/http";
import { enrolInputBody, enrolResultSchema } from "@/lib/api/schemas";
import { campaignFor, enrol } from "@/lib/campaigns/store";

/** Enrols `{ prospectIds }` or a `{ filter }` of the token user's own list; those already in are skipped. */
export const POST = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await campaignFor(user, id))) return notFound(CAMPAIGN_NOT_FOUND);
  const body = await readJson(req, enrolInputBody);
  if (!body.ok) return body.response;
  return campaignAction(async () => {
    const r = await enrol(user, id, body.data);
    return r ? jsonAs(enrolResultSchema, r, { status: 201 }) : notFound(CAMPAIGN_NOT_FOUND);
  });
});
