import { ZodError } from "zod";
import { apiError, notFound, readJson, requestOrigin, validationError, withSession } from "@/lib/api/http";
import { EmailTouchProblem, emailTouchInputSchema, sendEmailTouch } from "@/lib/campaigns/email";

/** Call mode's e-mail touch: "Send" (through SMTP) or "Mark as sent" (opened as a mailto:). */
export const POST = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const body = await readJson(req, emailTouchInputSchema);
  if (!body.ok) return body.response;
  try {
    const done = await sendEmailTouch(user, id, body.data, requestOrigin(req));
    if (!done) return notFound("No prospect with this id.");
    return Response.json({ ok: true, ...done }, { status: 201 });
  } catch (e) {
    if (e instanceof EmailTouchProblem) return apiError(409, e.code, e.message);
    if (e instanceof ZodError) return validationError(e);
    throw e;
  }
});
