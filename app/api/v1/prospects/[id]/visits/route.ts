import { apiError, jsonAs, notFound, withToken } from "@/lib/api/http";
import { limitSchema, visitListSchema } from "@/lib/api/schemas";
import { decodeVisitCursor, visitsPage } from "@/lib/visits/list";

/** A prospect's visits, newest first: people (human: true), and previews, bots and misses as what they were. */
export const GET = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const params = req.nextUrl.searchParams;
  const limit = limitSchema.safeParse(params.get("limit") ?? undefined);
  if (!limit.success) return apiError(422, "invalid_input", "limit must be a whole number from 1 to 200.", { limit: "Use 1 to 200." });
  const cursor = decodeVisitCursor(params.get("cursor"));
  if (cursor === "invalid") return apiError(422, "invalid_input", "cursor is not one this API gave out.", { cursor: "Use the nextCursor of a previous page." });
  const page = await visitsPage(user, id, cursor, limit.data);
  return page ? jsonAs(visitListSchema, page) : notFound("No prospect with this id.");
});
