/**
 * The outbox: deliveries (e-mail, webhooks) written in the same transaction as what caused them
 * and sent by lib/alerts/worker.ts. `seq` is the order they were made in.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "../index";
import { deliveryAttempts, outbox } from "../schema";

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = Omit<typeof outbox.$inferInsert, "seq">;
export type DeliveryAttemptRow = typeof deliveryAttempts.$inferSelect;

export function insertOutboxRow(row: NewOutboxRow): OutboxRow {
  return getDb().insert(outbox).values(row).returning().get();
}

/**
 * Pending rows that are due at `now` and are first in their line: no earlier row for the same
 * destination (webhook, or e-mail recipient) and the same prospect is still pending. So a
 * receiver that was down gets each prospect's events in the order they happened. Oldest first.
 */
export function selectDueOutboxRows(now: number, limit: number): OutboxRow[] {
  return getDb()
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.status, "pending"),
        sql`${outbox.nextAttemptAt} <= ${now}`,
        sql`NOT EXISTS (
          SELECT 1 FROM outbox AS earlier
          WHERE earlier.status = 'pending'
            AND earlier.seq < ${outbox.seq}
            AND earlier.channel = ${outbox.channel}
            AND earlier.webhook_id IS ${outbox.webhookId}
            AND earlier.user_id IS ${outbox.userId}
            AND earlier.prospect_id IS ${outbox.prospectId}
        )`,
      ),
    )
    .orderBy(outbox.seq)
    .limit(limit)
    .all();
}

export function findOutboxRow(seq: number): OutboxRow | undefined {
  return getDb().select().from(outbox).where(eq(outbox.seq, seq)).get();
}

export function findOutboxRowById(id: string): OutboxRow | undefined {
  return getDb().select().from(outbox).where(eq(outbox.id, id)).get();
}

export type AttemptRecord = { at: number; status: number | null; error: string | null; durationMs: number };

/**
 * Records one try and its consequence in one transaction: delivered, failed for good, or pending
 * again at `nextAttemptAt`. Only a row still pending changes, so nothing is delivered twice.
 */
export function recordOutboxAttempt(seq: number, attempt: AttemptRecord, outcome: { status: "delivered" } | { status: "failed" } | { status: "pending"; nextAttemptAt: number }): boolean {
  const db = getDb();
  return db.transaction((tx) => {
    const changed = tx
      .update(outbox)
      .set({
        attempts: sql`${outbox.attempts} + 1`,
        status: outcome.status,
        lastStatus: attempt.status,
        lastError: attempt.error,
        deliveredAt: outcome.status === "delivered" ? attempt.at : null,
        ...(outcome.status === "pending" ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
      })
      .where(and(eq(outbox.seq, seq), eq(outbox.status, "pending")))
      .run().changes;
    if (changed === 0) return false;
    tx.insert(deliveryAttempts).values({ outboxSeq: seq, at: attempt.at, status: attempt.status, error: attempt.error, durationMs: attempt.durationMs }).run();
    return true;
  }, { behavior: "immediate" });
}

export type DeliveryWithAttempts = OutboxRow & { tries: DeliveryAttemptRow[] };

/** A webhook's most recent deliveries, newest first, each with its tries (oldest first). */
export function listDeliveriesForWebhook(webhookId: string, limit: number): DeliveryWithAttempts[] {
  const db = getDb();
  const rows = db.select().from(outbox).where(eq(outbox.webhookId, webhookId)).orderBy(desc(outbox.seq)).limit(limit).all();
  if (rows.length === 0) return [];
  const tries = db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.outboxSeq, rows.map((r) => r.seq))).orderBy(deliveryAttempts.id).all();
  const bySeq = new Map<number, DeliveryAttemptRow[]>();
  for (const t of tries) bySeq.set(t.outboxSeq, [...(bySeq.get(t.outboxSeq) ?? []), t]);
  return rows.map((r) => ({ ...r, tries: bySeq.get(r.seq) ?? [] }));
}

export function listAttempts(seq: number): DeliveryAttemptRow[] {
  return getDb().select().from(deliveryAttempts).where(eq(deliveryAttempts.outboxSeq, seq)).orderBy(deliveryAttempts.id).all();
}
