import { apiError, jsonAs, notFound, readJson, requestOrigin, withToken } from "@/lib/api/http";
import { apiVoicemailSchema, limitSchema, voicemailInputBody, voicemailListSchema } from "@/lib/api/schemas";
import { decodeVoicemailCursor, logVoicemail, prospectVoicemails, toApiVoicemail } from "@/lib/voicemails";

/** The voicemails left for a prospect, newest first, `?cursor=&limit=`. */
export const GET = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const params = req.nextUrl.searchParams;
  const limit = limitSchema.safeParse(params.get("limit") ?? undefined);
  if (!limit.success) return apiError(422, "invalid_input", "limit must be a whole number from 1 to 200.", { limit: "Use 1 to 200." });
  const cursor = decodeVoicemailCursor(params.get("cursor"));
  if (cursor === "invalid") return apiError(422, "invalid_input", "cursor is not one this API gave out.", { cursor: "Use the nextCursor of a previous page." });
  const page = await prospectVoicemails(user, id, cursor, limit.data);
  return page ? jsonAs(voicemailListSchema, { data: page.rows.map(toApiVoicemail), nextCursor: page.next }) : notFound("No prospect with this id.");
});

/** Log a voicemail left for a prospect: the exact words (or the page's address as spoken), when, how long, a note. */
export const POST = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const body = await readJson(req, voicemailInputBody);
  if (!body.ok) return body.response;
  const row = await logVoicemail(user, id, body.data, requestOrigin(req));
  if (!row) return notFound("No prospect with this id.");
  return jsonAs(apiVoicemailSchema, toApiVoicemail(row), { status: 201, headers: { Location: `/api/v1/prospects/${id}/voicemails` } });
});
