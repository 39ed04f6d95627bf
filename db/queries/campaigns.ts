/**
 * Voicemail campaigns: every statement about campaigns, their enrolments and the touches made.
 * lib/campaigns/store.ts decides; these read and write plain rows.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { DIALECT, getDb, prepared, sqlGet, rowsChanged, transaction, write, type Db, sqlAll } from "../index";
import { campaignEnrolments, campaigns, campaignTouches, outbox, outcomes, prospects, users, voicemails } from "../tables";
import type { ProspectRow } from "./prospects";

export type CampaignRow = typeof campaigns.$inferSelect;
export type NewCampaign = Pick<CampaignRow, "id" | "ownerId" | "name" | "steps" | "shared">;
export type EnrolmentRow = typeof campaignEnrolments.$inferSelect;
export type TouchRow = typeof campaignTouches.$inferSelect;
type Tx = Db;

/** The fields of an enrolment that change with its state (lib/campaigns/enrolment.ts). */
export type EnrolmentState = Pick<EnrolmentRow, "status" | "stepIndex" | "nextDueAt" | "enrolledAt" | "lastTouchAt" | "pausedAt" | "pauseReason" | "endedAt" | "endReason" | "updatedAt">;

export async function insertCampaign(c: NewCampaign, now = Date.now()): Promise<CampaignRow> {
  return (await write((db) => db
    .insert(campaigns)
    .values({ ...c, createdAt: now, updatedAt: now })
    .returning()))[0];
}

export async function findCampaignById(id: string): Promise<CampaignRow | undefined> {
  return (await getDb().select().from(campaigns).where(eq(campaigns.id, id)).limit(1))[0];
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
export async function listCampaignsPage(filter: CampaignListFilter, after: { createdAt: number; id: string } | undefined, limit: number): Promise<CampaignRow[]> {
  const where = conditions(filter);
  if (after) where.push(or(lt(campaigns.createdAt, after.createdAt), and(eq(campaigns.createdAt, after.createdAt), lt(campaigns.id, after.id)))!);
  return await getDb()
    .select()
    .from(campaigns)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(limit);
}

/** Every campaign matching the filter, by name (the console's list and pickers). */
export async function listCampaignsByName(filter: CampaignListFilter, limit = 500): Promise<CampaignRow[]> {
  const where = conditions(filter);
  return await getDb()
    .select()
    .from(campaigns)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(campaigns.name), asc(campaigns.id))
    .limit(limit);
}

export async function updateCampaignRow(id: string, changes: Partial<Pick<CampaignRow, "name" | "steps" | "shared" | "archivedAt">>, now = Date.now()): Promise<CampaignRow | undefined> {
  return (await write((db) => db
    .update(campaigns)
    .set({ ...changes, updatedAt: now })
    .where(eq(campaigns.id, id))
    .returning()))[0];
}

/** Deletes a campaign with its enrolments and touches (foreign keys cascade); messages keep their words. */
export async function deleteCampaignRow(id: string): Promise<boolean> {
  return rowsChanged(await write((db) => db.delete(campaigns).where(eq(campaigns.id, id)))) > 0;
}

export type NewEnrolment = { id: string; prospectId: string; ownerId: string; state: EnrolmentState };

/**
 * Enrols people in one IMMEDIATE transaction: a prospect already active or paused in this
 * campaign is skipped; one whose enrolment ended starts again (the row is reused: one per person
 * and campaign). Returns who was enrolled and who was skipped.
 */
export async function insertEnrolments(campaignId: string, rows: NewEnrolment[]): Promise<{ enrolled: string[]; skipped: string[] }> {
  const enrolled: string[] = [];
  const skipped: string[] = [];
  if (rows.length === 0) return { enrolled, skipped };
  await transaction(
    async (tx) => {
      const existing = new Map<string, { id: string; status: string }>();
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500).map((r) => r.prospectId);
        for (const e of (await tx
          .select({ id: campaignEnrolments.id, prospectId: campaignEnrolments.prospectId, status: campaignEnrolments.status })
          .from(campaignEnrolments)
          .where(and(eq(campaignEnrolments.campaignId, campaignId), inArray(campaignEnrolments.prospectId, chunk)))))
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
        if (e) await tx.update(campaignEnrolments).set({ ...r.state, ownerId: r.ownerId }).where(eq(campaignEnrolments.id, e.id));
        else await tx.insert(campaignEnrolments).values({ id: r.id, campaignId, prospectId: r.prospectId, ownerId: r.ownerId, ...r.state });
        enrolled.push(r.prospectId);
      }
    });
  return { enrolled, skipped };
}

export async function findEnrolment(campaignId: string, prospectId: string): Promise<EnrolmentRow | undefined> {
  return (await getDb()
    .select()
    .from(campaignEnrolments)
    .where(and(eq(campaignEnrolments.campaignId, campaignId), eq(campaignEnrolments.prospectId, prospectId))).limit(1))[0];
}

