import { prospectErrorResponse } from "@/lib/api/prospects";
import { jsonAs, notFound, readJson, requestOrigin, withToken } from "@/lib/api/http";
import { apiProspectSchema, prospectPatchBody } from "@/lib/api/schemas";
import { deleteProspect, prospectFor, toApiProspect, updateProspect } from "@/lib/prospects";

const NOT_FOUND = "No prospect with this id.";

export const GET = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const p = prospectFor(user, id);
  return p ? jsonAs(apiProspectSchema, toApiProspect(p, requestOrigin(req))) : notFound(NOT_FOUND);
});

export const PATCH = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  if (!prospectFor(user, id)) return notFound(NOT_FOUND);
  const body = await readJson(req, prospectPatchBody);
  if (!body.ok) return body.response;
  try {
    const p = updateProspect(user, id, body.data);
    return p ? jsonAs(apiProspectSchema, toApiProspect(p, requestOrigin(req))) : notFound(NOT_FOUND);
  } catch (e) {
    const res = prospectErrorResponse(e);
    if (res) return res;
    throw e;
  }
});

export const DELETE = withToken(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  return deleteProspect(user, id) ? new Response(null, { status: 204 }) : notFound(NOT_FOUND);
});
