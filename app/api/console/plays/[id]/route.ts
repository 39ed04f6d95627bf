import { z } from "zod";
import { playErrorResponse, playInUse } from "@/lib/api/plays";
import { apiError, notFound, readJson, withSession } from "@/lib/api/http";
import { playFromForm } from "@/lib/plays/form";
import { deletePlay, playFor, updatePlay } from "@/lib/plays/plays";

const formSchema = z.union([
  // Archive / Unarchive.
  z.object({ archived: z.boolean() }).strict(),
  // The editor's form.
  z.record(z.string(), z.union([z.string().max(10_000), z.boolean()])),
]);
const NOT_FOUND = "No play with this id.";

export const PATCH = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await playFor(user, id))) return notFound(NOT_FOUND);
  const body = await readJson(req, formSchema);
  if (!body.ok) return body.response;
  let input;
  if (Object.keys(body.data).length === 1 && typeof body.data.archived === "boolean") input = { archived: body.data.archived };
  else {
    const form = playFromForm(body.data);
    if (!form.ok) return apiError(422, "invalid_input", "Some fields need another look.", form.fields);
    input = form.input;
  }
  try {
    const p = await updatePlay(user, id, input);
    return p ? Response.json({ id: p.id, version: p.version }) : notFound(NOT_FOUND);
  } catch (e) {
    const res = playErrorResponse(e);
    if (res) return res;
    throw e;
  }
});

export const DELETE = withSession(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  try {
    const r = await deletePlay(user, id);
    if (r === "not_found") return notFound(NOT_FOUND);
    if (r === "in_use") return playInUse();
    return Response.json({ redirect: "/plays?deleted=1" });
  } catch (e) {
    const res = playErrorResponse(e);
    if (res) return res;
    throw e;
  }
});
