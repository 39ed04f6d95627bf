import { apiError, notFound, withSession } from "@/lib/api/http";
import { UploadError } from "@/lib/uploads";
import { recordingResponse, saveRecording } from "@/lib/voicemail/recordings";

/** The recording kept with a message-log entry, for the rep (and admins) who may see the prospect. */
export const GET = withSession(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  return (await recordingResponse(user, id)) ?? notFound("No recording for this message.");
});

/** Keeps the rep's recording (the raw audio as the request body) with the entry they logged. */
export const PUT = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  try {
    const length = req.headers.get("content-length");
    const saved = await saveRecording(user, id, req.body, length ? Number(length) : null);
    if (!saved) return notFound("No message with this id.");
    return Response.json({ id, format: saved.format, bytes: saved.bytes, url: `/api/console/voicemails/${id}/recording` }, { status: 201 });
  } catch (e) {
    if (e instanceof UploadError) return apiError(e.status, e.code, e.message);
    throw e;
  }
});
