import { apiError, requestOrigin, withSession } from "@/lib/api/http";
import { enqueueTestEmail } from "@/lib/alerts/outbox";

/** "Send me a test e-mail": checks the SMTP settings end to end, whatever the rep's alert preference. */
export const POST = withSession(async (req, _ctx, user) => {
  const deliveryId = await enqueueTestEmail(user, `${requestOrigin(req)}/settings`);
  if (!deliveryId) return apiError(409, "email_not_configured", "E-mail is not set up on this server: its admin sets SMTP_URL.");
  return Response.json({ deliveryId, to: user.email }, { status: 202, headers: { "Cache-Control": "no-store" } });
});
