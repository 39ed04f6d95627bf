import { z } from "zod";
import { prospectErrorResponse } from "@/lib/api/prospects";
import { apiError, notFound, readJson, withSession } from "@/lib/api/http";
import { prospectFromForm } from "@/lib/prospect-form";
import { deleteProspect, prospectFor, updateProspect } from "@/lib/prospects";

const formSchema = z.record(z.string(), z.union([z.string().max(10_000), z.boolean()]));
const NOT_FOUND = "No prospect with this id.";

export const PATCH = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await prospectFor(user, id))) return notFound(NOT_FOUND);
  const body = await readJson(req, formSchema);
  if (!body.ok) return body.response;
  const form = await prospectFromForm(body.data);
  if (!form.ok) return apiError(422, "invalid_input", "Some fields need another look.", form.fields);
  try {
    const p = await updateProspect(user, id, form.input);
    return p ? Response.json({ id: p.id, slug: p.slug }) : notFound(NOT_FOUND);
  } catch (e) {
    const res = prospectErrorResponse(e);
    if (res) return res;
    throw e;
  }
});

export const DELETE = withSession(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  return (await deleteProspect(user, id)) ? Response.json({ redirect: "/prospects?deleted=1" }) : notFound(NOT_FOUND);
});
