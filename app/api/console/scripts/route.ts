import { scriptErrorResponse } from "@/lib/api/scripts";
import { readJson, withSession } from "@/lib/api/http";
import { createScript, scriptInputSchema, toApiScript } from "@/lib/voicemail/scripts";

/** The script editor's "Save" for a new script (or a copy of an example). */
export const POST = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, scriptInputSchema);
  if (!body.ok) return body.response;
  try {
    return Response.json(toApiScript(await createScript(user, body.data)), { status: 201 });
  } catch (e) {
    const res = scriptErrorResponse(e);
    if (res) return res;
    throw e;
  }
});
