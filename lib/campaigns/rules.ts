/**
 * What happens to a person's campaign when something happens to the person: a visit pauses it, an
 * answer ends it, a logged voicemail makes the touch that was due. Rules as data, one entry per
 * event with the reason; `applyCampaignEvent` is the one pure function that applies them.
 *
 * Every outcome kind in lib/outcome-rules.ts has an entry (the type checks it), so a new outcome
 * button cannot be added without deciding what it does to a campaign.
 */
import type { OutcomeKind } from "../outcome-rules";
import { localDayOf, resolveCalendar, type WorkCalendar } from "./calendar";
import { END_REASONS, PAUSE_REASONS, type CampaignEnrolment, type EndReason, type PauseReason } from "./enrolment";
import { nextTouchDueAt, rescheduleAfterPause, scheduleTouches } from "./schedule";
import type { CampaignStep, TouchKind } from "./steps";

type CampaignRule =
  | { effect: "pause"; reason: PauseReason }
  | { effect: "end"; reason: EndReason }
  /** Makes the current touch when it is one of `kinds` and due today or earlier. */
  | { effect: "touch"; kinds: readonly TouchKind[] }
  | { effect: "resume" }
  | { effect: "none" };

export const CAMPAIGN_EVENT_RULES = {
  // A human visit to their page: they looked, so call them now and the campaign waits. It waits
  // until the rep logs what the call brought (a voicemail or no answer picks it back up; an answer
  // ends it), so a scripted touch never lands on top of the rep's own call.
  visit: { effect: "pause", reason: "visited" },
  // They rang back: the campaign got its reply.
  called_back: { effect: "end", reason: "replied" },
  meeting: { effect: "end", reason: "won" },
  not_interested: { effect: "end", reason: "not_interested" },
  wrong_number: { effect: "end", reason: "wrong_number" },
  // They picked up. Ended, not paused: a conversation is what the sequence was for, a scripted
  // voicemail ("Dangle the carrot") to someone the rep just spoke to would jar, and the outcome's
  // own follow-up (a week on, lib/outcome-rules.ts) already puts them back in the queue. A pause
  // would leave enrolments nobody remembers to resume; the rep can enrol them again instead.
  reached: { effect: "end", reason: "reached" },
  // The rep left a message: the due voicemail or call touch is made.
  voicemail: { effect: "touch", kinds: ["voicemail", "call"] },
  // Rang out with nowhere to leave a message: the attempt still counts as the touch for the day.
  no_answer: { effect: "touch", kinds: ["voicemail", "call"] },
  // The e-mail touch went out (SMTP) or the rep opened it as a mailto: and marked it sent.
  email_sent: { effect: "touch", kinds: ["email"] },
  // A note changes only the timeline.
  note: { effect: "none" },
  // The rep holds the campaign for this person; only "resume" restarts it.
  pause: { effect: "pause", reason: "rep" },
  resume: { effect: "resume" },
  unenroll: { effect: "end", reason: "unenrolled" },
} as const satisfies Record<OutcomeKind | "visit" | "no_answer" | "email_sent" | "pause" | "resume" | "unenroll", CampaignRule>;

export type CampaignEvent = keyof typeof CAMPAIGN_EVENT_RULES;

/** What the rules need to know about the campaign: its steps and the rep's calendar now. */
export type CampaignContext = {
  steps: readonly Pick<CampaignStep, "day" | "kind">[];
  calendar: WorkCalendar;
};

/** A new enrolment: active, its first touch due on day 1 (or the first step's day). */
export function startEnrolment(at: number, campaign: CampaignContext): CampaignEnrolment {
  const first = scheduleTouches({ ...campaign.calendar, enrolledAt: at, steps: campaign.steps })[0];
  const base: CampaignEnrolment = {
    status: "active",
    stepIndex: 0,
    nextDueAt: first?.dueAt ?? null,
    enrolledAt: at,
    lastTouchAt: null,
    pausedAt: null,
    pauseReason: null,
    endedAt: null,
    endReason: null,
    updatedAt: at,
  };
  return first ? base : end(base, "completed", at);
}

