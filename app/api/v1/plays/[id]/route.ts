import { playErrorResponse, playInUse } from "@/lib/api/plays";
import { jsonAs, notFound, readJson, withToken } from "@/lib/api/http";
import { apiPlaySchema, playPatchBody } from "@/lib/api/schemas";
import { deletePlay, playFor, toApiPlay, updatePlay } from "@/lib/plays/plays";

const NOT_FOUND = "No play with this id.";

export const GET = withToken(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  const p = await playFor(user, id);
  return p ? jsonAs(apiPlaySchema, toApiPlay(p)) : notFound(NOT_FOUND);
});

/** Changes what the play says (a new version: every page following it shows it at once), its name, sharing or archiving. */
export const PATCH = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await playFor(user, id))) return notFound(NOT_FOUND);
  const body = await readJson(req, playPatchBody);
  if (!body.ok) return body.response;
  try {
    const p = await updatePlay(user, id, body.data);
    return p ? jsonAs(apiPlaySchema, toApiPlay(p)) : notFound(NOT_FOUND);
  } catch (e) {
    const res = playErrorResponse(e);
    if (res) return res;
    throw e;
  }
});

/** Deletes a play nothing uses; one that pages follow (or visits saw) gets 409: archive it instead. */
export const DELETE = withToken(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  try {
    const r = await deletePlay(user, id);
    if (r === "not_found") return notFound(NOT_FOUND);
    if (r === "in_use") return playInUse();
    return new Response(null, { status: 204 });
  } catch (e) {
    const res = playErrorResponse(e);
    if (res) return res;
    throw e;
  }
});
