import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { getDb } from "../index";
import { alerts, prospects, users } from "../schema";
import type { UserRow } from "./users";

export type AlertRow = typeof alerts.$inferSelect;
export type NewAlert = Omit<typeof alerts.$inferInsert, "seq">;

/** Inserts the alert unless its recipient already has one with the same dedupe key; returns it only when new. */
export function insertAlert(row: NewAlert): AlertRow | undefined {
  return getDb().insert(alerts).values(row).onConflictDoNothing().returning().get();
}

/** A user's alerts after a feed position, oldest first. */
export function alertsAfter(userId: string, afterSeq: number, limit: number): AlertRow[] {
  return getDb()
    .select()
    .from(alerts)
    .where(and(eq(alerts.userId, userId), gt(alerts.seq, afterSeq)))
    .orderBy(asc(alerts.seq))
    .limit(limit)
    .all();
}

/** A user's most recent alerts, newest first. */
export function recentAlerts(userId: string, limit: number): AlertRow[] {
  return getDb().select().from(alerts).where(eq(alerts.userId, userId)).orderBy(desc(alerts.seq)).limit(limit).all();
}

/** The feed position of a user's newest alert (0 when none). */
export function latestAlertSeq(userId: string): number {
  return getDb().select({ seq: sql<number>`coalesce(max(${alerts.seq}), 0)` }).from(alerts).where(eq(alerts.userId, userId)).get()?.seq ?? 0;
}

/** Who hears about a prospect of `ownerId`: the owner, and admins who opted in to everyone's alerts. */
export function alertRecipients(ownerId: string): UserRow[] {
  return getDb()
    .select()
    .from(users)
    .where(sql`${users.id} = ${ownerId} or (${users.role} = 'admin' and ${users.alertScope} = 'all')`)
    .all();
}

/** Quiet-hours alerts not yet summed up in a digest, per user. */
export function undigestedQuietAlerts(): AlertRow[] {
  // Spelled as the partial index alerts_held_idx is, so SQLite reads only held-back rows.
  return getDb().select().from(alerts).where(sql`${alerts.quiet} = 1 and ${alerts.digestedAt} is null`).orderBy(asc(alerts.seq)).limit(5000).all();
}

export function markDigested(ids: string[], at: number): void {
  if (ids.length) getDb().update(alerts).set({ digestedAt: at }).where(inArray(alerts.id, ids)).run();
}

export function setProspectMuted(prospectId: string, mutedAt: number | null): void {
  getDb().update(prospects).set({ mutedAt }).where(eq(prospects.id, prospectId)).run();
}

export type AlertPreferences = Pick<UserRow, "timeZone" | "quietStart" | "quietEnd" | "emailAlerts" | "alertScope">;

export function updateAlertPreferences(userId: string, prefs: Partial<AlertPreferences>, now = Date.now()): UserRow | undefined {
  return getDb()
    .update(users)
    .set({ ...prefs, updatedAt: now })
    .where(eq(users.id, userId))
    .returning()
    .get();
}

/** What an alert needs to say about a prospect: who, how to reach them, how many visits so far. */
export function prospectForAlert(prospectId: string) {
  return getDb()
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
    .where(eq(prospects.id, prospectId))
    .get();
}
