import { and, count, desc, eq, or } from "drizzle-orm";
import { getDb } from "../index";
import { webhooks } from "../schema";

export type WebhookRow = typeof webhooks.$inferSelect;
export type NewWebhook = typeof webhooks.$inferInsert;

export function insertWebhook(row: NewWebhook): WebhookRow {
  return getDb().insert(webhooks).values(row).returning().get();
}

export function countWebhooksOwnedBy(ownerId: string): number {
  return getDb().select({ n: count() }).from(webhooks).where(eq(webhooks.ownerId, ownerId)).get()?.n ?? 0;
}

/** What a user may see: their own webhooks and, for an admin, every workspace-wide one. Newest first. */
export function listVisibleWebhooks(userId: string, isAdmin: boolean): WebhookRow[] {
  const visible = isAdmin ? or(eq(webhooks.ownerId, userId), eq(webhooks.scope, "workspace")) : and(eq(webhooks.ownerId, userId), eq(webhooks.scope, "own"));
  return getDb().select().from(webhooks).where(visible).orderBy(desc(webhooks.createdAt), desc(webhooks.id)).all();
}

/** One webhook if the user may see it (same rule as the list), else undefined. */
export function findVisibleWebhook(userId: string, isAdmin: boolean, id: string): WebhookRow | undefined {
  const visible = isAdmin ? or(eq(webhooks.ownerId, userId), eq(webhooks.scope, "workspace")) : and(eq(webhooks.ownerId, userId), eq(webhooks.scope, "own"));
  return getDb().select().from(webhooks).where(and(eq(webhooks.id, id), visible)).get();
}

export function deleteWebhookById(id: string): boolean {
  return getDb().delete(webhooks).where(eq(webhooks.id, id)).run().changes > 0;
}

export function findWebhookById(id: string): WebhookRow | undefined {
  return getDb().select().from(webhooks).where(eq(webhooks.id, id)).get();
}

/** Active webhooks an event about one of `ownerId`'s prospects goes to: the owner's own, and every workspace-wide one. */
export function activeWebhooksForOwner(ownerId: string): WebhookRow[] {
  return getDb()
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.active, true), or(and(eq(webhooks.scope, "own"), eq(webhooks.ownerId, ownerId)), eq(webhooks.scope, "workspace"))))
    .orderBy(webhooks.createdAt, webhooks.id)
    .all();
}
