/**
 * One person's place in one campaign, as flat fields a migration can store as columns one to one
 * (a `campaign_enrolments` row: id, campaign id, prospect id, owner, plus the fields below).
 * Statuses and the reasons behind them are data with their labels, for the queue and the timeline.
 */

/** Where an enrolment stands. Only an active one has touches due. */
export const ENROLMENT_STATUSES = {
  // Touches come due one by one; `nextDueAt` says when the current one is.
  active: { label: "Active", ended: false },
  // Waiting: for the rep after a visit, or held by the rep. No touch comes due; `pauseReason` says why.
  paused: { label: "Paused", ended: false },
  // Over with its job done: every touch made, or the person answered (called back, met, picked up).
  finished: { label: "Finished", ended: true },
  // Over early, by the person ("not interested"), a wrong number, or the rep taking them out.
  stopped: { label: "Stopped", ended: true },
} as const satisfies Record<string, { label: string; ended: boolean }>;

export type EnrolmentStatus = keyof typeof ENROLMENT_STATUSES;

/** Why an enrolment waits. `resumedByOutcome`: a logged call (voicemail, no answer) picks it back up. */
export const PAUSE_REASONS = {
  // They looked at the page: call them now; the campaign waits until the rep logs what happened.
  visited: { label: "Visited the page — call them now", resumedByOutcome: true },
  // The rep held it (on holiday, asked to wait…): only the rep's "resume" restarts it.
  rep: { label: "Paused by the rep", resumedByOutcome: false },
} as const satisfies Record<string, { label: string; resumedByOutcome: boolean }>;

export type PauseReason = keyof typeof PAUSE_REASONS;

/** Why an enrolment ended, and which of the two ended statuses that is. */
export const END_REASONS = {
  // The last touch was made and nobody answered: the sequence ran its course.
  completed: { label: "All touches made", status: "finished" },
  // They called the rep back: the campaign got its reply.
  replied: { label: "Replied", status: "finished" },
  // A meeting is booked: won.
  won: { label: "Meeting booked", status: "finished" },
  // The rep reached them on a call: a conversation replaces the sequence (see lib/campaigns/rules.ts).
  reached: { label: "Reached", status: "finished" },
  not_interested: { label: "Not interested", status: "stopped" },
  // No touch would get through; a visit still shows up in the queue as usual.
  wrong_number: { label: "Wrong number", status: "stopped" },
  // The rep took them out of the campaign.
  unenrolled: { label: "Taken out by the rep", status: "stopped" },
} as const satisfies Record<string, { label: string; status: Extract<EnrolmentStatus, "finished" | "stopped"> }>;

export type EndReason = keyof typeof END_REASONS;

/**
 * The stored state. Times are UTC milliseconds; the due hour and working days come from the rep's
 * calendar at the time of each change, so they are not stored here.
 *
 * Invariants (kept by lib/campaigns/rules.ts):
 * - active   → nextDueAt set; pausedAt, pauseReason, endedAt, endReason null.
 * - paused   → nextDueAt null (nothing is due while paused, so "due now" is one indexed query:
 *              status = 'active' AND next_due_at <= now); pausedAt, pauseReason set.
 * - finished / stopped → nextDueAt, pausedAt, pauseReason null; endedAt, endReason set.
 * - 0 ≤ stepIndex ≤ steps.length; it equals steps.length only when every touch was made.
 */
export type CampaignEnrolment = {
  status: EnrolmentStatus;
  /** The current touch: the first step not yet made (0-based). */
  stepIndex: number;
  /** When the current touch is due (local due hour on a working day); null unless active. */
  nextDueAt: number | null;
  enrolledAt: number;
  /** When the last touch was made; the next keeps its gap in working days from that day. */
  lastTouchAt: number | null;
  pausedAt: number | null;
  pauseReason: PauseReason | null;
  endedAt: number | null;
  endReason: EndReason | null;
  /** The last change, for the timeline and optimistic concurrency. */
  updatedAt: number;
};
