/**
 * Hints from the craft of voicemail, as rules kept as data: each has a code, a test on the
 * rendered script and a message that explains itself. Hints advise; none blocks saving.
 */
import type { StyleKey } from "./styles";
import { timingVerdict, type TimingWindow } from "./timing";

export type HintInput = {
  /** The rendered words. */
  text: string;
  seconds: number;
  window: TimingWindow;
  /** The rep's number as written into the text ({{repPhoneSpoken}} or {{repPhone}}): the forms to look for. */
  phoneForms: string[];
  style?: StyleKey | string;
};

export type Hint = { code: string; message: string };
type HintRule = Hint & { test: (h: HintInput) => boolean };

/** Phrases that talk about what we sell instead of what they need. */
export const PRODUCT_PHRASES: readonly RegExp[] = [
  /\bour (product|platform|solution|software|tool)s?\b/i, // the product as the subject
  /\bwe offer\b/i, // a catalogue, not a reason
  /\bfeatures?\b/i, // features are ours; outcomes are theirs
  /\bpricing\b|\bdiscount\b/i, // price before value
  /\bdemo of our\b/i, // asks for their time to watch us
];

/** Asking for a call back puts the burden on them and sounds needy. */
export const CALL_BACK_PHRASES: readonly RegExp[] = [
  /\b(please )?call me back\b/i, // the classic
  /\b(give me|give us) a call\b/i, // the same ask
  /\breturn (my|this) call\b/i, // the same ask, formally
];

/** What gives them a reason to call: an idea, a question, a connection, something for them. */
export const REASON_PHRASES: readonly RegExp[] = [
  /\?/, // a question
  /\b(idea|ideas|because|so that|noticed|found|came across|thought|question)\b/i, // something worth hearing
  /\b(met|introduce|referral|looking for)\b/i, // a connection or a lead
  /\b(help|save|cut|keep|grow|more|less|fewer|faster)\b/i, // an outcome for them
];

/** Where each form of the number starts in the text. */
function numberPositions(h: HintInput): number[] {
  const text = h.text.toLowerCase();
  const at: number[] = [];
  for (const form of h.phoneForms.map((f) => f.trim().toLowerCase()).filter(Boolean))
    for (let i = text.indexOf(form); i !== -1; i = text.indexOf(form, i + form.length)) at.push(i);
  return at.sort((a, b) => a - b);
}

/** Styles short by design (the name and number only) skip the rules about length and reason. */
const BRIEF_STYLES = new Set<string>(["name_number"]);

export const HINT_RULES: readonly HintRule[] = [
  {
    code: "too_long",
    message: "Too long: most people stop listening after about 30 seconds. Cut to one idea and the number.",
    test: (h) => timingVerdict(h.seconds, h.window) === "long",
  },
  {
    code: "too_short",
    message: "Short of the window: there may be no room for a reason to call. Add one sentence about them.",
    test: (h) => !BRIEF_STYLES.has(h.style ?? "") && h.text.trim() !== "" && timingVerdict(h.seconds, h.window) === "short",
  },
  {
    code: "pitches_product",
    message: "Pitches the product: talk about their problem (profit, keeping customers, productivity, people), not what we sell.",
    test: (h) => PRODUCT_PHRASES.some((p) => p.test(h.text)),
  },
  {
    code: "asks_call_back",
    message: "Asks them to call back: say \"If this is of interest, I can be reached at …\" instead — an offer, not a favour.",
    test: (h) => CALL_BACK_PHRASES.some((p) => p.test(h.text)),
  },
  {
    code: "number_missing",
    message: "Your number is not said: say it near the start and again at the end, slowly, in groups ({{repPhoneSpoken}}).",
    test: (h) => numberPositions(h).length === 0,
  },
  {
    code: "number_once",
    message: "Your number is said only once: say it near the start and again at the end, so they can write it down.",
    test: (h) => numberPositions(h).length === 1,
  },
  {
    code: "number_only_at_end",
    message: "Your number comes only at the end: say it near the start too, for whoever listens only to the first seconds.",
    test: (h) => {
      const at = numberPositions(h);
      return at.length > 0 && at[0] > h.text.length * 0.6;
    },
  },
  {
    code: "no_reason",
    message: "No reason for them to call: add one — an idea, a question, a connection, something in it for them.",
    test: (h) => !BRIEF_STYLES.has(h.style ?? "") && h.text.trim() !== "" && !REASON_PHRASES.some((p) => p.test(h.text)),
  },
];

/** The hints that apply to a rendered script, in the order of HINT_RULES. */
export function scriptHints(h: HintInput): Hint[] {
  return HINT_RULES.filter((r) => r.test(h)).map(({ code, message }) => ({ code, message }));
}