function end(enrolment: CampaignEnrolment, reason: EndReason, at: number): CampaignEnrolment {
  return { ...enrolment, status: END_REASONS[reason].status, nextDueAt: null, pausedAt: null, pauseReason: null, endedAt: at, endReason: reason, updatedAt: at };
}

function pause(enrolment: CampaignEnrolment, reason: PauseReason, at: number): CampaignEnrolment {
  if (enrolment.status === "paused") {
    // A rep's hold outranks a visit's wait (a call must not undo it); otherwise the first pause stands.
    const strongerHold = !PAUSE_REASONS[reason].resumedByOutcome && PAUSE_REASONS[enrolment.pauseReason ?? "visited"].resumedByOutcome;
    return strongerHold ? { ...enrolment, pauseReason: reason, updatedAt: at } : enrolment;
  }
  return { ...enrolment, status: "paused", nextDueAt: null, pausedAt: at, pauseReason: reason, updatedAt: at };
}

function resume(enrolment: CampaignEnrolment, at: number, campaign: CampaignContext, skipResumeDay: boolean): CampaignEnrolment {
  const [next] = rescheduleAfterPause({ ...campaign.calendar, steps: campaign.steps, stepIndex: enrolment.stepIndex, enrolledAt: enrolment.enrolledAt, lastTouchAt: enrolment.lastTouchAt, resumedAt: at, skipResumeDay });
  if (!next) return end(enrolment, "completed", at);
  return { ...enrolment, status: "active", nextDueAt: next.dueAt, pausedAt: null, pauseReason: null, updatedAt: at };
}

/** Whether the current touch of an active enrolment is due on or before the local day of `at`. */
function dueByDayOf(enrolment: CampaignEnrolment, at: number, calendar: WorkCalendar): boolean {
  if (enrolment.nextDueAt === null) return false;
  const { timeZone } = resolveCalendar(calendar);
  // The rep works through the day's touches whenever in the day; a voicemail at 08:00 makes the 09:00 touch.
  return localDayOf(enrolment.nextDueAt, timeZone) <= localDayOf(at, timeZone);
}

/**
 * The current touch was made at `at`: move on to the next step, due its gap in working days after
 * today, or finish after the last. Only an active enrolment moves; anything else is returned as is.
 */
export function touchDone(enrolment: CampaignEnrolment, at: number, campaign: CampaignContext): CampaignEnrolment {
  if (enrolment.status !== "active") return enrolment;
  const nextIndex = enrolment.stepIndex + 1;
  const made = { ...enrolment, stepIndex: Math.min(nextIndex, campaign.steps.length), lastTouchAt: at, updatedAt: at };
  if (nextIndex >= campaign.steps.length) return end(made, "completed", at);
  return { ...made, nextDueAt: nextTouchDueAt({ ...campaign.calendar, steps: campaign.steps, nextIndex, doneAt: at }) };
}

/**
 * The enrolment after `event` at `at` (pure: the caller stores the result). A finished or stopped
 * enrolment never changes; an event that does not apply returns the same object, so callers can
 * skip the write when `result === enrolment`.
 */
export function applyCampaignEvent(enrolment: CampaignEnrolment, event: CampaignEvent, at: number, campaign: CampaignContext): CampaignEnrolment {
  if (enrolment.status === "finished" || enrolment.status === "stopped") return enrolment;
  const rule: CampaignRule = CAMPAIGN_EVENT_RULES[event];
  switch (rule.effect) {
    case "none":
      return enrolment;
    case "end":
      return end(enrolment, rule.reason, at);
    case "pause":
      return pause(enrolment, rule.reason, at);
    case "resume":
      return enrolment.status === "paused" ? resume(enrolment, at, campaign, false) : enrolment;
    case "touch": {
      let current = enrolment;
      if (current.status === "paused") {
        if (!PAUSE_REASONS[current.pauseReason ?? "rep"].resumedByOutcome) return enrolment;
        current = resume(current, at, campaign, false);
      }
      const step = campaign.steps[current.stepIndex];
      if (current.status === "active" && step && rule.kinds.includes(step.kind) && dueByDayOf(current, at, campaign.calendar)) return touchDone(current, at, campaign);
      // Resumed by a call that was not the due touch: the call was today's contact, so the next touch waits a day.
      return current === enrolment ? enrolment : resume(enrolment, at, campaign, true);
    }
  }
}
