/**
 * When each touch of a campaign is due, in the rep's working days and time zone.
 *
 * Day N of a campaign is the Nth working day counting the enrolment day as day 1 when it is a
 * working day (enrolled on a Saturday: day 1 is Monday). Weekends, other non-working weekdays and
 * the rep's holidays are skipped. A touch is due at the rep's local due hour (09:00 by default) on
 * its day, whatever the zone's offset that day. Never two touches on one local day: when two steps
 * would share a day the later moves on a working day and the steps after it keep their gaps.
 */
import type { CampaignEnrolment } from "./enrolment";
import { addWorkingDays, dayToDate, firstWorkingDayFrom, localDayOf, localHourToUtc, resolveCalendar, type ResolvedCalendar, type WorkCalendar } from "./calendar";
import type { CampaignStep } from "./steps";

export type { WorkCalendar } from "./calendar";

/** Only a step's day matters to the schedule. */
type StepDay = Pick<CampaignStep, "day">;

export type ScheduledTouch = {
  /** The step's index in the campaign (0-based). */
  index: number;
  /** UTC ms: the local due hour on the touch's day. */
  dueAt: number;
  /** The touch's local day in the rep's zone, "YYYY-MM-DD". */
  localDate: string;
};

/**
 * Working days from step `index - 1` to step `index`: at least 1, so even steps that were never
 * validated (equal or decreasing days) land on separate days.
 */
export function stepGap(steps: readonly StepDay[], index: number): number {
  return Math.max(1, steps[index].day - steps[index - 1].day);
}

/** Steps `from`… laid out with step `from` on `firstDay` and each later one its gap further on. */
function layOut(steps: readonly StepDay[], from: number, firstDay: number, cal: ResolvedCalendar): ScheduledTouch[] {
  const out: ScheduledTouch[] = [];
  let day = firstDay;
  for (let i = from; i < steps.length; i++) {
    if (i > from) day = addWorkingDays(day, stepGap(steps, i), cal);
    out.push({ index: i, dueAt: localHourToUtc(day, cal.hour, cal.timeZone), localDate: dayToDate(day) });
  }
  return out;
}

/** The local day of step 0 for someone enrolled at `enrolledAt`. */
function firstStepDay(enrolledAt: number, steps: readonly StepDay[], cal: ResolvedCalendar): number {
  const dayOne = firstWorkingDayFrom(localDayOf(enrolledAt, cal.timeZone), cal);
  const extra = Math.max(0, (steps[0]?.day ?? 1) - 1);
  return extra ? addWorkingDays(dayOne, extra, cal) : dayOne;
}

export type ScheduleInput = WorkCalendar & { enrolledAt: number; steps: readonly StepDay[] };

/**
 * Every touch's due time for someone enrolled at `enrolledAt`. Day 1's touch is due at the due hour
 * of the enrolment day even when enrolment came later that day: it is due at once, which is what
 * "day 1: voicemail" asks. An unknown time zone counts as UTC (see `calendarZone`).
 */
export function scheduleTouches(input: ScheduleInput): ScheduledTouch[] {
  const cal = resolveCalendar(input);
  if (input.steps.length === 0) return [];
  return layOut(input.steps, 0, firstStepDay(input.enrolledAt, input.steps, cal), cal);
}

export type RescheduleInput = WorkCalendar & {
  steps: readonly StepDay[];
  /** The first step not yet made: where the enrolment resumes. */
  stepIndex: number;
  enrolledAt: number;
  lastTouchAt: number | null;
  resumedAt: number;
  /**
   * True when the resume came from a call the rep made (and logged) that day: that call was a touch
   * in all but name, so the remaining ones start on the next working day.
   */
  skipResumeDay?: boolean;
};

/**
 * The remaining touches of a paused enrolment that resumes. The current step is due on the later
 * of its own day (its gap after the last touch made, or its enrolment day when none was made yet)
 * and the first working day from the resume day; the steps after it keep their gaps from there.
 * So a pause never brings a touch sooner than planned, and a long pause does not make the
 * remaining touches fire in a burst.
 */
export function rescheduleAfterPause(input: RescheduleInput): ScheduledTouch[] {
  const cal = resolveCalendar(input);
  const { steps, stepIndex: from } = input;
  if (from >= steps.length) return [];
  let planned: number;
  if (input.lastTouchAt !== null && from > 0) planned = addWorkingDays(localDayOf(input.lastTouchAt, cal.timeZone), stepGap(steps, from), cal);
  else {
    const enrolmentPlan = layOut(steps, 0, firstStepDay(input.enrolledAt, steps, cal), cal)[from];
    planned = localDayOf(enrolmentPlan.dueAt, cal.timeZone);
  }
  const resumeDay = localDayOf(input.resumedAt, cal.timeZone) + (input.skipResumeDay ? 1 : 0);
  const earliest = firstWorkingDayFrom(resumeDay, cal);
  return layOut(steps, from, Math.max(planned, earliest), cal);
}

/**
 * When the step after one made at `doneAt` is due: its gap in working days after the day it was
 * made. A touch made on time keeps the enrolment-day plan; a late one moves the rest with it, so
 * the gaps the campaign asked for are never shortened.
 */
export function nextTouchDueAt(input: WorkCalendar & { steps: readonly StepDay[]; nextIndex: number; doneAt: number }): number | null {
  const cal = resolveCalendar(input);
  if (input.nextIndex >= input.steps.length || input.nextIndex < 1) return null;
  const day = addWorkingDays(localDayOf(input.doneAt, cal.timeZone), stepGap(input.steps, input.nextIndex), cal);
  return localHourToUtc(day, cal.hour, cal.timeZone);
}

export type DueTouch<S> = {
  index: number;
  step: S;
  total: number;
  dueAt: number;
  /** Due now (its time has come); otherwise it is the next one coming. */
  isDue: boolean;
};

/** The current touch of an active enrolment, due or coming; null when paused or over. */
export function nextDueTouch<S extends StepDay>(enrolment: CampaignEnrolment, steps: readonly S[], now: number): DueTouch<S> | null {
  if (enrolment.status !== "active" || enrolment.nextDueAt === null || enrolment.stepIndex >= steps.length) return null;
  return { index: enrolment.stepIndex, step: steps[enrolment.stepIndex], total: steps.length, dueAt: enrolment.nextDueAt, isDue: enrolment.nextDueAt <= now };
}
