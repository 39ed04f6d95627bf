import { experimentCsvResponse } from "@/lib/api/experiments";
import { withToken } from "@/lib/api/http";

/** Every message of the experiment as CSV. */
export const GET = withToken(async (_req, ctx, user) => experimentCsvResponse(user, (await ctx.params).id));
