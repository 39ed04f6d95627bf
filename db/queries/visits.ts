import { and, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { getDb } from "../index";
import { prospects, secrets, visitEvents, visits } from "../schema";

export type VisitRow = typeof visits.$inferSelect;
export type VisitEventRow = typeof visitEvents.$inferSelect;
type NewEvent = { id: string; type: string; at: number; data?: unknown };

/** A stored secret by name, created with `make()` the first time it is asked for. */
export function getOrCreateSecret(name: string, make: () => string): string {
  const db = getDb();
  db.insert(secrets).values({ name, value: make() }).onConflictDoNothing().run();
  return db.select({ value: secrets.value }).from(secrets).where(eq(secrets.name, name)).get()!.value;
}

export function prospectIdBySlug(slug: string): string | undefined {
  return getDb().select({ id: prospects.id }).from(prospects).where(eq(prospects.slug, slug)).get()?.id;
}

/**
 * One beacon, in one transaction: continue the visitor's visit if it is recent enough, or start
 * one; add the visible time (capped) and the events. Returns the visit and whether it is new.
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
  events: (visit: { id: string; isNew: boolean; priorEvents: Set<string>; previousVisitAt: number | null }) => NewEvent[];
}): { visitId: string; isNew: boolean } {
  const db = getDb();
  return db.transaction(
    (tx) => {
      const current = tx
        .select()
        .from(visits)
        .where(and(eq(visits.prospectId, input.prospectId), eq(visits.ipHash, input.ipHash), eq(visits.userAgent, input.userAgent), eq(visits.kind, input.kind), gt(visits.lastSeenAt, input.sameVisitAfter)))
        .orderBy(desc(visits.lastSeenAt))
        .limit(1)
        .get();
      let visitId: string;
      let isNew = false;
      let priorEvents = new Set<string>();
      let previousVisitAt: number | null = null;
      if (current) {
        visitId = current.id;
        const visibleMs = Math.min(input.maxVisibleMs, current.visibleMs + input.visibleMs);
        tx.update(visits).set({ lastSeenAt: Math.max(current.lastSeenAt, input.at), visibleMs }).where(eq(visits.id, visitId)).run();
        priorEvents = new Set(
          tx
            .select({ type: visitEvents.type, data: visitEvents.data })
            .from(visitEvents)
            .where(eq(visitEvents.visitId, visitId))
            .all()
            .map((e) => eventKey(e.type, e.data)),
        );
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
        previousVisitAt = earlier?.startedAt ?? null;
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
      }
      const events = input.events({ id: visitId, isNew, priorEvents, previousVisitAt });
      if (events.length) tx.insert(visitEvents).values(events.map((e) => ({ ...e, visitId }))).run();
      return { visitId, isNew };
    },
    { behavior: "immediate" },
  );
}

/** Events that happen once per visit are keyed by type and their detail (video_progress 50). */
export function eventKey(type: string, data: unknown): string {
  const d = data as { percent?: number } | null;
  return type === "video_progress" ? `${type}:${d?.percent}` : type;
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
    .orderBy(visitEvents.at)
    .all();
  const byVisit = new Map<string, VisitEventRow[]>();
  for (const e of events) byVisit.set(e.visitId, [...(byVisit.get(e.visitId) ?? []), e]);
  return rows.map((visit) => ({ visit, events: byVisit.get(visit.id) ?? [] }));
}

export function countVisits(): number {
  return getDb().get<{ n: number }>(sql`SELECT count(*) AS n FROM visits`)?.n ?? 0;
}
