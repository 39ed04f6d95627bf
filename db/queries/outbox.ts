/**
 * The outbox: deliveries (e-mail, webhooks) written in the same transaction as what caused them
 * and sent by lib/alerts/worker.ts. `seq` is the order they were made in.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, rowsChanged, transaction, write } from "../index";
import { same } from "../sql";
import { deliveryAttempts, outbox } from "../tables";

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = Omit<typeof outbox.$inferInsert, "seq">;
export type DeliveryAttemptRow = typeof deliveryAttempts.$inferSelect;

export async function insertOutboxRow(row: NewOutboxRow): Promise<OutboxRow> {
  return (await write((db) => db.insert(outbox).values(row).returning()))[0];
}

/**
 * Pending rows that are due at `now` and are first in their line: no earlier row for the same
 * destination (webhook, or e-mail recipient) and the same prospect is still pending. So a
 * receiver that was down gets each prospect's events in the order they happened. Oldest first.
 */
export async function selectDueOutboxRows(now: number, limit: number): Promise<OutboxRow[]> {
  return await getDb()
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.status, "pending"),
        sql`${outbox.nextAttemptAt} <= ${now}`,
        // Not in another server's hands right now.
        sql`(${outbox.claimedUntil} is null or ${outbox.claimedUntil} <= ${now})`,
        sql`NOT EXISTS (
          SELECT 1 FROM outbox AS earlier
          WHERE earlier.status = 'pending'
            AND earlier.seq < ${outbox.seq}
            AND earlier.channel = ${outbox.channel}
            AND ${same(sql`earlier.webhook_id`, outbox.webhookId)}
            AND ${same(sql`earlier.user_id`, outbox.userId)}
            AND ${same(sql`earlier.prospect_id`, outbox.prospectId)}
        )`,
      ),
    )
    .orderBy(outbox.seq)
    .limit(limit);
}

/**
 * Takes a due row for this worker until `until`: true for exactly one worker among all servers'
 * (the row must still be pending and due, and nobody else's claim may be running). A worker that
 * dies mid-delivery loses its claim when `until` passes; another then sends it (receivers dedupe
 * by the delivery id, which never changes).
 */
export async function claimOutboxRow(seq: number, worker: string, now: number, until: number): Promise<boolean> {
  return (
    rowsChanged(
      await write((db) =>
        db
          .update(outbox)
          .set({ claimedBy: worker, claimedUntil: until })
          .where(and(eq(outbox.seq, seq), eq(outbox.status, "pending"), sql`${outbox.nextAttemptAt} <= ${now}`, sql`(${outbox.claimedUntil} is null or ${outbox.claimedUntil} <= ${now} or ${outbox.claimedBy} = ${worker})`)),
      ),
    ) > 0
  );
}

export async function findOutboxRow(seq: number): Promise<OutboxRow | undefined> {
  return (await getDb().select().from(outbox).where(eq(outbox.seq, seq)).limit(1))[0];
}

export async function findOutboxRowById(id: string): Promise<OutboxRow | undefined> {
  return (await getDb().select().from(outbox).where(eq(outbox.id, id)).limit(1))[0];
}

export type AttemptRecord = { at: number; status: number | null; error: string | null; durationMs: number };

/**
 * Records one try and its consequence in one transaction: delivered, failed for good, or pending
 * again at `nextAttemptAt`. Only a row still pending changes, so nothing is delivered twice.
 */
export async function recordOutboxAttempt(seq: number, attempt: AttemptRecord, outcome: { status: "delivered" } | { status: "failed" } | { status: "pending"; nextAttemptAt: number }): Promise<boolean> {
  return transaction(async (tx) => {
    const changed = rowsChanged(await tx
      .update(outbox)
      .set({
        attempts: sql`${outbox.attempts} + 1`,
        status: outcome.status,
        lastStatus: attempt.status,
        lastError: attempt.error,
        deliveredAt: outcome.status === "delivered" ? attempt.at : null,
        claimedBy: null,
        claimedUntil: null,
        ...(outcome.status === "pending" ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
      })
      .where(and(eq(outbox.seq, seq), eq(outbox.status, "pending"))));
    if (changed === 0) return false;
    await tx.insert(deliveryAttempts).values({ outboxSeq: seq, at: attempt.at, status: attempt.status, error: attempt.error, durationMs: attempt.durationMs });
    return true;
  });
}

export type DeliveryWithAttempts = OutboxRow & { tries: DeliveryAttemptRow[] };

/** A webhook's most recent deliveries, newest first, each with its tries (oldest first). */
export async function listDeliveriesForWebhook(webhookId: string, limit: number): Promise<DeliveryWithAttempts[]> {
  const db = getDb();
  const rows = await db.select().from(outbox).where(eq(outbox.webhookId, webhookId)).orderBy(desc(outbox.seq)).limit(limit);
  if (rows.length === 0) return [];
  const tries = await db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.outboxSeq, rows.map((r) => r.seq))).orderBy(deliveryAttempts.id);
  const bySeq = new Map<number, DeliveryAttemptRow[]>();
  for (const t of tries) bySeq.set(t.outboxSeq, [...(bySeq.get(t.outboxSeq) ?? []), t]);
  return rows.map((r) => ({ ...r, tries: bySeq.get(r.seq) ?? [] }));
}

export async function listAttempts(seq: number): Promise<DeliveryAttemptRow[]> {
  return await getDb().select().from(deliveryAttempts).where(eq(deliveryAttempts.outboxSeq, seq)).orderBy(deliveryAttempts.id);
}
