import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { DIALECT, getDb, prepared, rowsChanged, sqlGet, transaction, write } from "../index";
import { greatest, insertionOrder, TRUE } from "../sql";
import { alertBursts, alerts, prospects, users } from "../tables";
import type { UserRow } from "./users";

export type AlertRow = typeof alerts.$inferSelect;
export type NewAlert = Omit<typeof alerts.$inferInsert, "seq">;

/** Inserts the alert unless its recipient already has one with the same dedupe key; returns it only when new. */
export async function insertAlert(row: NewAlert): Promise<AlertRow | undefined> {
  return (await write((db) => db.insert(alerts).values(row).onConflictDoNothing().returning()))[0];
}

/** A user's alerts after a feed position, oldest first. */
export async function alertsAfter(userId: string, afterSeq: number, limit: number): Promise<AlertRow[]> {
  return await getDb()
    .select()
    .from(alerts)
    .where(and(eq(alerts.userId, userId), gt(alerts.seq, afterSeq)))
    .orderBy(asc(alerts.seq))
    .limit(limit);
}

/** A user's most recent alerts, newest first. */
export async function recentAlerts(userId: string, limit: number): Promise<AlertRow[]> {
  return await getDb().select().from(alerts).where(eq(alerts.userId, userId)).orderBy(desc(alerts.seq)).limit(limit);
}

/** The feed position of a user's newest alert (0 when none). */
export async function latestAlertSeq(userId: string): Promise<number> {
  return (await getDb().select({ seq: sql<number>`coalesce(max(${alerts.seq}), 0)` }).from(alerts).where(eq(alerts.userId, userId)).limit(1))[0]?.seq ?? 0;
}

/** Who hears about a prospect of `ownerId`: the owner, and admins who opted in to everyone's alerts. */
export async function alertRecipients(ownerId: string): Promise<UserRow[]> {
  return await getDb()
    .select()
    .from(users)
    .where(sql`${users.id} = ${ownerId} or (${users.role} = 'admin' and ${users.alertScope} = 'all')`);
}

/** Quiet-hours alerts not yet summed up in a digest, per user. */
export async function undigestedQuietAlerts(): Promise<AlertRow[]> {
  // Spelled as the partial index alerts_held_idx is, so SQLite reads only held-back rows.
  return await getDb().select().from(alerts).where(sql`${alerts.quiet} = ${TRUE} and ${alerts.digestedAt} is null`).orderBy(asc(alerts.seq)).limit(5000);
}

export async function markDigested(ids: string[], at: number): Promise<void> {
  if (ids.length) await write((db) => db.update(alerts).set({ digestedAt: at }).where(inArray(alerts.id, ids)));
}

export async function setProspectMuted(prospectId: string, mutedAt: number | null): Promise<void> {
  await write((db) => db.update(prospects).set({ mutedAt }).where(eq(prospects.id, prospectId)));
}

export type AlertPreferences = Pick<UserRow, "timeZone" | "quietStart" | "quietEnd" | "emailAlerts" | "alertScope">;

export async function updateAlertPreferences(userId: string, prefs: Partial<AlertPreferences>, now = Date.now()): Promise<UserRow | undefined> {
  return (await write((db) => db
    .update(users)
    .set({ ...prefs, updatedAt: now })
    .where(eq(users.id, userId))
    .returning()))[0];
}

/** What an alert needs to say about a prospect: who, how to reach them, how many visits so far. */
export async function prospectForAlert(prospectId: string) {
  return (await getDb()
    .select({
      id: prospects.id,
      ownerId: prospects.ownerId,
      slug: prospects.slug,
      firstName: prospects.firstName,
      lastName: prospects.lastName,
      company: prospects.company,
      phone: prospects.phone,
      email: prospects.email,
      mutedAt: prospects.mutedAt,
      humanVisits: sql<number>`coalesce((select human_visits from prospect_activity where prospect_id = ${prospects.id}), 0)`,
    })
    .from(prospects)
    .where(eq(prospects.id, prospectId)).limit(1))[0];
}

// --- Floods: per-prospect alert rate (lib/alerts/flood.ts) ---

export type BurstRow = typeof alertBursts.$inferSelect;

/**
 * Where a visit stands among its prospect's people's visits stored before it (itself included)
 * that started in the `windowMs` before its own start: 1 for the first. "Before" is the order they
 * were stored, not their clocks: two beacons that arrive together may be stored in the other order
 * than their times say, and each must still get a rank of its own. Counted
 * no further than `cap`, so a flood costs the same as a quiet day: one probe of the
 * (prospect_id, started_at) index, reading about `cap` entries (the visit is nearly always the newest). Runs on the beacon path.
 */
