/**
 * One click after a call: what each outcome means for the next follow-up and the queue. Rules as
 * data, free of imports, so the console's buttons (a client component) and lib/outcomes.ts share them.
 */
export const OUTCOMES = {
  // They picked up: talk again in a week unless something happens sooner.
  reached: { label: "Reached", followUpDays: 7, businessDays: false, closes: false, funnel: "reached" },
  // The usual cadence for a voicemail: try again two working days later. Logged in the message log.
  voicemail: { label: "Left voicemail", followUpDays: 2, businessDays: true, closes: false, funnel: "voicemail_left" },
  // Nobody and no mailbox (or a full one): try again the next working day.
  no_answer: { label: "No answer", followUpDays: 1, businessDays: true, closes: false, funnel: null },
  // They rang the rep back ("Who's calling?"): a conversation happened, so like "reached" it takes
  // them out of the call-now tiers and sets a follow-up a week on; it is the funnel's "call returned".
  called_back: { label: "They called back", followUpDays: 7, businessDays: false, closes: false, funnel: "call_returned" },
  // Done here: the meeting is the next step, not a call-back.
  meeting: { label: "Meeting booked", followUpDays: null, businessDays: false, closes: true, funnel: "meeting" },
  not_interested: { label: "Not interested", followUpDays: null, businessDays: false, closes: true, funnel: null },
  // No point calling this number again; a visit would still bring them back.
  wrong_number: { label: "Wrong number", followUpDays: null, businessDays: false, closes: true, funnel: null },
  // A note changes nothing but the timeline.
  note: { label: "Note", followUpDays: undefined, businessDays: false, closes: false, funnel: null },
} as const satisfies Record<
  string,
  {
    label: string;
    followUpDays: number | null | undefined;
    businessDays: boolean;
    closes: boolean;
    /** The step of the funnel (voicemail left → page visited → call returned → meeting) it counts for, or null. */
    funnel: "voicemail_left" | "reached" | "call_returned" | "meeting" | null;
  }
>;

export type OutcomeKind = keyof typeof OUTCOMES;

/** The one-click outcomes after the rep's own call, in button order (a note has its own form; a returned call is logged from "Who's calling?"). */
export const CALL_OUTCOMES = (Object.keys(OUTCOMES) as OutcomeKind[]).filter((k) => k !== "note" && k !== "called_back");
