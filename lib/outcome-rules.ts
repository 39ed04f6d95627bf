/**
 * One click after a call: what each outcome means for the next follow-up and the queue. Rules as
 * data, free of imports, so the console's buttons (a client component) and lib/outcomes.ts share them.
 */
export const OUTCOMES = {
  // They picked up: talk again in a week unless something happens sooner.
  reached: { label: "Reached", followUpDays: 7, businessDays: false, closes: false },
  // The usual cadence for a voicemail: try again two working days later. Logged in the message log.
  voicemail: { label: "Left voicemail", followUpDays: 2, businessDays: true, closes: false },
  // Done here: the meeting is the next step, not a call-back.
  meeting: { label: "Meeting booked", followUpDays: null, businessDays: false, closes: true },
  not_interested: { label: "Not interested", followUpDays: null, businessDays: false, closes: true },
  // No point calling this number again; a visit would still bring them back.
  wrong_number: { label: "Wrong number", followUpDays: null, businessDays: false, closes: true },
  // A note changes nothing but the timeline.
  note: { label: "Note", followUpDays: undefined, businessDays: false, closes: false },
} as const satisfies Record<string, { label: string; followUpDays: number | null | undefined; businessDays: boolean; closes: boolean }>;

export type OutcomeKind = keyof typeof OUTCOMES;

/** The one-click outcomes, in button order (a note has its own form). */
export const CALL_OUTCOMES = (Object.keys(OUTCOMES) as OutcomeKind[]).filter((k) => k !== "note");
