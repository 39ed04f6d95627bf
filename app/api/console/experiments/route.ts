import { experimentErrorResponse } from "@/lib/api/experiments";
import { readJson, withSession } from "@/lib/api/http";
import { createExperiment, experimentInputSchema, toApiExperiment } from "@/lib/experiments/experiments";

/** The console's "Start an experiment". */
export const POST = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, experimentInputSchema);
  if (!body.ok) return body.response;
  try {
    return Response.json(toApiExperiment(await createExperiment(user, body.data)), { status: 201 });
  } catch (err) {
    const res = experimentErrorResponse(err);
    if (res) return res;
    throw err;
  }
});
