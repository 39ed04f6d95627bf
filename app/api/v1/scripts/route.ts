import { listParams } from "@/lib/api/plays";
import { scriptErrorResponse } from "@/lib/api/scripts";
import { apiError, jsonAs, readJson, withToken } from "@/lib/api/http";
import { apiScriptSchema, scriptInputBody, scriptListSchema } from "@/lib/api/schemas";
import { createScript, decodeScriptCursor, pageOfScripts, toApiScript } from "@/lib/voicemail/scripts";

/** The built-in examples, then the scripts the token's user may use (the workspace's and their own), newest first, `?cursor=&limit=&archived=`. */
export const GET = withToken(async (req, _ctx, user) => {
  const params = req.nextUrl.searchParams;
  const list = listParams(params);
  if (!list.ok) return list.response;
  const cursor = decodeScriptCursor(params.get("cursor"));
  if (cursor === "invalid") return apiError(422, "invalid_input", "cursor is not one this API gave out.", { cursor: "Use the nextCursor of a previous page." });
  const page = await pageOfScripts(user, list.archived, cursor, list.limit);
  return jsonAs(scriptListSchema, { data: page.rows.map(toApiScript), nextCursor: page.next });
});

export const POST = withToken(async (req, _ctx, user) => {
  const body = await readJson(req, scriptInputBody);
  if (!body.ok) return body.response;
  try {
    const created = await createScript(user, body.data);
    return jsonAs(apiScriptSchema, toApiScript(created), { status: 201, headers: { Location: `/api/v1/scripts/${created.id}` } });
  } catch (e) {
    const res = scriptErrorResponse(e);
    if (res) return res;
    throw e;
  }
});
