/**
 * Voicemail campaigns: every statement about campaigns, their enrolments and the touches made.
 * lib/campaigns/store.ts decides; these read and write plain rows.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { getDb, prepared, type Db } from "../index";
import { campaignEnrolments, campaigns, campaignTouches, outbox, outcomes, prospects, users, voicemails } from "../schema";
import type { ProspectRow } from "./prospects";

export type CampaignRow = typeof campaigns.$inferSelect;
export type NewCampaign = Pick<CampaignRow, "id" | "ownerId" | "name" | "steps" | "shared">;
export type EnrolmentRow = typeof campaignEnrolments.$inferSelect;
export type TouchRow = typeof campaignTouches.$inferSelect;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The fields of an enrolment that change with its state (lib/campaigns/enrolment.ts). */
export type EnrolmentState = Pick<EnrolmentRow, "status" | "stepIndex" | "nextDueAt" | "enrolledAt" | "lastTouchAt" | "pausedAt" | "pauseReason" | "endedAt" | "endReason" | "updatedAt">;

export function insertCampaign(c: NewCampaign, now = Date.now()): CampaignRow {
  return getDb()
    .insert(campaigns)
    .values({ ...c, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

export function findCampaignById(id: string): CampaignRow | undefined {
  return getDb().select().from(campaigns).where(eq(campaigns.id, id)).get();
}

export type CampaignListFilter = {
  /** Only campaigns this user may see (shared ones and their own); undefined: every campaign (admins). */
  viewerId?: string;
  archived: "active" | "archived" | "all";
};

function conditions(filter: CampaignListFilter): SQL[] {
  const out: SQL[] = [];
  if (filter.viewerId) out.push(or(eq(campaigns.shared, true), eq(campaigns.ownerId, filter.viewerId))!);
  if (filter.archived === "active") out.push(isNull(campaigns.archivedAt));
  if (filter.archived === "archived") out.push(isNotNull(campaigns.archivedAt));
  return out;
}

/** One page of campaigns, newest first, after the (createdAt, id) position of `after`. */
export function listCampaignsPage(filter: CampaignListFilter, after: { createdAt: number; id: string } | undefined, limit: number): CampaignRow[] {
  const where = conditions(filter);
  if (after) where.push(or(lt(campaigns.createdAt, after.createdAt), and(eq(campaigns.createdAt, after.createdAt), lt(campaigns.id, after.id)))!);
  return getDb()
    .select()
    .from(campaigns)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(limit)
    .all();
}

/** Every campaign matching the filter, by name (the console's list and pickers). */
export function listCampaignsByName(filter: CampaignListFilter, limit = 500): CampaignRow[] {
  const where = conditions(filter);
  return getDb()
    .select()
    .from(campaigns)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(campaigns.name), asc(campaigns.id))
    .limit(limit)
    .all();
}

export function updateCampaignRow(id: string, changes: Partial<Pick<CampaignRow, "name" | "steps" | "shared" | "archivedAt">>, now = Date.now()): CampaignRow | undefined {
  return getDb()
    .update(campaigns)
    .set({ ...changes, updatedAt: now })
    .where(eq(campaigns.id, id))
    .returning()
    .get();
}

/** Deletes a campaign with its enrolments and touches (foreign keys cascade); messages keep their words. */
export function deleteCampaignRow(id: string): boolean {
  return getDb().delete(campaigns).where(eq(campaigns.id, id)).run().changes > 0;
}

export type NewEnrolment = { id: string; prospectId: string; ownerId: string; state: EnrolmentState };

/**
 * Enrols people in one IMMEDIATE transaction: a prospect already active or paused in this
 * campaign is skipped; one whose enrolment ended starts again (the row is reused: one per person
 * and campaign). Returns who was enrolled and who was skipped.
 */
export function insertEnrolments(campaignId: string, rows: NewEnrolment[]): { enrolled: string[]; skipped: string[] } {
  const enrolled: string[] = [];
  const skipped: string[] = [];
  if (rows.length === 0) return { enrolled, skipped };
  getDb().transaction(
    (tx) => {
      const existing = new Map<string, { id: string; status: string }>();
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500).map((r) => r.prospectId);
        for (const e of tx
          .select({ id: campaignEnrolments.id, prospectId: campaignEnrolments.prospectId, status: campaignEnrolments.status })
          .from(campaignEnrolments)
          .where(and(eq(campaignEnrolments.campaignId, campaignId), inArray(campaignEnrolments.prospectId, chunk)))
          .all())
          existing.set(e.prospectId, e);
      }
      const seen = new Set<string>();
      for (const r of rows) {
        if (seen.has(r.prospectId)) continue;
        seen.add(r.prospectId);
        const e = existing.get(r.prospectId);
        if (e && (e.status === "active" || e.status === "paused")) {
          skipped.push(r.prospectId);
          continue;
        }
        if (e) tx.update(campaignEnrolments).set({ ...r.state, ownerId: r.ownerId }).where(eq(campaignEnrolments.id, e.id)).run();
        else tx.insert(campaignEnrolments).values({ id: r.id, campaignId, prospectId: r.prospectId, ownerId: r.ownerId, ...r.state }).run();
        enrolled.push(r.prospectId);
      }
    },
    { behavior: "immediate" },
  );
  return { enrolled, skipped };
}

