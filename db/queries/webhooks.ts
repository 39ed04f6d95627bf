import { and, count, desc, eq, or } from "drizzle-orm";
import { getDb, rowsChanged, write } from "../index";
import { webhooks } from "../tables";

export type WebhookRow = typeof webhooks.$inferSelect;
export type NewWebhook = typeof webhooks.$inferInsert;

export async function insertWebhook(row: NewWebhook): Promise<WebhookRow> {
  return (await write((db) => db.insert(webhooks).values(row).returning()))[0];
}

export async function countWebhooksOwnedBy(ownerId: string): Promise<number> {
  return (await getDb().select({ n: count() }).from(webhooks).where(eq(webhooks.ownerId, ownerId)).limit(1))[0]?.n ?? 0;
}

/** What a user may see: their own webhooks and, for an admin, every workspace-wide one. Newest first. */
export async function listVisibleWebhooks(userId: string, isAdmin: boolean): Promise<WebhookRow[]> {
  const visible = isAdmin ? or(eq(webhooks.ownerId, userId), eq(webhooks.scope, "workspace")) : and(eq(webhooks.ownerId, userId), eq(webhooks.scope, "own"));
  return await getDb().select().from(webhooks).where(visible).orderBy(desc(webhooks.createdAt), desc(webhooks.id));
}

/** One webhook if the user may see it (same rule as the list), else undefined. */
export async function findVisibleWebhook(userId: string, isAdmin: boolean, id: string): Promise<WebhookRow | undefined> {
  const visible = isAdmin ? or(eq(webhooks.ownerId, userId), eq(webhooks.scope, "workspace")) : and(eq(webhooks.ownerId, userId), eq(webhooks.scope, "own"));
  return (await getDb().select().from(webhooks).where(and(eq(webhooks.id, id), visible)).limit(1))[0];
}

export async function deleteWebhookById(id: string): Promise<boolean> {
  return rowsChanged(await write((db) => db.delete(webhooks).where(eq(webhooks.id, id)))) > 0;
}

export async function findWebhookById(id: string): Promise<WebhookRow | undefined> {
  return (await getDb().select().from(webhooks).where(eq(webhooks.id, id)).limit(1))[0];
}

/** Active webhooks an event about one of `ownerId`'s prospects goes to: the owner's own, and every workspace-wide one. */
export async function activeWebhooksForOwner(ownerId: string): Promise<WebhookRow[]> {
  return await getDb()
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.active, true), or(and(eq(webhooks.scope, "own"), eq(webhooks.ownerId, ownerId)), eq(webhooks.scope, "workspace"))))
    .orderBy(webhooks.createdAt, webhooks.id);
}
