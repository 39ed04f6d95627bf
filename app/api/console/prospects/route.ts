import { z } from "zod";
import { prospectErrorResponse } from "@/lib/api/prospects";
import { apiError, readJson, withSession } from "@/lib/api/http";
import { prospectFromForm } from "@/lib/prospect-form";
import { createProspect } from "@/lib/prospects";

const formSchema = z.record(z.string(), z.union([z.string().max(10_000), z.boolean()]));

export const POST = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, formSchema);
  if (!body.ok) return body.response;
  const form = await prospectFromForm(body.data);
  if (!form.ok) return apiError(422, "invalid_input", "Some fields need another look.", form.fields);
  try {
    const p = await createProspect(user, form.input);
    return Response.json({ id: p.id, slug: p.slug, redirect: `/prospects/${p.id}?created=1` }, { status: 201 });
  } catch (e) {
    const res = prospectErrorResponse(e);
    if (res) return res;
    throw e;
  }
});
