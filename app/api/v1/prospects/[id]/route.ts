import { prospectErrorResponse } from "@/lib/api/prospects";
import { jsonAs, notFound, readJson, requestOrigin, withToken } from "@/lib/api/http";
import { apiProspectSchema, prospectPatchBody } from "@/lib/api/schemas";
import { deleteProspect, prospectFor, toApiProspect, updateProspect } from "@/lib/prospects";

const NOT_FOUND = "No prospect with this id.";

export const GET = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const p = await prospectFor(user, id);
  return p ? jsonAs(apiProspectSchema, await toApiProspect(p, requestOrigin(req))) : notFound(NOT_FOUND);
});

export const PATCH = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await prospectFor(user, id))) return notFound(NOT_FOUND);
  const body = await readJson(req, prospectPatchBody);
  if (!body.ok) return body.response;
  try {
    const p = await updateProspect(user, id, body.data);
    return p ? jsonAs(apiProspectSchema, await toApiProspect(p, requestOrigin(req))) : notFound(NOT_FOUND);
  } catch (e) {
    const res = prospectErrorResponse(e);
    if (res) return res;
    throw e;
  }
});

export const DELETE = withToken(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  return (await deleteProspect(user, id)) ? new Response(null, { status: 204 }) : notFound(NOT_FOUND);
});
