import { experimentCsvResponse } from "@/lib/api/experiments";
import { withSession } from "@/lib/api/http";

/** The console's "Export CSV" on an experiment's page. */
export const GET = withSession(async (_req, ctx, user) => experimentCsvResponse(user, (await ctx.params).id));
