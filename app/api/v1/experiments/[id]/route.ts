import { jsonAs, notFound, withToken } from "@/lib/api/http";
import { apiExperimentSchema } from "@/lib/api/schemas";
import { experimentFor, toApiExperiment } from "@/lib/experiments/experiments";

export const GET = withToken(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  const e = await experimentFor(user, id);
  return e ? jsonAs(apiExperimentSchema, toApiExperiment(e)) : notFound("No experiment with this id.");
});