export function findEnrolment(campaignId: string, prospectId: string): EnrolmentRow | undefined {
  return getDb()
    .select()
    .from(campaignEnrolments)
    .where(and(eq(campaignEnrolments.campaignId, campaignId), eq(campaignEnrolments.prospectId, prospectId)))
    .get();
}

export function findEnrolmentById(id: string): EnrolmentRow | undefined {
  return getDb().select().from(campaignEnrolments).where(eq(campaignEnrolments.id, id)).get();
}

/** An enrolment with what the rules need: its campaign's steps and its rep's calendar. */
export type LiveEnrolment = EnrolmentRow & { steps: unknown[]; campaignName: string; timeZone: string; holidays: string[] };

const LIVE_COLUMNS = {
  enrolment: campaignEnrolments,
  steps: campaigns.steps,
  campaignName: campaigns.name,
  timeZone: users.timeZone,
  holidays: users.holidays,
};

/** A prospect's enrolments that are not over (active or paused), oldest due first. Indexed by (prospect, status). */
export function liveEnrolmentsOf(prospectId: string): LiveEnrolment[] {
  return getDb()
    .select(LIVE_COLUMNS)
    .from(campaignEnrolments)
    .innerJoin(campaigns, eq(campaigns.id, campaignEnrolments.campaignId))
    .innerJoin(users, eq(users.id, campaignEnrolments.ownerId))
    .where(and(eq(campaignEnrolments.prospectId, prospectId), inArray(campaignEnrolments.status, ["active", "paused"])))
    .orderBy(asc(campaignEnrolments.nextDueAt), asc(campaignEnrolments.enrolledAt))
    .all()
    .map((r) => ({ ...r.enrolment, steps: r.steps, campaignName: r.campaignName, timeZone: r.timeZone, holidays: r.holidays ?? [] }));
}

/**
 * The visit beacon's check, prepared once: whether a prospect has an active enrolment (a visit
 * pauses those). One look-up on the (prospect, status) index; most prospects have none.
 */
export function hasActiveEnrolment(prospectId: string): boolean {
  const stmt = prepared("campaign-active", (sqlite) =>
    sqlite.prepare<[string], { one: number }>("SELECT 1 AS one FROM campaign_enrolments WHERE prospect_id = ? AND status = 'active' LIMIT 1"),
  );
  return stmt.get(prospectId) !== undefined;
}

export type EnrolmentWrite = { id: string; expectedUpdatedAt: number; state: EnrolmentState };
export type TouchWrite = Omit<TouchRow, "id"> & { id: string };
export type CampaignWrites = { enrolments: EnrolmentWrite[]; touches: TouchWrite[] };

/**
 * Stores the new states and the touches made, inside the caller's transaction. An enrolment
 * changed by someone else since it was read (its updatedAt moved) is left alone, and so are its
 * touches: the other change wins, nothing is counted twice.
 */
export function writeCampaignChanges(tx: Tx | Db, writes: CampaignWrites): string[] {
  const written: string[] = [];
  for (const w of writes.enrolments) {
    const changed = tx
      .update(campaignEnrolments)
      .set(w.state)
      .where(and(eq(campaignEnrolments.id, w.id), eq(campaignEnrolments.updatedAt, w.expectedUpdatedAt)))
      .run().changes;
    if (changed) written.push(w.id);
  }
  for (const t of writes.touches) if (written.includes(t.enrolmentId)) tx.insert(campaignTouches).values(t).run();
  return written;
}

