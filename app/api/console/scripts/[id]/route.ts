import { scriptErrorResponse } from "@/lib/api/scripts";
import { notFound, readJson, withSession } from "@/lib/api/http";
import { deleteScript, scriptFor, scriptPatchSchema, toApiScript, updateScript } from "@/lib/voicemail/scripts";

const NOT_FOUND = "No script with this id.";

/** The script editor's "Save" for a script of one's own (or, for an admin, the workspace's). */
export const PATCH = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await scriptFor(user, id))) return notFound(NOT_FOUND);
  const body = await readJson(req, scriptPatchSchema);
  if (!body.ok) return body.response;
  try {
    const s = await updateScript(user, id, body.data);
    return s ? Response.json(toApiScript(s)) : notFound(NOT_FOUND);
  } catch (e) {
    const res = scriptErrorResponse(e);
    if (res) return res;
    throw e;
  }
});

export const DELETE = withSession(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  try {
    return (await deleteScript(user, id)) ? Response.json({ deleted: true }) : notFound(NOT_FOUND);
  } catch (e) {
    const res = scriptErrorResponse(e);
    if (res) return res;
    throw e;
  }
});
