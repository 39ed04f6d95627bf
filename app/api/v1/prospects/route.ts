import { prospectErrorResponse } from "@/lib/api/prospects";
import { apiError, jsonAs, readJson, requestOrigin, withToken } from "@/lib/api/http";
import { apiProspectSchema, limitSchema, prospectInputBody, prospectListSchema } from "@/lib/api/schemas";
import { createProspect, decodeCursor, pageOfProspects, toApiProspect } from "@/lib/prospects";

/** The token owner's prospects (everyone's for an admin), newest first, `?cursor=&limit=`. */
export const GET = withToken(async (req, _ctx, user) => {
  const params = req.nextUrl.searchParams;
  const limit = limitSchema.safeParse(params.get("limit") ?? undefined);
  if (!limit.success) return apiError(422, "invalid_input", "limit must be a whole number from 1 to 200.", { limit: "Use 1 to 200." });
  const cursor = decodeCursor(params.get("cursor"));
  if (cursor === "invalid") return apiError(422, "invalid_input", "cursor is not one this API gave out.", { cursor: "Use the nextCursor of a previous page." });
  const page = await pageOfProspects(user, cursor, limit.data);
  return jsonAs(prospectListSchema, { data: await Promise.all(page.rows.map((p) => toApiProspect(p, requestOrigin(req)))), nextCursor: page.next });
});

export const POST = withToken(async (req, _ctx, user) => {
  const body = await readJson(req, prospectInputBody);
  if (!body.ok) return body.response;
  try {
    const created = await createProspect(user, body.data);
    return jsonAs(apiProspectSchema, await toApiProspect(created, requestOrigin(req)), { status: 201, headers: { Location: `/api/v1/prospects/${created.id}` } });
  } catch (e) {
    const res = prospectErrorResponse(e);
    if (res) return res;
    throw e;
  }
});