/** The same, in its own IMMEDIATE transaction. */
export function applyCampaignChanges(writes: CampaignWrites): string[] {
  if (writes.enrolments.length === 0) return [];
  return getDb().transaction((tx) => writeCampaignChanges(tx, writes), { behavior: "immediate" });
}

/** How many enrolments of a campaign stand in each status (a rep: only their own people). */
export function enrolmentCounts(campaignId: string, ownerId: string | undefined): Record<string, number> {
  const rows = getDb()
    .select({ status: campaignEnrolments.status, n: count() })
    .from(campaignEnrolments)
    .where(and(eq(campaignEnrolments.campaignId, campaignId), ownerId ? eq(campaignEnrolments.ownerId, ownerId) : undefined))
    .groupBy(campaignEnrolments.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export type EnrolledPerson = EnrolmentRow & { firstName: string; lastName: string; company: string | null; email: string | null; phone: string | null };

/** A campaign's people, live ones first by when their touch is due, then the ended ones latest first. */
export function enrolledPeople(campaignId: string, ownerId: string | undefined, limit: number): EnrolledPerson[] {
  return getDb()
    .select({ e: campaignEnrolments, firstName: prospects.firstName, lastName: prospects.lastName, company: prospects.company, email: prospects.email, phone: prospects.phone })
    .from(campaignEnrolments)
    .innerJoin(prospects, eq(prospects.id, campaignEnrolments.prospectId))
    .where(and(eq(campaignEnrolments.campaignId, campaignId), ownerId ? eq(campaignEnrolments.ownerId, ownerId) : undefined))
    .orderBy(
      sql`case ${campaignEnrolments.status} when 'active' then 0 when 'paused' then 1 else 2 end`,
      sql`coalesce(${campaignEnrolments.nextDueAt}, 0)`,
      desc(campaignEnrolments.updatedAt),
      asc(campaignEnrolments.id),
    )
    .limit(limit)
    .all()
    .map((r) => ({ ...r.e, firstName: r.firstName, lastName: r.lastName, company: r.company, email: r.email, phone: r.phone }));
}

export type DueEnrolment = EnrolmentRow & { campaignName: string; steps: unknown[] };

/**
 * Active enrolments whose touch is due by `dueBy` (the end of the rep's today): of one rep, or of
 * these prospects. On the (owner, status, next_due_at) index.
 */
export function dueEnrolments(q: { ownerId?: string; prospectIds?: string[]; dueBy: number; limit: number }): DueEnrolment[] {
  if (q.prospectIds && q.prospectIds.length === 0) return [];
  return getDb()
    .select({ e: campaignEnrolments, campaignName: campaigns.name, steps: campaigns.steps })
    .from(campaignEnrolments)
    .innerJoin(campaigns, eq(campaigns.id, campaignEnrolments.campaignId))
    .where(
      and(
        q.ownerId ? eq(campaignEnrolments.ownerId, q.ownerId) : undefined,
        q.prospectIds ? inArray(campaignEnrolments.prospectId, q.prospectIds) : undefined,
        eq(campaignEnrolments.status, "active"),
        lte(campaignEnrolments.nextDueAt, q.dueBy),
      ),
    )
    .orderBy(asc(campaignEnrolments.nextDueAt), asc(campaignEnrolments.id))
    .limit(q.limit)
    .all()
    .map((r) => ({ ...r.e, campaignName: r.campaignName, steps: r.steps }));
}

/** The prospects of a rep's due touches, in due order (call mode's "Campaign touches due"). */
export function prospectsWithDueTouches(ownerId: string, dueBy: number, limit: number): ProspectRow[] {
  return getDb()
    .select({ p: prospects, due: sql<number>`min(${campaignEnrolments.nextDueAt})`.as("due") })
    .from(campaignEnrolments)
    .innerJoin(prospects, eq(prospects.id, campaignEnrolments.prospectId))
    .where(and(eq(campaignEnrolments.ownerId, ownerId), eq(campaignEnrolments.status, "active"), lte(campaignEnrolments.nextDueAt, dueBy)))
    .groupBy(prospects.id)
    .orderBy(sql`due`, asc(prospects.id))
    .limit(limit)
    .all()
    .map((r) => r.p);
}

export type StepStats = { step: number; touches: number; visitedWithin: number };

/**
 * Per step: touches made, and how many of them were followed by a person's visit to the page
 * within `withinMs` (each touch counted once). A rep: only the touches of their own people.
 */
export function touchStats(campaignId: string, ownerId: string | undefined, withinMs: number): StepStats[] {
  const owner = ownerId ? sql`and e.owner_id = ${ownerId}` : sql``;
  return getDb().all<StepStats>(sql`
    select t.step as step, count(*) as touches,
      sum(case when exists (
        select 1 from visits v where v.prospect_id = t.prospect_id and v.kind = 'human' and v.started_at >= t.at and v.started_at < t.at + ${withinMs}
      ) then 1 else 0 end) as visitedWithin
    from campaign_touches t join campaign_enrolments e on e.id = t.enrolment_id
    where t.campaign_id = ${campaignId} ${owner}
    group by t.step order by t.step`);
}

/** The messages each step's voicemail touches left (step → voicemail ids); a rep: only their own people's. */
export function touchVoicemailIds(campaignId: string, ownerId: string | undefined): Map<number, string[]> {
  const rows = getDb()
    .select({ step: campaignTouches.step, voicemailId: campaignTouches.voicemailId })
    .from(campaignTouches)
    .innerJoin(campaignEnrolments, eq(campaignEnrolments.id, campaignTouches.enrolmentId))
    .where(and(eq(campaignTouches.campaignId, campaignId), isNotNull(campaignTouches.voicemailId), ownerId ? eq(campaignEnrolments.ownerId, ownerId) : undefined))
    .all();
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.step, [...(out.get(r.step) ?? []), r.voicemailId!]);
  return out;
}

/** Every enrolment of one prospect, with its campaign's name and steps, latest first. */
export function enrolmentsOfProspect(prospectId: string): (EnrolmentRow & { campaignName: string; steps: unknown[] })[] {
  return getDb()
    .select({ e: campaignEnrolments, campaignName: campaigns.name, steps: campaigns.steps })
    .from(campaignEnrolments)
    .innerJoin(campaigns, eq(campaigns.id, campaignEnrolments.campaignId))
    .where(eq(campaignEnrolments.prospectId, prospectId))
    .orderBy(desc(campaignEnrolments.enrolledAt))
    .all()
    .map((r) => ({ ...r.e, campaignName: r.campaignName, steps: r.steps }));
}

/** The touches of one enrolment, oldest first. */
export function touchesOf(enrolmentId: string): TouchRow[] {
  return getDb().select().from(campaignTouches).where(eq(campaignTouches.enrolmentId, enrolmentId)).orderBy(asc(campaignTouches.at)).all();
}

/** A rep's days off (YYYY-MM-DD). */
export function setUserHolidays(userId: string, holidays: string[], now = Date.now()): void {
  getDb().update(users).set({ holidays, updatedAt: now }).where(eq(users.id, userId)).run();
}

/**
 * A message logged on its own (the API, the console's log form) with what it does to the
 * prospect's campaigns, in one IMMEDIATE transaction; the message names the touch it made.
 */
export function insertVoicemailWithCampaign(row: typeof voicemails.$inferInsert, writes: CampaignWrites, touch: { enrolmentId: string; step: number } | null): typeof voicemails.$inferSelect {
  return getDb().transaction(
    (tx) => {
      const written = writeCampaignChanges(tx, writes);
      const made = touch && written.includes(touch.enrolmentId) ? touch : null;
      return tx
        .insert(voicemails)
        .values({ ...row, campaignEnrolmentId: made?.enrolmentId ?? null, campaignStep: made?.step ?? null })
        .returning()
        .get();
    },
    { behavior: "immediate" },
  );
}

/**
 * An e-mail touch made, in one IMMEDIATE transaction: the enrolment moves on, the touch row, a
 * note on the prospect's timeline, and (sent through SMTP) the message in the outbox. Returns
 * false when the enrolment changed meanwhile (nothing written).
 */
export function recordEmailTouch(input: { writes: CampaignWrites; note: typeof outcomes.$inferInsert; outbox: Omit<typeof outbox.$inferInsert, "seq"> | null }): boolean {
  return getDb().transaction(
    (tx) => {
      const written = writeCampaignChanges(tx, input.writes);
      if (written.length === 0) return false;
      tx.insert(outcomes).values(input.note).run();
      if (input.outbox) tx.insert(outbox).values(input.outbox).run();
      return true;
    },
    { behavior: "immediate" },
  );
}
