import { and, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { getDb } from "../index";
import { prospectActivity, prospects, secrets, visitEvents, visits } from "../schema";

export type VisitRow = typeof visits.$inferSelect;
export type VisitEventRow = typeof visitEvents.$inferSelect;
type NewEvent = { id: string; type: string; at: number; data?: unknown };

/** A stored secret by name, created with `make()` the first time it is asked for. */
export function getOrCreateSecret(name: string, make: () => string): string {
  const db = getDb();
  db.insert(secrets).values({ name, value: make() }).onConflictDoNothing().run();
  return db.select({ value: secrets.value }).from(secrets).where(eq(secrets.name, name)).get()!.value;
}

/**
 * One beacon, in one transaction: continue the visitor's visit if it is recent enough, or start
 * one (with a "view", and a "return" if this visitor came before); add the visible time (capped);
 * add the event — once per visit for milestones (`once`), every time otherwise.
 */
export function applyBeacon(input: {
  newVisitId: string;
  prospectId: string;
  kind: "human" | "rep";
  ipHash: string;
  userAgent: string;
  device: string;
  os: string;
  browser: string;
  at: number;
  sameVisitAfter: number;
  visibleMs: number;
  maxVisibleMs: number;
  newEventId: () => string;
  event: { type: string; data: unknown; once: boolean } | null;
  /** Whether this event counts as engagement for the call-back queue (video past half, a call to action…). */
  engaged?: boolean;
}): BeaconApplied {
  const db = getDb();
  return db.transaction(
    (tx) => {
      const current = tx
        .select({ id: visits.id, lastSeenAt: visits.lastSeenAt, visibleMs: visits.visibleMs })
        .from(visits)
        .where(and(eq(visits.prospectId, input.prospectId), eq(visits.ipHash, input.ipHash), eq(visits.userAgent, input.userAgent), eq(visits.kind, input.kind), gt(visits.lastSeenAt, input.sameVisitAfter)))
        .orderBy(desc(visits.lastSeenAt))
        .limit(1)
        .get();
      let visitId: string;
      let isNew = false;
      let previousVisitAt: number | null = null;
      let eventId: string | null = null;
      if (current) {
        visitId = current.id;
        const visibleMs = Math.min(input.maxVisibleMs, current.visibleMs + input.visibleMs);
        tx.update(visits).set({ lastSeenAt: Math.max(current.lastSeenAt, input.at), visibleMs }).where(eq(visits.id, visitId)).run();
      } else {
        isNew = true;
        visitId = input.newVisitId;
        const earlier = tx
          .select({ startedAt: visits.startedAt })
          .from(visits)
          .where(and(eq(visits.prospectId, input.prospectId), eq(visits.ipHash, input.ipHash), eq(visits.kind, input.kind)))
          .orderBy(desc(visits.startedAt))
          .limit(1)
          .get();
        tx.insert(visits)
          .values({
            id: visitId,
            prospectId: input.prospectId,
            kind: input.kind,
            startedAt: input.at,
            lastSeenAt: input.at,
            visibleMs: Math.min(input.maxVisibleMs, input.visibleMs),
            ipHash: input.ipHash,
            userAgent: input.userAgent,
            device: input.device,
            os: input.os,
            browser: input.browser,
          })
          .run();
        tx.insert(visitEvents).values({ id: input.newEventId(), visitId, type: "view", at: input.at }).run();
        if (earlier) {
          previousVisitAt = earlier.startedAt;
          tx.insert(visitEvents).values({ id: input.newEventId(), visitId, type: "return", at: input.at, data: { previousVisitAt: earlier.startedAt } }).run();
        }
      }
      const e = input.event;
      if (e) {
        const seen =
          e.once &&
          tx
            .select({ id: visitEvents.id })
            .from(visitEvents)
            .where(and(eq(visitEvents.visitId, visitId), eq(visitEvents.type, e.type), sql`coalesce(json_extract(${visitEvents.data}, '$.percent'), -1) = ${(e.data as { percent?: number } | null)?.percent ?? -1}`))
            .limit(1)
            .get();
        if (!seen) {
          eventId = input.newEventId();
          tx.insert(visitEvents).values({ id: eventId, visitId, type: e.type, at: input.at, data: e.data ?? null }).run();
        }
      }
      if (input.kind === "human") touchActivity(tx, { prospectId: input.prospectId, visitId, isNew, at: input.at, engaged: Boolean(eventId && input.engaged) });
      return { visitId, isNew, previousVisitAt, eventId };
    },
    { behavior: "immediate" },
  );
}

export type BeaconApplied = {
  visitId: string;
  isNew: boolean;
  /** A new visit by someone who came before: when that earlier visit started. */
  previousVisitAt: number | null;
  /** The event this beacon added (null: none, or a milestone already reached this visit). */
  eventId: string | null;
};

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0];

