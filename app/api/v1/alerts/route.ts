import { apiError, jsonAs, withToken } from "@/lib/api/http";
import { alertListSchema, limitSchema } from "@/lib/api/schemas";
import { alertsPage, parseAlertCursor } from "@/lib/alerts/feed";

/**
 * The token owner's alerts, oldest first, after `?after=<cursor>` (from the start without one).
 * `nextCursor` is always given: pass it back to get what is newer; `hasMore` says whether to ask
 * again at once.
 */
export const GET = withToken(async (req, _ctx, user) => {
  const params = req.nextUrl.searchParams;
  const limit = limitSchema.safeParse(params.get("limit") ?? undefined);
  if (!limit.success) return apiError(422, "invalid_input", "limit must be a whole number from 1 to 200.", { limit: "Use 1 to 200." });
  const after = parseAlertCursor(params.get("after"));
  if (after === "invalid") return apiError(422, "invalid_input", "after is not a cursor this API gave out.", { after: "Use the nextCursor (or an alert's cursor) from an earlier answer." });
  return jsonAs(alertListSchema, await alertsPage(user.id, after ?? 0, limit.data), { headers: { "Cache-Control": "no-store" } });
});
