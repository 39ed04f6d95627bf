import { jsonAs, notFound, withToken } from "@/lib/api/http";
import { experimentResultsSchema } from "@/lib/api/schemas";
import { experimentFor, experimentResults, toApiResults } from "@/lib/experiments/experiments";

/** Per arm: messages, visits, returned calls, meetings; the goal's rate, its 95% interval and the chance to be best. */
export const GET = withToken(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  const e = await experimentFor(user, id);
  return e ? jsonAs(experimentResultsSchema, toApiResults(await experimentResults(e))) : notFound("No experiment with this id.");
});
