import { experimentErrorResponse } from "@/lib/api/experiments";
import { jsonAs, notFound, readJson, withToken } from "@/lib/api/http";
import { apiExperimentSchema, experimentStopBody } from "@/lib/api/schemas";
import { stopExperiment, toApiExperiment } from "@/lib/experiments/experiments";

/** Stops it: the declared winner (if any) becomes the default script or play unless `adoptWinner` is false. */
export const POST = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const body = await readJson(req, experimentStopBody);
  if (!body.ok) return body.response;
  try {
    const e = await stopExperiment(user, id, body.data);
    return e ? jsonAs(apiExperimentSchema, toApiExperiment(e)) : notFound("No experiment with this id.");
  } catch (err) {
    const res = experimentErrorResponse(err);
    if (res) return res;
    throw err;
  }
});
