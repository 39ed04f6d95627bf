/**
 * What happens to a person's campaigns when something happens to them, applied to the stored
 * enrolments: the rules (lib/campaigns/rules.ts) decide, this reads the live enrolments, plans the
 * writes and the touch rows, and hands them to whoever owns the transaction (lib/outcomes.ts
 * writes them with the outcome; a visit writes them on its own).
 *
 * One touch per event: a voicemail makes the first due touch only (the earliest due enrolment),
 * so a person in two campaigns never gets two scripted touches from one call.
 */
import {
  applyCampaignChanges,
  hasActiveEnrolment,
  liveEnrolmentsOf,
  type CampaignWrites,
  type EnrolmentState,
  type LiveEnrolment,
} from "../../db/queries/campaigns";
import { newId } from "../ids";
import { localDayOf, resolveCalendar, type WorkCalendar } from "./calendar";
import type { CampaignEnrolment, EndReason, EnrolmentStatus, PauseReason } from "./enrolment";
import { applyCampaignEvent, CAMPAIGN_EVENT_RULES, type CampaignContext, type CampaignEvent } from "./rules";
import { campaignStepSchema, campaignStepsSchema, type CampaignStep } from "./steps";

/** Stored steps, read defensively: a step that no longer validates is dropped rather than failing a call. */
export function storedSteps(raw: unknown): CampaignStep[] {
  const all = campaignStepsSchema.safeParse(raw);
  if (all.success) return all.data;
  return (Array.isArray(raw) ? raw : []).flatMap((s) => {
    const one = campaignStepSchema.safeParse(s);
    return one.success ? [one.data] : [];
  });
}

export function calendarOf(rep: { timeZone: string; holidays: readonly string[] | null | undefined }): WorkCalendar {
  return { timeZone: rep.timeZone, holidays: rep.holidays ?? [] };
}

export function stateOf(row: EnrolmentState): CampaignEnrolment {
  return {
    status: row.status as EnrolmentStatus,
    stepIndex: row.stepIndex,
    nextDueAt: row.nextDueAt,
    enrolledAt: row.enrolledAt,
    lastTouchAt: row.lastTouchAt,
    pausedAt: row.pausedAt,
    pauseReason: row.pauseReason as PauseReason | null,
    endedAt: row.endedAt,
    endReason: row.endReason as EndReason | null,
    updatedAt: row.updatedAt,
  };
}

export function contextOf(row: Pick<LiveEnrolment, "steps" | "timeZone" | "holidays">): CampaignContext & { steps: CampaignStep[] } {
  return { steps: storedSteps(row.steps), calendar: calendarOf(row) };
}

/** Whether the enrolment's current touch is due on or before the local day of `at` in the rep's zone. */
export function isDueBy(e: Pick<CampaignEnrolment, "status" | "nextDueAt">, at: number, calendar: WorkCalendar): boolean {
  if (e.status !== "active" || e.nextDueAt === null) return false;
  const { timeZone } = resolveCalendar(calendar);
  return localDayOf(e.nextDueAt, timeZone) <= localDayOf(at, timeZone);
}

export type CampaignPlan = CampaignWrites & {
  /** The touch this event made, for the message log's link (voicemails.campaign_enrolment_id, campaign_step). */
  touch: { enrolmentId: string; step: number } | null;
};

const TOUCH_KINDS_BY_OUTCOME: Partial<Record<CampaignEvent, readonly string[]>> = {
  // An answered call on a due voicemail or call touch is that touch made, then the rule ends the campaign.
  reached: ["voicemail", "call"],
};

/**
 * The writes for `event` on a prospect's live enrolments at `at`, by `userId` (who logged it).
 * Nothing to do: empty writes. Pure apart from one indexed read.
 */
export async function planCampaignEvent(prospectId: string, event: CampaignEvent, at: number, who: { userId: string | null; voicemailId?: string | null }): Promise<CampaignPlan> {
  const plan: CampaignPlan = { enrolments: [], touches: [], touch: null };
  if (CAMPAIGN_EVENT_RULES[event].effect === "none") return plan;
  const live = await liveEnrolmentsOf(prospectId);
  for (const row of live) {
    const before = stateOf(row);
    const ctx = contextOf(row);
    let after = applyCampaignEvent(before, event, at, ctx);
    let madeStep: number | null = null;
    const rule = CAMPAIGN_EVENT_RULES[event];
    if (rule.effect === "touch" && after.stepIndex > before.stepIndex) {
      if (plan.touch) continue; // one touch per event: this one stays due
      madeStep = before.stepIndex;
    }
    const endsWithTouch = TOUCH_KINDS_BY_OUTCOME[event];
    if (endsWithTouch && !plan.touch && isDueBy(before, at, ctx.calendar) && endsWithTouch.includes(ctx.steps[before.stepIndex]?.kind ?? "")) {
      madeStep = before.stepIndex;
      after = { ...after, stepIndex: Math.min(before.stepIndex + 1, ctx.steps.length), lastTouchAt: at };
    }
    if (after === before) continue;
    plan.enrolments.push({ id: row.id, expectedUpdatedAt: row.updatedAt, state: after });
    if (madeStep !== null) {
      const step = ctx.steps[madeStep];
      plan.touch = { enrolmentId: row.id, step: madeStep };
      plan.touches.push({
        id: newId("tch"),
        enrolmentId: row.id,
        campaignId: row.campaignId,
        prospectId,
        step: madeStep,
        kind: step.kind,
        outcome: event,
        userId: who.userId,
        voicemailId: event === "voicemail" ? (who.voicemailId ?? null) : null,
        at,
      });
    }
  }
  return plan;
}

/**
 * A person's new visit to their page: their active campaigns wait (the rep calls them now). The
 * beacon's hot path: one indexed look-up, and nothing more unless they are in a campaign.
 */
export async function pauseCampaignsOnVisit(prospectId: string, at: number): Promise<number> {
  if (!(await hasActiveEnrolment(prospectId))) return 0;
  return (await applyCampaignChanges(await planCampaignEvent(prospectId, "visit", at, { userId: null }))).length;
}
