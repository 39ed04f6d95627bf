import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, transaction, sqlAll, sqlGet } from "../index";
import { jsonNumber, least } from "../sql";
import { outcomes, prospectActivity, prospects, users, visitEvents, voicemails } from "../tables";
import { writeCampaignChanges, type CampaignWrites } from "./campaigns";
import type { ProspectRow } from "./prospects";

export type QueueCandidate = {
  prospect: ProspectRow;
  ownerName: string;
  tier: number;
  lastVisitId: string | null;
  lastVisitAt: number | null;
  lastSeenAt: number | null;
  lastEngagedAt: number | null;
  humanVisits: number;
  /** Visits folded into bursts (the queue counts a burst as one visit). */
  burstVisits: number;
  lastBurstAt: number | null;
  lastOutcome: string | null;
  lastOutcomeAt: number | null;
};

/**
 * The call-back queue's candidates, best first, in one indexed read: tier 0 on the page now,
 * 1 visited in the last hour, 2 engaged today, 3 follow-up or campaign touch due (an active
 * enrolment whose touch is due by the end of today), 4 a later follow-up. Activity
 * counts only when it is newer than the rep's last logged outcome (a call made clears it); a
 * closed prospect (meeting booked, not interested, wrong number) is back only if they visit again.
 */
export async function queueCandidates(q: { ownerId: string | undefined; onPageAfter: number; hourAgo: number; todayStart: number; todayEnd: number; limit: number }): Promise<QueueCandidate[]> {
  const since = sql`coalesce(${prospectActivity.lastOutcomeAt}, 0)`;
  const seen = sql`coalesce(${prospectActivity.lastSeenAt}, 0)`;
  const engaged = sql`coalesce(${prospectActivity.lastEngagedAt}, 0)`;
  // The earliest due campaign touch, on the (prospect, status) index; null when none is active.
  const touchAt = sql`(select min(ce.next_due_at) from campaign_enrolments ce where ce.prospect_id = ${prospects.id} and ce.status = 'active')`;
  const dueAt = least(sql`coalesce(${prospects.followUpAt}, ${touchAt})`, sql`coalesce(${touchAt}, ${prospects.followUpAt})`);
  const tier = sql<number>`case
    when ${seen} >= ${q.onPageAfter} and ${seen} > ${since} then 0
    when ${seen} >= ${q.hourAgo} and ${seen} > ${since} then 1
    when ${engaged} >= ${q.todayStart} and ${engaged} > ${since} then 2
    when ${prospects.followUpAt} <= ${q.todayEnd} or ${touchAt} <= ${q.todayEnd} then 3
    when ${prospects.followUpAt} is not null then 4
    else 9 end`;
  const open = sql`(${prospectActivity.closedAt} is null or ${seen} > ${prospectActivity.closedAt})`;
  const active = sql`((${seen} >= ${q.hourAgo} and ${seen} > ${since}) or (${engaged} >= ${q.todayStart} and ${engaged} > ${since}) or ${prospects.followUpAt} is not null or ${touchAt} <= ${q.todayEnd})`;
  const rows = await getDb()
    .select({
      prospect: prospects,
      ownerName: users.name,
      tier: tier.as("tier"),
      lastVisitId: prospectActivity.lastVisitId,
      lastVisitAt: prospectActivity.lastVisitAt,
      lastSeenAt: prospectActivity.lastSeenAt,
      lastEngagedAt: prospectActivity.lastEngagedAt,
      humanVisits: sql<number>`coalesce(${prospectActivity.humanVisits}, 0)`,
      burstVisits: sql<number>`coalesce(${prospectActivity.burstVisits}, 0)`,
      lastBurstAt: prospectActivity.lastBurstAt,
      lastOutcome: prospectActivity.lastOutcome,
      lastOutcomeAt: prospectActivity.lastOutcomeAt,
    })
    .from(prospects)
    .innerJoin(users, eq(users.id, prospects.ownerId))
    .leftJoin(prospectActivity, eq(prospectActivity.prospectId, prospects.id))
    .where(and(q.ownerId ? eq(prospects.ownerId, q.ownerId) : undefined, open, active))
    // The tier is spelled out again: PostgreSQL allows an output column's name in ORDER BY only on its own.
    .orderBy(sql`tier`, sql`case when (${tier}) in (0, 1) then -${seen} when (${tier}) = 2 then -${engaged} else ${dueAt} end`, prospects.id)
    .limit(q.limit);
  return rows.map((r) => ({ ...r, tier: Number(r.tier) }));
}

/** The events of these visits, oldest first. */
export async function eventsOfVisits(visitIds: string[]) {
  if (visitIds.length === 0) return [];
  return await getDb().select().from(visitEvents).where(inArray(visitEvents.visitId, visitIds)).orderBy(visitEvents.at);
}

