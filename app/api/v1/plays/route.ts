import { playErrorResponse, listParams } from "@/lib/api/plays";
import { apiError, jsonAs, readJson, withToken } from "@/lib/api/http";
import { apiPlaySchema, playInputBody, playListSchema } from "@/lib/api/schemas";
import { createPlay, decodePlayCursor, pageOfPlays, toApiPlay } from "@/lib/plays/plays";

/** The plays the token's user may use (the workspace's and their own; every play for an admin), newest first, `?cursor=&limit=&archived=`. */
export const GET = withToken(async (req, _ctx, user) => {
  const params = req.nextUrl.searchParams;
  const list = listParams(params);
  if (!list.ok) return list.response;
  const cursor = decodePlayCursor(params.get("cursor"));
  if (cursor === "invalid") return apiError(422, "invalid_input", "cursor is not one this API gave out.", { cursor: "Use the nextCursor of a previous page." });
  const page = await pageOfPlays(user, list.archived, cursor, list.limit);
  return jsonAs(playListSchema, { data: page.rows.map(toApiPlay), nextCursor: page.next });
});

export const POST = withToken(async (req, _ctx, user) => {
  const body = await readJson(req, playInputBody);
  if (!body.ok) return body.response;
  try {
    const created = await createPlay(user, body.data);
    return jsonAs(apiPlaySchema, toApiPlay(created), { status: 201, headers: { Location: `/api/v1/plays/${created.id}` } });
  } catch (e) {
    const res = playErrorResponse(e);
    if (res) return res;
    throw e;
  }
});