/** Keeps the prospect's queue standing (prospect_activity) current, in the beacon's own transaction. */
function touchActivity(tx: Tx, a: { prospectId: string; visitId: string; isNew: boolean; at: number; engaged: boolean }): void {
  const engagedAt = a.engaged ? a.at : null;
  tx.insert(prospectActivity)
    .select(
      tx
        .select({
          prospectId: prospects.id,
          ownerId: prospects.ownerId,
          lastVisitId: sql`${a.visitId}`.as("last_visit_id"),
          lastVisitAt: sql`${a.at}`.as("last_visit_at"),
          lastSeenAt: sql`${a.at}`.as("last_seen_at"),
          humanVisits: sql`1`.as("human_visits"),
          lastEngagedAt: sql`${engagedAt}`.as("last_engaged_at"),
          closedAt: sql`null`.as("closed_at"),
          closedReason: sql`null`.as("closed_reason"),
          lastOutcome: sql`null`.as("last_outcome"),
          lastOutcomeAt: sql`null`.as("last_outcome_at"),
        })
        .from(prospects)
        .where(eq(prospects.id, a.prospectId)),
    )
    .onConflictDoUpdate({
      target: prospectActivity.prospectId,
      set: {
        lastVisitId: a.isNew ? a.visitId : sql`${prospectActivity.lastVisitId}`,
        lastVisitAt: a.isNew ? a.at : sql`${prospectActivity.lastVisitAt}`,
        lastSeenAt: sql`max(coalesce(${prospectActivity.lastSeenAt}, 0), ${a.at})`,
        humanVisits: a.isNew ? sql`${prospectActivity.humanVisits} + 1` : sql`${prospectActivity.humanVisits}`,
        lastEngagedAt: a.engaged ? a.at : sql`${prospectActivity.lastEngagedAt}`,
      },
    })
    .run();
}

/** A link preview or bot fetch, once per source and prospect within `dedupeAfter`. */
export function recordAutomatedFetch(row: { id: string; prospectId: string; kind: "preview" | "bot"; source: string; userAgent: string; device: string; os: string; browser: string; at: number; dedupeAfter: number }): boolean {
  const db = getDb();
  return db.transaction(
    (tx) => {
      const recent = tx
        .select({ id: visits.id })
        .from(visits)
        .where(and(eq(visits.prospectId, row.prospectId), eq(visits.kind, row.kind), eq(visits.source, row.source), gt(visits.lastSeenAt, row.dedupeAfter)))
        .get();
      if (recent) {
        tx.update(visits).set({ lastSeenAt: row.at }).where(eq(visits.id, recent.id)).run();
        return false;
      }
      tx.insert(visits)
        .values({ id: row.id, prospectId: row.prospectId, kind: row.kind, source: row.source, startedAt: row.at, lastSeenAt: row.at, userAgent: row.userAgent, device: row.device, os: row.os, browser: row.browser })
        .run();
      return true;
    },
    { behavior: "immediate" },
  );
}

/** A prospect's visits, newest first, with their events. */
export function listVisits(prospectId: string, after: { startedAt: number; id: string } | undefined, limit: number): { visit: VisitRow; events: VisitEventRow[] }[] {
  const db = getDb();
  const conditions = [eq(visits.prospectId, prospectId)];
  if (after) conditions.push(or(lt(visits.startedAt, after.startedAt), and(eq(visits.startedAt, after.startedAt), lt(visits.id, after.id)))!);
  const rows = db.select().from(visits).where(and(...conditions)).orderBy(desc(visits.startedAt), desc(visits.id)).limit(limit).all();
  if (rows.length === 0) return [];
  const events = db
    .select()
    .from(visitEvents)
    .where(inArray(visitEvents.visitId, rows.map((r) => r.id)))
    .orderBy(visitEvents.at, sql`${visitEvents}.rowid`)
    .all();
  const byVisit = new Map<string, VisitEventRow[]>();
  for (const e of events) byVisit.set(e.visitId, [...(byVisit.get(e.visitId) ?? []), e]);
  return rows.map((visit) => ({ visit, events: byVisit.get(visit.id) ?? [] }));
}

/**
 * Whether the visit already has another event of this type whose `data.<field>` is equal to (or,
 * with "atLeast", at least) the value: one indexed probe, however many events the visit has.
 */
export function hasOtherEvent(visitId: string, type: string, excludeId: string, field: "cta" | "percent", value: string | number, match: "equal" | "atLeast"): boolean {
  const path = `$.${field}`;
  const cond = match === "equal" ? sql`json_extract(${visitEvents.data}, ${path}) = ${value}` : sql`json_extract(${visitEvents.data}, ${path}) >= ${value}`;
  return (
    getDb()
      .select({ id: visitEvents.id })
      .from(visitEvents)
      .where(and(eq(visitEvents.visitId, visitId), eq(visitEvents.type, type), sql`${visitEvents.id} <> ${excludeId}`, cond))
      .limit(1)
      .get() !== undefined
  );
}
