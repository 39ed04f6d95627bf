import { ZodError } from "zod";
import { readJson, validationError, withSession } from "@/lib/api/http";
import { holidaysInputSchema, saveHolidays } from "@/lib/campaigns/store";

/** Settings: the rep's days off, which campaigns skip like weekends. */
export const PUT = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, holidaysInputSchema);
  if (!body.ok) return body.response;
  try {
    return Response.json({ holidays: await saveHolidays(user, body.data) });
  } catch (e) {
    if (e instanceof ZodError) return validationError(e);
    throw e;
  }
});
