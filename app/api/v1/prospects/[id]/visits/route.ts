import { z } from "zod";
import { apiError, notFound, withToken } from "@/lib/api/http";
import { decodeVisitCursor, visitsPage } from "@/lib/visits/list";

const limitSchema = z.coerce.number().int().min(1).max(200).default(50);

/** A prospect's visits, newest first: people (human: true), and previews, bots and misses as what they were. */
export const GET = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const params = req.nextUrl.searchParams;
  const limit = limitSchema.safeParse(params.get("limit") ?? undefined);
  if (!limit.success) return apiError(422, "invalid_input", "limit must be a whole number from 1 to 200.", { limit: "Use 1 to 200." });
  const cursor = decodeVisitCursor(params.get("cursor"));
  if (cursor === "invalid") return apiError(422, "invalid_input", "cursor is not one this API gave out.", { cursor: "Use the nextCursor of a previous page." });
  const page = visitsPage(user, id, cursor, limit.data);
  return page ? Response.json(page) : notFound("No prospect with this id.");
});
