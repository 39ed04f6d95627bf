import { z } from "zod";
import { playErrorResponse } from "@/lib/api/plays";
import { apiError, readJson, withSession } from "@/lib/api/http";
import { playFromForm } from "@/lib/plays/form";
import { createPlay } from "@/lib/plays/plays";

const formSchema = z.record(z.string(), z.union([z.string().max(10_000), z.boolean()]));

/** The play editor's "Create play". */
export const POST = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, formSchema);
  if (!body.ok) return body.response;
  const form = playFromForm(body.data);
  if (!form.ok) return apiError(422, "invalid_input", "Some fields need another look.", form.fields);
  try {
    const p = await createPlay(user, form.input);
    return Response.json({ id: p.id, redirect: `/plays/${p.id}?created=1` }, { status: 201 });
  } catch (e) {
    const res = playErrorResponse(e);
    if (res) return res;
    throw e;
  }
});
