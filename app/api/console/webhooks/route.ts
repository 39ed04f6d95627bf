import { apiError, readJson, withSession } from "@/lib/api/http";
import { addWebhook, listWebhooks, WebhookError, webhookInputSchema } from "@/lib/alerts/webhooks";

export const GET = withSession(async (_req, _ctx, user) => Response.json({ data: await listWebhooks(user) }, { headers: { "Cache-Control": "no-store" } }));

/** 201 with the signing secret, shown this once; afterwards only its hint. */
export const POST = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, webhookInputSchema);
  if (!body.ok) return body.response;
  try {
    const { webhook, secret } = await addWebhook(user, body.data);
    return Response.json({ ...webhook, secret }, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    if (e instanceof WebhookError) return apiError(e.status, e.code, e.message, e.fields);
    throw e;
  }
});
