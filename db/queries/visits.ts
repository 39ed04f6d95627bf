import { and, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { getDb } from "../index";
import { secrets, visitEvents, visits } from "../schema";

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
}): { visitId: string; isNew: boolean } {
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
        if (earlier) tx.insert(visitEvents).values({ id: input.newEventId(), visitId, type: "return", at: input.at, data: { previousVisitAt: earlier.startedAt } }).run();
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
        if (!seen) tx.insert(visitEvents).values({ id: input.newEventId(), visitId, type: e.type, at: input.at, data: e.data ?? null }).run();
      }
      return { visitId, isNew };
    },
    { behavior: "immediate" },
  );
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
