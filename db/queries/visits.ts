import { and, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { DIALECT, getDb, prepared, sqlGet, sqlRun, transaction, write, withSqliteWriter } from "../index";
import { greatest, insertionOrder, jsonNumber, jsonString, least } from "../sql";
import { secrets, visitEvents, visits } from "../tables";

export type VisitRow = typeof visits.$inferSelect;
export type VisitEventRow = typeof visitEvents.$inferSelect;
type NewEvent = { id: string; type: string; at: number; data?: unknown };

/** A stored secret by name, created with `make()` the first time it is asked for. */
export async function getOrCreateSecret(name: string, make: () => string): Promise<string> {
  await write((db) => db.insert(secrets).values({ name, value: make() }).onConflictDoNothing());
  return (await getDb().select({ value: secrets.value }).from(secrets).where(eq(secrets.name, name)).limit(1))[0]!.value;
}

/**
 * One beacon, in one transaction: continue the visitor's visit if it is recent enough, or start
 * one (with a "view", and a "return" if this visitor came before); add the visible time (capped);
 * add the event — once per visit for milestones (`once`), every time otherwise.
 */
export async function applyBeacon(input: {
  newVisitId: string;
  prospectId: string;
  kind: "human" | "rep";
  /** What the page said it showed; kept only when that play version exists. */
  play: { id: string; version: number } | null;
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
}): Promise<BeaconApplied> {
  if (DIALECT === "postgres") return applyBeaconPg(input);
  // Every beacon runs this: statements prepared once, one native IMMEDIATE transaction.
  return withSqliteWriter((sqlite) => beaconStatements(sqlite).apply.immediate(input));
}

type BeaconInput = Parameters<typeof applyBeacon>[0];

/** The same steps as beaconStatements below, on PostgreSQL: one write transaction. */
function applyBeaconPg(input: BeaconInput): Promise<BeaconApplied> {
  // Only this prospect's visits, events and standing: its own lock, not the cluster-wide one.
  return transaction(async () => {
    const found = await sqlGet<{ id: string }>(
      sql`SELECT id FROM visits WHERE prospect_id = ${input.prospectId} AND ip_hash = ${input.ipHash} AND user_agent = ${input.userAgent} AND kind = ${input.kind} AND last_seen_at > ${input.sameVisitAfter}::bigint ORDER BY last_seen_at DESC LIMIT 1`,
    );
    let visitId: string;
    let isNew = false;
    let previousVisitAt: number | null = null;
    let eventId: string | null = null;
    const addEvent = (id: string, type: string, data: unknown) =>
      sqlRun(sql`INSERT INTO visit_events (id, visit_id, type, at, data) VALUES (${id}, ${visitId}, ${type}, ${input.at}, ${data === null || data === undefined ? null : JSON.stringify(data)})`);
    if (found) {
      visitId = found.id;
      await sqlRun(
        sql`UPDATE visits SET last_seen_at = ${greatest(sql`last_seen_at`, sql`${input.at}::bigint`)}, visible_ms = ${least(sql`${input.maxVisibleMs}::bigint`, sql`visible_ms + ${input.visibleMs}::bigint`)} WHERE id = ${visitId}`,
      );
    } else {
      isNew = true;
      visitId = input.newVisitId;
      previousVisitAt =
        (await sqlGet<{ startedAt: number }>(sql`SELECT started_at AS "startedAt" FROM visits WHERE prospect_id = ${input.prospectId} AND ip_hash = ${input.ipHash} AND kind = ${input.kind} ORDER BY started_at DESC LIMIT 1`))?.startedAt ?? null;
      const playId = input.play?.id ?? null;
      const playVersion = input.play?.version ?? null;
      await sqlRun(sql`INSERT INTO visits (id, prospect_id, kind, started_at, last_seen_at, visible_ms, ip_hash, user_agent, device, os, browser, play_id, play_version)
        VALUES (${visitId}, ${input.prospectId}, ${input.kind}, ${input.at}, ${input.at}, ${Math.min(input.maxVisibleMs, input.visibleMs)}, ${input.ipHash}, ${input.userAgent}, ${input.device}, ${input.os}, ${input.browser},
          (SELECT play_id FROM play_versions WHERE play_id = ${playId} AND version = ${playVersion}::int),
          (SELECT version FROM play_versions WHERE play_id = ${playId} AND version = ${playVersion}::int))`);
      await addEvent(input.newEventId(), "view", null);
      if (previousVisitAt !== null) await addEvent(input.newEventId(), "return", { previousVisitAt });
    }
    const e = input.event;
    if (e) {
      const percent = (e.data as { percent?: number } | null)?.percent ?? -1;
      const seen =
        e.once &&
        (await sqlGet(sql`SELECT 1 AS one FROM visit_events WHERE visit_id = ${visitId} AND type = ${e.type} AND coalesce(${jsonNumber(sql`data`, "percent")}, -1) = ${percent} LIMIT 1`)) !== undefined;
      if (!seen) {
        eventId = input.newEventId();
        await addEvent(eventId, e.type, e.data);
      }
    }
    if (input.kind === "human") {
      const engagedAt = eventId && input.engaged ? input.at : null;
      await sqlRun(sql`INSERT INTO prospect_activity (prospect_id, owner_id, last_visit_id, last_visit_at, last_seen_at, human_visits, last_engaged_at)
        SELECT id, owner_id, ${visitId}, ${input.at}::bigint, ${input.at}::bigint, 1, ${engagedAt}::bigint FROM prospects WHERE id = ${input.prospectId}
        ON CONFLICT (prospect_id) DO UPDATE SET
          last_visit_id = ${isNew ? sql`excluded.last_visit_id` : sql`prospect_activity.last_visit_id`},
          last_visit_at = ${isNew ? sql`excluded.last_visit_at` : sql`prospect_activity.last_visit_at`},
          last_seen_at = ${greatest(sql`coalesce(prospect_activity.last_seen_at, 0)`, sql`excluded.last_seen_at`)},
          human_visits = prospect_activity.human_visits + ${isNew ? 1 : 0}::int,
          last_engaged_at = coalesce(excluded.last_engaged_at, prospect_activity.last_engaged_at)`);
    }
    return { visitId, isNew, previousVisitAt, eventId };
  }, "write", `prospect:${input.prospectId}`);
}

function beaconStatements(writer: Parameters<Parameters<typeof withSqliteWriter>[0]>[0]) {
  return prepared("beacon", (sqlite) => {
    const current = sqlite.prepare<[string, string, string, string, number], { id: string; lastSeenAt: number; visibleMs: number }>(
      "SELECT id, last_seen_at AS lastSeenAt, visible_ms AS visibleMs FROM visits WHERE prospect_id = ? AND ip_hash = ? AND user_agent = ? AND kind = ? AND last_seen_at > ? ORDER BY last_seen_at DESC LIMIT 1",
    );
    const continueVisit = sqlite.prepare<[number, number, number, string]>("UPDATE visits SET last_seen_at = max(last_seen_at, ?), visible_ms = min(?, visible_ms + ?) WHERE id = ?");
    const earlier = sqlite.prepare<[string, string, string], { startedAt: number }>("SELECT started_at AS startedAt FROM visits WHERE prospect_id = ? AND ip_hash = ? AND kind = ? ORDER BY started_at DESC LIMIT 1");
    const insertVisit = sqlite.prepare(
      // The play version comes from the page's beacon: kept only when it exists (one primary-key look-up, new visits only).
      `INSERT INTO visits (id, prospect_id, kind, started_at, last_seen_at, visible_ms, ip_hash, user_agent, device, os, browser, play_id, play_version)
       VALUES (@id, @prospectId, @kind, @at, @at, @visibleMs, @ipHash, @userAgent, @device, @os, @browser,
         (SELECT play_id FROM play_versions WHERE play_id = @playId AND version = @playVersion),
         (SELECT version FROM play_versions WHERE play_id = @playId AND version = @playVersion))`,
    );
    const insertEvent = sqlite.prepare<[string, string, string, number, string | null]>("INSERT INTO visit_events (id, visit_id, type, at, data) VALUES (?, ?, ?, ?, ?)");
    const seenMilestone = sqlite.prepare<[string, string, number], { one: number }>(
      "SELECT 1 AS one FROM visit_events WHERE visit_id = ? AND type = ? AND coalesce(json_extract(data, '$.percent'), -1) = ? LIMIT 1",
    );
    // The prospect's queue standing (prospect_activity), for people only.
    const touch = sqlite.prepare(`INSERT INTO prospect_activity (prospect_id, owner_id, last_visit_id, last_visit_at, last_seen_at, human_visits, last_engaged_at)
      SELECT id, owner_id, @visitId, @at, @at, 1, @engagedAt FROM prospects WHERE id = @prospectId
      ON CONFLICT (prospect_id) DO UPDATE SET
        last_visit_id = CASE WHEN @isNew THEN @visitId ELSE last_visit_id END,
        last_visit_at = CASE WHEN @isNew THEN @at ELSE last_visit_at END,
        last_seen_at = max(coalesce(last_seen_at, 0), @at),
        human_visits = human_visits + @isNew,
        last_engaged_at = coalesce(@engagedAt, last_engaged_at)`);

    /**
     * Continue the visitor's visit if it is recent enough, or start one (with a "view", and a
     * "return" if this visitor came before); add the visible time (capped); add the event — once
     * per visit for milestones (`once`), every time otherwise.
     */
    const apply = sqlite.transaction((input: BeaconInput): BeaconApplied => {
      const found = current.get(input.prospectId, input.ipHash, input.userAgent, input.kind, input.sameVisitAfter);
      let visitId: string;
      let isNew = false;
      let previousVisitAt: number | null = null;
      let eventId: string | null = null;
      if (found) {
        visitId = found.id;
        continueVisit.run(input.at, input.maxVisibleMs, input.visibleMs, visitId);
      } else {
        isNew = true;
        visitId = input.newVisitId;
        previousVisitAt = earlier.get(input.prospectId, input.ipHash, input.kind)?.startedAt ?? null;
        insertVisit.run({ id: visitId, prospectId: input.prospectId, kind: input.kind, at: input.at, visibleMs: Math.min(input.maxVisibleMs, input.visibleMs), ipHash: input.ipHash, userAgent: input.userAgent, device: input.device, os: input.os, browser: input.browser, playId: input.play?.id ?? null, playVersion: input.play?.version ?? null });
        insertEvent.run(input.newEventId(), visitId, "view", input.at, null);
        if (previousVisitAt !== null) insertEvent.run(input.newEventId(), visitId, "return", input.at, JSON.stringify({ previousVisitAt }));
      }
      const e = input.event;
      if (e) {
        const seen = e.once && seenMilestone.get(visitId, e.type, (e.data as { percent?: number } | null)?.percent ?? -1) !== undefined;
        if (!seen) {
          eventId = input.newEventId();
          insertEvent.run(eventId, visitId, e.type, input.at, e.data === null || e.data === undefined ? null : JSON.stringify(e.data));
        }
      }
      if (input.kind === "human") touch.run({ prospectId: input.prospectId, visitId, at: input.at, isNew: isNew ? 1 : 0, engagedAt: eventId && input.engaged ? input.at : null });
      return { visitId, isNew, previousVisitAt, eventId };
    });
    return { apply };
  }, writer);
}

export type BeaconApplied = {
  visitId: string;
  isNew: boolean;
  /** A new visit by someone who came before: when that earlier visit started. */
  previousVisitAt: number | null;
  /** The event this beacon added (null: none, or a milestone already reached this visit). */
  eventId: string | null;
};

/** A link preview or bot fetch, once per source and prospect within `dedupeAfter`. */
export async function recordAutomatedFetch(row: { id: string; prospectId: string; kind: "preview" | "bot"; source: string; userAgent: string; device: string; os: string; browser: string; at: number; dedupeAfter: number }): Promise<boolean> {
  return transaction(
    async (tx) => {
      const recent = (await tx
        .select({ id: visits.id })
        .from(visits)
        .where(and(eq(visits.prospectId, row.prospectId), eq(visits.kind, row.kind), eq(visits.source, row.source), gt(visits.lastSeenAt, row.dedupeAfter))).limit(1))[0];
      if (recent) {
        await tx.update(visits).set({ lastSeenAt: row.at }).where(eq(visits.id, recent.id));
        return false;
      }
      await tx.insert(visits)
        .values({ id: row.id, prospectId: row.prospectId, kind: row.kind, source: row.source, startedAt: row.at, lastSeenAt: row.at, userAgent: row.userAgent, device: row.device, os: row.os, browser: row.browser });
      return true;
    });
}

/** A prospect's visits, newest first, with their events. */
export async function listVisits(prospectId: string, after: { startedAt: number; id: string } | undefined, limit: number): Promise<{ visit: VisitRow; events: VisitEventRow[] }[]> {
  const db = getDb();
  const conditions = [eq(visits.prospectId, prospectId)];
  if (after) conditions.push(or(lt(visits.startedAt, after.startedAt), and(eq(visits.startedAt, after.startedAt), lt(visits.id, after.id)))!);
  const rows = await db.select().from(visits).where(and(...conditions)).orderBy(desc(visits.startedAt), desc(visits.id)).limit(limit);
  if (rows.length === 0) return [];
  const events = await db
    .select()
    .from(visitEvents)
    .where(inArray(visitEvents.visitId, rows.map((r) => r.id)))
    .orderBy(visitEvents.at, insertionOrder("visit_events"));
  const byVisit = new Map<string, VisitEventRow[]>();
  for (const e of events) byVisit.set(e.visitId, [...(byVisit.get(e.visitId) ?? []), e]);
  return rows.map((visit) => ({ visit, events: byVisit.get(visit.id) ?? [] }));
}

/**
 * Whether the visit already has another event of this type whose `data.<field>` is equal to (or,
 * with "atLeast", at least) the value: one indexed probe, however many events the visit has.
 */
export async function hasOtherEvent(visitId: string, type: string, excludeId: string, field: "cta" | "percent", value: string | number, match: "equal" | "atLeast"): Promise<boolean> {
  if (DIALECT === "postgres") {
    const inside = field === "percent" ? jsonNumber(sql`data`, field) : jsonString(sql`data`, field);
    const cmp = match === "equal" ? sql`=` : sql`>=`;
    return (await sqlGet(sql`SELECT 1 AS one FROM visit_events WHERE visit_id = ${visitId} AND type = ${type} AND id <> ${excludeId} AND ${inside} ${cmp} ${value} LIMIT 1`)) !== undefined;
  }
  const stmt = prepared(`other:${field}:${match}`, (sqlite) =>
    sqlite.prepare<[string, string, string, string | number], { one: number }>(
      `SELECT 1 AS one FROM visit_events WHERE visit_id = ? AND type = ? AND id <> ? AND json_extract(data, '$.${field}') ${match === "equal" ? "=" : ">="} ? LIMIT 1`,
    ),
  );
  return stmt.get(visitId, type, excludeId, value) !== undefined;
}
