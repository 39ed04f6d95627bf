import { scriptErrorResponse } from "@/lib/api/scripts";
import { jsonAs, notFound, readJson, withToken } from "@/lib/api/http";
import { apiScriptSchema, scriptPatchBody } from "@/lib/api/schemas";
import { deleteScript, scriptFor, toApiScript, updateScript } from "@/lib/voicemail/scripts";

const NOT_FOUND = "No script with this id.";

export const GET = withToken(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  const s = await scriptFor(user, id);
  return s ? jsonAs(apiScriptSchema, toApiScript(s)) : notFound(NOT_FOUND);
});

/** Changes a script's name, style, words, sharing or archiving; the examples and (for a rep) shared scripts are 403. */
export const PATCH = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await scriptFor(user, id))) return notFound(NOT_FOUND);
  const body = await readJson(req, scriptPatchBody);
  if (!body.ok) return body.response;
  try {
    const s = await updateScript(user, id, body.data);
    return s ? jsonAs(apiScriptSchema, toApiScript(s)) : notFound(NOT_FOUND);
  } catch (e) {
    const res = scriptErrorResponse(e);
    if (res) return res;
    throw e;
  }
});

export const DELETE = withToken(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  try {
    return (await deleteScript(user, id)) ? new Response(null, { status: 204 }) : notFound(NOT_FOUND);
  } catch (e) {
    const res = scriptErrorResponse(e);
    if (res) return res;
    throw e;
  }
});