export async function visitRankInWindow(visitId: string, windowMs: number, cap: number): Promise<number> {
  if (DIALECT === "postgres") {
    const row = await sqlGet<{ n: number }>(sql`SELECT count(*) AS n FROM (
         SELECT 1 FROM visits AS v JOIN visits AS o
           ON o.prospect_id = v.prospect_id AND o.started_at > v.started_at - ${windowMs}::bigint
         WHERE v.id = ${visitId} AND ${insertionOrder("o")} <= ${insertionOrder("v")} AND o.kind = 'human'
         LIMIT ${cap}) AS w`);
    return row?.n ?? 0;
  }
  const stmt = prepared("alerts:visit-rank", (sqlite) =>
    sqlite.prepare<[number, string, number], { n: number }>(
      `SELECT count(*) AS n FROM (
         SELECT 1 FROM visits AS v JOIN visits AS o
           ON o.prospect_id = v.prospect_id AND o.started_at > v.started_at - ?
         WHERE v.id = ? AND o.rowid <= v.rowid AND o.kind = 'human'
         LIMIT ?)`,
    ),
  );
  return stmt.get(windowMs, visitId, cap)?.n ?? 0;
}

/**
 * Adds held events to the prospect's open burst (opening one, due `windowMs` later, if none is
 * open) and, for a held visit, folds it into the queue's count so the burst counts as one visit:
 * the first held visit of a burst folds the `limit` visits before it with it, later ones fold
 * themselves. Call inside the alert write transaction. Returns the burst as it now stands.
 */
export async function holdInBurst(h: { prospectId: string; at: number; visits: number; followUps: number; windowMs: number; limit: number }): Promise<{ opened: boolean; dueAt: number }> {
  if (DIALECT === "postgres") {
    const row = (await sqlGet<{ total: number; dueAt: number }>(sql`
      INSERT INTO alert_bursts (prospect_id, started_at, last_at, visits, follow_ups, due_at) VALUES (${h.prospectId}, ${h.at}, ${h.at}, ${h.visits}, ${h.followUps}, ${h.at + h.windowMs})
      ON CONFLICT (prospect_id) DO UPDATE SET last_at = ${greatest(sql`alert_bursts.last_at`, sql`excluded.last_at`)}, visits = alert_bursts.visits + excluded.visits, follow_ups = alert_bursts.follow_ups + excluded.follow_ups
      RETURNING visits + follow_ups AS total, due_at AS "dueAt"`))!;
    if (h.visits > 0)
      await sqlGet(sql`UPDATE prospect_activity SET
         burst_visits = burst_visits + CASE WHEN last_burst_at IS NULL OR ${h.at}::bigint - last_burst_at >= ${h.windowMs}::bigint THEN ${h.limit}::int ELSE 1 END,
         last_burst_at = ${greatest(sql`coalesce(last_burst_at, 0)`, sql`${h.at}::bigint`)}
       WHERE prospect_id = ${h.prospectId}`);
    return { opened: row.total === h.visits + h.followUps, dueAt: row.dueAt };
  }
  const s = prepared("alerts:hold-in-burst", (sqlite) => ({
    upsert: sqlite.prepare<{ prospectId: string; at: number; visits: number; followUps: number; dueAt: number }, { total: number; dueAt: number }>(
      `INSERT INTO alert_bursts (prospect_id, started_at, last_at, visits, follow_ups, due_at) VALUES (@prospectId, @at, @at, @visits, @followUps, @dueAt)
       ON CONFLICT (prospect_id) DO UPDATE SET last_at = max(last_at, excluded.last_at), visits = visits + excluded.visits, follow_ups = follow_ups + excluded.follow_ups
       RETURNING visits + follow_ups AS total, due_at AS dueAt`,
    ),
    fold: sqlite.prepare<{ prospectId: string; at: number; windowMs: number; limit: number }>(
      `UPDATE prospect_activity SET
         burst_visits = burst_visits + CASE WHEN last_burst_at IS NULL OR @at - last_burst_at >= @windowMs THEN @limit ELSE 1 END,
         last_burst_at = max(coalesce(last_burst_at, 0), @at)
       WHERE prospect_id = @prospectId`,
    ),
  }));
  const row = s.upsert.get({ prospectId: h.prospectId, at: h.at, visits: h.visits, followUps: h.followUps, dueAt: h.at + h.windowMs })!;
  if (h.visits > 0) s.fold.run({ prospectId: h.prospectId, at: h.at, windowMs: h.windowMs, limit: h.limit });
  return { opened: row.total === h.visits + h.followUps, dueAt: row.dueAt };
}

/** Bursts whose summary is due, oldest first. */
export async function dueBursts(now: number, limit = 500): Promise<BurstRow[]> {
  return await getDb().select().from(alertBursts).where(sql`${alertBursts.dueAt} <= ${now}`).orderBy(asc(alertBursts.dueAt)).limit(limit);
}

/** Removes a burst once summed up; false if it was already gone (summed up elsewhere). */
export async function closeBurst(prospectId: string, startedAt: number): Promise<boolean> {
  return rowsChanged(await write((db) => db.delete(alertBursts).where(and(eq(alertBursts.prospectId, prospectId), eq(alertBursts.startedAt, startedAt))))) > 0;
}