/** The last voicemail left for each of these prospects. */
export async function lastVoicemails(prospectIds: string[]): Promise<Map<string, { leftAt: number; style: string | null; script: string | null }>> {
  const out = new Map<string, { leftAt: number; style: string | null; script: string | null }>();
  if (prospectIds.length === 0) return out;
  const rows = await getDb()
    .select({ prospectId: voicemails.prospectId, leftAt: voicemails.leftAt, style: voicemails.style, script: voicemails.script })
    .from(voicemails)
    .where(inArray(voicemails.prospectId, prospectIds))
    .orderBy(desc(voicemails.leftAt));
  for (const r of rows) if (!out.has(r.prospectId)) out.set(r.prospectId, r);
  return out;
}

export type OutcomeRow = typeof outcomes.$inferSelect;

/**
 * Logs an outcome in one transaction: the outcome, the prospect's next follow-up, its queue
 * standing (closed or open), and for a voicemail left, the message log.
 */
export async function insertOutcome(
  row: OutcomeRow & {
    ownerId: string;
    setFollowUp: boolean;
    closes: boolean;
    voicemail: { id: string; text: string | null; scriptId?: string | null; durationSeconds?: number | null; playId: string | null; playVersion: number | null; campaignEnrolmentId?: string | null; campaignStep?: number | null } | null;
    /** What the outcome does to the prospect's campaigns (lib/campaigns/events.ts), written in the same transaction. */
    campaign?: CampaignWrites;
  },
): Promise<void> {
  await transaction(
    async (tx) => {
      const { ownerId, setFollowUp, closes, voicemail, campaign, ...outcome } = row;
      await tx.insert(outcomes).values(outcome);
      if (setFollowUp) await tx.update(prospects).set({ followUpAt: outcome.followUpAt, updatedAt: outcome.at }).where(eq(prospects.id, outcome.prospectId));
      if (outcome.kind !== "note") {
        const standing = { lastOutcome: outcome.kind, lastOutcomeAt: outcome.at, closedAt: closes ? outcome.at : null, closedReason: closes ? outcome.kind : null };
        await tx.insert(prospectActivity)
          .values({ prospectId: outcome.prospectId, ownerId, ...standing })
          .onConflictDoUpdate({ target: prospectActivity.prospectId, set: standing });
      }
      if (voicemail) await tx.insert(voicemails).values({ ...voicemail, prospectId: outcome.prospectId, userId: outcome.userId, leftAt: outcome.at, outcome: "left" });
      if (campaign && campaign.enrolments.length) {
        const written = await writeCampaignChanges(tx, campaign);
        // The message made the touch only if its enrolment was written (nobody changed it meanwhile).
        if (voicemail?.campaignEnrolmentId && !written.includes(voicemail.campaignEnrolmentId))
          await tx.update(voicemails).set({ campaignEnrolmentId: null, campaignStep: null }).where(eq(voicemails.id, voicemail.id));
      }
    });
}

export async function listOutcomes(prospectId: string, limit = 200): Promise<(OutcomeRow & { userName: string })[]> {
  return await getDb()
    .select({ id: outcomes.id, prospectId: outcomes.prospectId, userId: outcomes.userId, kind: outcomes.kind, note: outcomes.note, at: outcomes.at, followUpAt: outcomes.followUpAt, userName: users.name })
    .from(outcomes)
    .innerJoin(users, eq(users.id, outcomes.userId))
    .where(eq(outcomes.prospectId, prospectId))
    .orderBy(desc(outcomes.at))
    .limit(limit);
}

/** Human visits per day and video milestones reached, for a prospect's charts. */
export async function visitStats(prospectId: string, since: number) {
  const starts = (await sqlAll<{ at: number }>(sql`select started_at as at from visits where prospect_id = ${prospectId} and kind = 'human' and started_at >= ${since} order by started_at limit 10000`)).map((r) => r.at);
  const video = await sqlAll<{ percent: number; n: number }>(
    sql`select cast(${jsonNumber(sql`e.data`, "percent")} as integer) as percent, count(distinct e.visit_id) as n
        from visit_events e join visits v on v.id = e.visit_id
        where v.prospect_id = ${prospectId} and v.kind = 'human' and e.type = 'video_progress' group by percent order by percent`,
  );
  const plays = await sqlGet<{ n: number }>(sql`select count(distinct e.visit_id) as n from visit_events e join visits v on v.id = e.visit_id where v.prospect_id = ${prospectId} and v.kind = 'human' and e.type = 'video_play'`);
  const total = await sqlGet<{ n: number }>(sql`select count(*) as n from visits where prospect_id = ${prospectId} and kind = 'human'`);
  return { starts, video, plays: plays?.n ?? 0, visits: total?.n ?? 0 };
}
