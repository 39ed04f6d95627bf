import { experimentErrorResponse } from "@/lib/api/experiments";
import { notFound, readJson, withSession } from "@/lib/api/http";
import { stopExperiment, stopInputSchema, toApiExperiment } from "@/lib/experiments/experiments";

export const POST = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const body = await readJson(req, stopInputSchema);
  if (!body.ok) return body.response;
  try {
    const e = await stopExperiment(user, id, body.data);
    return e ? Response.json(toApiExperiment(e)) : notFound("No experiment with this id.");
  } catch (err) {
    const res = experimentErrorResponse(err);
    if (res) return res;
    throw err;
  }
});
