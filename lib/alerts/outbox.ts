/**
 * Putting deliveries in the outbox. These functions are called inside the visit pipeline's
 * SQLite transaction (same connection, synchronous), so they only write rows: a delivery exists
 * exactly when what caused it was committed. lib/alerts/worker.ts sends them.
 */
import { insertOutboxRow } from "../../db/queries/outbox";
import { findUserById, type UserRow } from "../../db/queries/users";
import { activeWebhooksForOwner, type WebhookRow } from "../../db/queries/webhooks";
import { config } from "../config";
import { newId } from "../ids";
import { kickOutbox } from "./bus";
import { composeAlertEmail, composeDigestEmail, type ComposedEmail } from "./email";
import type { ActivityEvent } from "./events";

/** What an e-mail row's payload holds: everything needed to send it, fixed when it was made. */
export type EmailPayload = ComposedEmail & { kind: string; /** A campaign e-mail: answers go to the rep. */ replyTo?: string };

/** A webhook event as the worker sends it; `test` comes from "Send test event". */
export type WebhookEvent = Omit<ActivityEvent, "type"> & { type: ActivityEvent["type"] | "test" };

export type AlertForEmail = { id: string; userId: string; prospectId: string | null; kind: string; message: string; createdAt: number };

async function enqueueEmail(user: UserRow, prospectId: string | null, kind: string, mail: ComposedEmail, now: number): Promise<string> {
  const id = newId("dlv");
  const payload: EmailPayload = { ...mail, kind };
  await insertOutboxRow({ id, channel: "email", userId: user.id, prospectId, eventType: kind, payload, nextAttemptAt: now, createdAt: now });
  kickOutbox();
  return id;
}

/** The recipient, when e-mail is configured and they want alert e-mails. */
async function emailRecipient(userId: string): Promise<UserRow | undefined> {
  if (!config().SMTP_URL) return undefined;
  const user = await findUserById(userId);
  return user && user.emailAlerts ? user : undefined;
}

/**
 * One alert e-mail to the alert's recipient, when SMTP_URL is set and they have e-mail alerts
 * on; otherwise nothing. `link` opens the prospect in the console.
 */
export async function enqueueAlertEmail(alert: AlertForEmail, link: string): Promise<void> {
  const user = await emailRecipient(alert.userId);
  if (!user) return;
  await enqueueEmail(user, alert.prospectId, alert.kind, composeAlertEmail(user.email, alert.message, link), Date.now());
}

/** The summary of what happened during quiet hours, one line each, under the same conditions. */
export async function enqueueDigestEmail(userId: string, lines: string[], link: string): Promise<void> {
  if (lines.length === 0) return;
  const user = await emailRecipient(userId);
  if (!user) return;
  await enqueueEmail(user, null, "digest", composeDigestEmail(user.email, lines, link), Date.now());
}

/** "Send me a test e-mail": sent whatever the rep's preference, so they can check before turning alerts on. */
export async function enqueueTestEmail(user: UserRow, link: string): Promise<string | undefined> {
  if (!config().SMTP_URL) return undefined;
  const mail = composeAlertEmail(user.email, "Test e-mail from Ringback: alerts reach you here.", link);
  return enqueueEmail(user, null, "test", mail, Date.now());
}

/** Slack's mrkdwn needs only these three escaped; then nobody's name can ping a channel or forge a link. */
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The body a webhook receives, in its format. */
export function webhookBody(format: WebhookRow["format"], event: WebhookEvent): Record<string, unknown> {
  if (format === "slack") {
    const p = event.prospect;
    const who = [`${p.firstName} ${p.lastName}`.trim(), p.company, p.phone].filter(Boolean).join(" · ");
    return {
      text: slackEscape(event.message),
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: slackEscape(event.message) } },
        { type: "context", elements: [{ type: "mrkdwn", text: slackEscape(`${who} — ${event.type}`) }] },
      ],
    };
  }
  return {
    id: event.id,
    type: event.type,
    createdAt: new Date(event.at).toISOString(),
    data: { prospect: event.prospect, visitId: event.visitId, ...event.data, message: event.message },
  };
}

async function enqueueForWebhook(hook: WebhookRow, event: WebhookEvent, now: number): Promise<string> {
  const id = newId("dlv");
  await insertOutboxRow({
    id,
    channel: "webhook",
    webhookId: hook.id,
    prospectId: event.type === "test" ? null : event.prospect.id,
    eventType: event.type,
    payload: webhookBody(hook.format, event),
    nextAttemptAt: now,
    createdAt: now,
  });
  return id;
}

/**
 * One delivery per active webhook that wants this event: the prospect owner's own webhooks and
 * every workspace-wide one. Each gets a fresh dlv_ id, the idempotency id its receiver sees on
 * every retry.
 */
export async function enqueueWebhooks(event: ActivityEvent): Promise<void> {
  const now = Date.now();
  let n = 0;
  for (const hook of await activeWebhooksForOwner(event.ownerId)) {
    if (!hook.events.includes(event.type)) continue;
    await enqueueForWebhook(hook, event, now);
    n++;
  }
  if (n) kickOutbox();
}

/** A made-up event, delivered to this one webhook only, whatever it subscribes to. */
export async function enqueueTestWebhook(hook: WebhookRow, now = Date.now()): Promise<string> {
  const event: WebhookEvent = {
    id: newId("evt"),
    type: "test",
    at: now,
    prospect: { id: "pro_example", slug: "rob-mason", firstName: "Rob", lastName: "Mason", company: "Northwind", phone: "+15550102030", email: "rob@example.com" },
    ownerId: hook.ownerId,
    visitId: null,
    data: { test: true },
    message: "Test event from Ringback: Rob Mason (Northwind) is on his page now.",
  };
  const id = await enqueueForWebhook(hook, event, now);
  kickOutbox();
  return id;
}
