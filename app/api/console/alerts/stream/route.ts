import { apiError, sessionTokenOf, withSession } from "@/lib/api/http";
import { alertStream } from "@/lib/alerts/stream";

export const dynamic = "force-dynamic";

/** The live alert feed (server-sent events) for the signed-in rep. */
export const GET = withSession(async (req, _ctx, user) => {
  const out = await alertStream({
    userId: user.id,
    sessionToken: sessionTokenOf(req) ?? "",
    lastEventId: req.headers.get("last-event-id"),
    after: req.nextUrl.searchParams.get("after"),
    signal: req.signal,
  });
  if ("invalid" in out) return apiError(422, "invalid_input", "after is not a cursor this feed gave out.", { after: "Use the id of the last event you received." });
  return out;
});
