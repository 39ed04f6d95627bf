import { experimentErrorResponse } from "@/lib/api/experiments";
import { jsonAs, readJson, withToken } from "@/lib/api/http";
import { apiExperimentSchema, experimentInputBody, experimentListSchema } from "@/lib/api/schemas";
import { createExperiment, experimentsFor, toApiExperiment } from "@/lib/experiments/experiments";

/** The experiments the token's user may see, newest first. */
export const GET = withToken(async (_req, _ctx, user) => jsonAs(experimentListSchema, { data: (await experimentsFor(user)).map(toApiExperiment) }));

/** Starts an experiment on 2–4 scripts or plays. */
export const POST = withToken(async (req, _ctx, user) => {
  const body = await readJson(req, experimentInputBody);
  if (!body.ok) return body.response;
  try {
    const e = await createExperiment(user, body.data);
    return jsonAs(apiExperimentSchema, toApiExperiment(e), { status: 201, headers: { Location: `/api/v1/experiments/${e.id}` } });
  } catch (err) {
    const res = experimentErrorResponse(err);
    if (res) return res;
    throw err;
  }
});