export async function findEnrolmentById(id: string): Promise<EnrolmentRow | undefined> {
  return (await getDb().select().from(campaignEnrolments).where(eq(campaignEnrolments.id, id)).limit(1))[0];
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
export async function liveEnrolmentsOf(prospectId: string): Promise<LiveEnrolment[]> {
  return (await getDb()
    .select(LIVE_COLUMNS)
    .from(campaignEnrolments)
    .innerJoin(campaigns, eq(campaigns.id, campaignEnrolments.campaignId))
    .innerJoin(users, eq(users.id, campaignEnrolments.ownerId))
    .where(and(eq(campaignEnrolments.prospectId, prospectId), inArray(campaignEnrolments.status, ["active", "paused"])))
    .orderBy(asc(campaignEnrolments.nextDueAt), asc(campaignEnrolments.enrolledAt)))
    .map((r) => ({ ...r.enrolment, steps: r.steps, campaignName: r.campaignName, timeZone: r.timeZone, holidays: r.holidays ?? [] }));
}

/**
 * The visit beacon's check, prepared once: whether a prospect has an active enrolment (a visit
 * pauses those). One look-up on the (prospect, status) index; most prospects have none.
 */
export async function hasActiveEnrolment(prospectId: string): Promise<boolean> {
  if (DIALECT === "postgres") return (await sqlGet(sql`SELECT 1 AS one FROM campaign_enrolments WHERE prospect_id = ${prospectId} AND status = 'active' LIMIT 1`)) !== undefined;
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
export async function writeCampaignChanges(tx: Tx | Db, writes: CampaignWrites): Promise<string[]> {
  const written: string[] = [];
  for (const w of writes.enrolments) {
    const changed = rowsChanged(await tx
      .update(campaignEnrolments)
      .set(w.state)
      .where(and(eq(campaignEnrolments.id, w.id), eq(campaignEnrolments.updatedAt, w.expectedUpdatedAt))));
    if (changed) written.push(w.id);
  }
  for (const t of writes.touches) if (written.includes(t.enrolmentId)) await tx.insert(campaignTouches).values(t);
  return written;
}

/** The same, in its own IMMEDIATE transaction. */
export async function applyCampaignChanges(writes: CampaignWrites): Promise<string[]> {
  if (writes.enrolments.length === 0) return [];
  return transaction(async (tx) => writeCampaignChanges(tx, writes));
}

/** How many enrolments of a campaign stand in each status (a rep: only their own people). */
export async function enrolmentCounts(campaignId: string, ownerId: string | undefined): Promise<Record<string, number>> {
  const rows = await getDb()
    .select({ status: campaignEnrolments.status, n: count() })
    .from(campaignEnrolments)
    .where(and(eq(campaignEnrolments.campaignId, campaignId), ownerId ? eq(campaignEnrolments.ownerId, ownerId) : undefined))
    .groupBy(campaignEnrolments.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export type EnrolledPerson = EnrolmentRow & { firstName: string; lastName: string; company: string | null; email: string | null; phone: string | null };

/** A campaign's people, live ones first by when their touch is due, then the ended ones latest first. */
export async function enrolledPeople(campaignId: string, ownerId: string | undefined, limit: number): Promise<EnrolledPerson[]> {
  return (await getDb()
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
    .limit(limit))
    .map((r) => ({ ...r.e, firstName: r.firstName, lastName: r.lastName, company: r.company, email: r.email, phone: r.phone }));
}

export type DueEnrolment = EnrolmentRow & { campaignName: string; steps: unknown[] };

/**
 * Active enrolments whose touch is due by `dueBy` (the end of the rep's today): of one rep, or of
 * these prospects. On the (owner, status, next_due_at) index.
 */
export async function dueEnrolments(q: { ownerId?: string; prospectIds?: string[]; dueBy: number; limit: number }): Promise<DueEnrolment[]> {
  if (q.prospectIds && q.prospectIds.length === 0) return [];
  return (await getDb()
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
    .limit(q.limit))
    .map((r) => ({ ...r.e, campaignName: r.campaignName, steps: r.steps }));
}

/** The prospects of a rep's due touches, in due order (call mode's "Campaign touches due"). */
export async function prospectsWithDueTouches(ownerId: string, dueBy: number, limit: number): Promise<ProspectRow[]> {
  return (await getDb()
    .select({ p: prospects, due: sql<number>`min(${campaignEnrolments.nextDueAt})`.as("due") })
    .from(campaignEnrolments)
    .innerJoin(prospects, eq(prospects.id, campaignEnrolments.prospectId))
    .where(and(eq(campaignEnrolments.ownerId, ownerId), eq(campaignEnrolments.status, "active"), lte(campaignEnrolments.nextDueAt, dueBy)))
    .groupBy(prospects.id)
    .orderBy(sql`due`, asc(prospects.id))
    .limit(limit))
    .map((r) => r.p);
}

export type StepStats = { step: number; touches: number; visitedWithin: number };

/**
 * Per step: touches made, and how many of them were followed by a person's visit to the page
 * within `withinMs` (each touch counted once). A rep: only the touches of their own people.
 */
export async function touchStats(campaignId: string, ownerId: string | undefined, withinMs: number): Promise<StepStats[]> {
  const owner = ownerId ? sql`and e.owner_id = ${ownerId}` : sql``;
  return await sqlAll<StepStats>(sql`
    select t.step as step, count(*) as touches,
      sum(case when exists (
        select 1 from visits v where v.prospect_id = t.prospect_id and v.kind = 'human' and v.started_at >= t.at and v.started_at < t.at + ${withinMs}
      ) then 1 else 0 end) as "visitedWithin"
    from campaign_touches t join campaign_enrolments e on e.id = t.enrolment_id
    where t.campaign_id = ${campaignId} ${owner}
    group by t.step order by t.step`);
}

/** The messages each step's voicemail touches left (step → voicemail ids); a rep: only their own people's. */
export async function touchVoicemailIds(campaignId: string, ownerId: string | undefined): Promise<Map<number, string[]>> {
  const rows = await getDb()
    .select({ step: campaignTouches.step, voicemailId: campaignTouches.voicemailId })
    .from(campaignTouches)
    .innerJoin(campaignEnrolments, eq(campaignEnrolments.id, campaignTouches.enrolmentId))
    .where(and(eq(campaignTouches.campaignId, campaignId), isNotNull(campaignTouches.voicemailId), ownerId ? eq(campaignEnrolments.ownerId, ownerId) : undefined));
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.step, [...(out.get(r.step) ?? []), r.voicemailId!]);
  return out;
}

/** Every enrolment of one prospect, with its campaign's name and steps, latest first. */
export async function enrolmentsOfProspect(prospectId: string): Promise<(EnrolmentRow & { campaignName: string; steps: unknown[] })[]> {
  return (await getDb()
    .select({ e: campaignEnrolments, campaignName: campaigns.name, steps: campaigns.steps })
    .from(campaignEnrolments)
    .innerJoin(campaigns, eq(campaigns.id, campaignEnrolments.campaignId))
    .where(eq(campaignEnrolments.prospectId, prospectId))
    .orderBy(desc(campaignEnrolments.enrolledAt)))
    .map((r) => ({ ...r.e, campaignName: r.campaignName, steps: r.steps }));
}

/** The touches of one enrolment, oldest first. */
export async function touchesOf(enrolmentId: string): Promise<TouchRow[]> {
  return await getDb().select().from(campaignTouches).where(eq(campaignTouches.enrolmentId, enrolmentId)).orderBy(asc(campaignTouches.at));
}

/** A rep's days off (YYYY-MM-DD). */
export async function setUserHolidays(userId: string, holidays: string[], now = Date.now()): Promise<void> {
  await write((db) => db.update(users).set({ holidays, updatedAt: now }).where(eq(users.id, userId)));
}

/**
 * A message logged on its own (the API, the console's log form) with what it does to the
 * prospect's campaigns, in one IMMEDIATE transaction; the message names the touch it made.
 */
export async function insertVoicemailWithCampaign(row: typeof voicemails.$inferInsert, writes: CampaignWrites, touch: { enrolmentId: string; step: number } | null): Promise<typeof voicemails.$inferSelect> {
  return transaction(
    async (tx) => {
      const written = await writeCampaignChanges(tx, writes);
      const made = touch && written.includes(touch.enrolmentId) ? touch : null;
      return (await tx
        .insert(voicemails)
        .values({ ...row, campaignEnrolmentId: made?.enrolmentId ?? null, campaignStep: made?.step ?? null })
        .returning())[0];
    });
}

/**
 * An e-mail touch made, in one IMMEDIATE transaction: the enrolment moves on, the touch row, a
 * note on the prospect's timeline, and (sent through SMTP) the message in the outbox. Returns
 * false when the enrolment changed meanwhile (nothing written).
 */
export async function recordEmailTouch(input: { writes: CampaignWrites; note: typeof outcomes.$inferInsert; outbox: Omit<typeof outbox.$inferInsert, "seq"> | null }): Promise<boolean> {
  return transaction(
    async (tx) => {
      const written = await writeCampaignChanges(tx, input.writes);
      if (written.length === 0) return false;
      await tx.insert(outcomes).values(input.note);
      if (input.outbox) await tx.insert(outbox).values(input.outbox);
      return true;
    });
}
