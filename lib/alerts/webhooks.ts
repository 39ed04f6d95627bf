/**
 * Webhooks as reps and admins manage them: where events go, which events, in what format. A rep's
 * webhooks get events about their own prospects; an admin may add workspace-wide ones (every
 * prospect). A rep sees only their own; an admin their own and every workspace-wide one.
 */
import { z } from "zod";
import { listDeliveriesForWebhook } from "../../db/queries/outbox";
import type { UserRow } from "../../db/queries/users";
import { countWebhooksOwnedBy, deleteWebhookById, findVisibleWebhook, insertWebhook, listVisibleWebhooks, type WebhookRow } from "../../db/queries/webhooks";
import { randomSecret } from "../auth/secrets";
import { config } from "../config";
import { newId } from "../ids";
import { destinationProblem } from "./destination";
import { ACTIVITY_TYPES } from "./events";
import { enqueueTestWebhook } from "./outbox";

export const WEBHOOK_EVENTS = ACTIVITY_TYPES;
export const WEBHOOK_FORMATS = ["json", "slack"] as const;
const SECRET_PREFIX = "whsec_";

export const webhookInputSchema = z.object({
  url: z.string({ error: "Enter the address to send events to." }).trim().min(1, "Enter the address to send events to.").max(2000, "Use at most 2000 characters."),
  format: z.enum(WEBHOOK_FORMATS, { error: "Pick JSON or Slack." }).default("json"),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: `Events are ${WEBHOOK_EVENTS.join(", ")}.` }), { error: "Pick at least one event." })
    .min(1, "Pick at least one event.")
    .transform((list) => [...new Set(list)]),
  scope: z.enum(["own", "workspace"], { error: "Scope is own or workspace." }).default("own"),
});
export type WebhookInput = z.output<typeof webhookInputSchema>;

/** Why this URL cannot be a webhook, or null when it can. */
export function webhookUrlProblem(raw: string, opts: { production: boolean; allowHttp: boolean }): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "Enter a full address, e.g. https://hooks.example.com/ringback.";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "Use an https:// address.";
  if (u.protocol === "http:" && opts.production && !opts.allowHttp) return "Use an https:// address (http:// is allowed only when the server sets WEBHOOK_ALLOW_HTTP=true).";
  if (!u.hostname) return "Enter a full address, e.g. https://hooks.example.com/ringback.";
  return null;
}

export class WebhookError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export type PublicWebhook = {
  id: string;
  url: string;
  format: WebhookRow["format"];
  events: string[];
  scope: WebhookRow["scope"];
  active: boolean;
  /** The secret's first characters, so it can be told apart; the secret itself is shown once. */
  secretHint: string;
  ownedByYou: boolean;
  createdAt: number;
};

export function toPublicWebhook(w: WebhookRow, viewerId: string): PublicWebhook {
  return { id: w.id, url: w.url, format: w.format, events: w.events, scope: w.scope, active: w.active, secretHint: `${w.secret.slice(0, SECRET_PREFIX.length + 4)}…`, ownedByYou: w.ownerId === viewerId, createdAt: w.createdAt };
}

const isAdmin = (u: UserRow) => u.role === "admin";

export async function createWebhook(user: UserRow, input: WebhookInput, now = Date.now()): Promise<{ webhook: PublicWebhook; secret: string }> {
  if (input.scope === "workspace" && !isAdmin(user)) throw new WebhookError(403, "forbidden", "Only an admin can add a workspace-wide webhook.", { scope: "Only an admin can choose workspace." });
  const cfg = config();
  const problem = webhookUrlProblem(input.url, { production: process.env.NODE_ENV === "production", allowHttp: cfg.WEBHOOK_ALLOW_HTTP });
  if (problem) throw new WebhookError(422, "invalid_input", "Some fields are not valid.", { url: problem });
  if ((await countWebhooksOwnedBy(user.id)) >= cfg.WEBHOOKS_MAX_PER_USER)
    throw new WebhookError(422, "too_many_webhooks", `You already have ${cfg.WEBHOOKS_MAX_PER_USER} webhooks, the most allowed. Delete one first.`, { url: `At most ${cfg.WEBHOOKS_MAX_PER_USER} webhooks each.` });
  const secret = SECRET_PREFIX + randomSecret(24);
  const row = await insertWebhook({ id: newId("wh"), ownerId: user.id, scope: input.scope, url: new URL(input.url).toString(), format: input.format, secret, events: input.events, active: true, createdAt: now, updatedAt: now });
  return { webhook: toPublicWebhook(row, user.id), secret };
}

/** createWebhook, after checking where the address leads (this machine and private networks are refused). */
export async function addWebhook(user: UserRow, input: WebhookInput, now = Date.now()): Promise<{ webhook: PublicWebhook; secret: string }> {
  const format = webhookUrlProblem(input.url, { production: process.env.NODE_ENV === "production", allowHttp: config().WEBHOOK_ALLOW_HTTP });
  const where = format ? null : await destinationProblem(input.url);
  if (where) throw new WebhookError(422, "invalid_input", "Some fields are not valid.", { url: where });
  return createWebhook(user, input, now);
}

export async function listWebhooks(user: UserRow): Promise<PublicWebhook[]> {
  return (await listVisibleWebhooks(user.id, isAdmin(user))).map((w) => toPublicWebhook(w, user.id));
}

export async function deleteWebhook(user: UserRow, id: string): Promise<boolean> {
  const hook = await findVisibleWebhook(user.id, isAdmin(user), id);
  return hook ? (await deleteWebhookById(hook.id)) : false;
}

/** Queues a `test` event for this webhook only; undefined when the user may not see it. */
export async function sendTestEvent(user: UserRow, id: string): Promise<{ deliveryId: string } | undefined> {
  const hook = await findVisibleWebhook(user.id, isAdmin(user), id);
  if (!hook) return undefined;
  return { deliveryId: await enqueueTestWebhook(hook) };
}

export type PublicDelivery = {
  id: string;
  eventType: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
  nextAttemptAt: number | null;
  tries: { at: number; status: number | null; error: string | null; durationMs: number }[];
};

export const DELIVERIES_SHOWN = 50;

/** The webhook's recent deliveries with every try, newest first; undefined when the user may not see it. */
export async function webhookDeliveries(user: UserRow, id: string, limit = DELIVERIES_SHOWN): Promise<PublicDelivery[] | undefined> {
  const hook = await findVisibleWebhook(user.id, isAdmin(user), id);
  if (!hook) return undefined;
  return (await listDeliveriesForWebhook(hook.id, limit)).map((d) => ({
    id: d.id,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: d.createdAt,
    deliveredAt: d.deliveredAt,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt : null,
    tries: d.tries.map((t) => ({ at: t.at, status: t.status, error: t.error, durationMs: t.durationMs })),
  }));
}
