import { notFound, readJson, requestOrigin, withSession } from "@/lib/api/http";
import { logVoicemail, toApiVoicemail, voicemailFormSchema } from "@/lib/voicemails";

/** The console's "Log a voicemail": the words (prefilled with the address as spoken), seconds, a note. */
export const POST = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const body = await readJson(req, voicemailFormSchema);
  if (!body.ok) return body.response;
  const row = await logVoicemail(user, id, body.data, requestOrigin(req));
  if (!row) return notFound("No prospect with this id.");
  return Response.json(toApiVoicemail(row), { status: 201 });
});
