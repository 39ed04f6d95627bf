import { notFound, readJson, requestOrigin, withSession } from "@/lib/api/http";
import { previewInputSchema, previewScript } from "@/lib/voicemail/scripts";

/** The script editor's live preview: the words as typed, rendered for a prospect (nothing is saved). */
export const POST = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, previewInputSchema);
  if (!body.ok) return body.response;
  const r = await previewScript(user, body.data, requestOrigin(req));
  return r ? Response.json(r) : notFound("No prospect with this id.");
});
