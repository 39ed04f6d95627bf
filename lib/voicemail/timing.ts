/**
 * An honest speaking time: words at a rep's pace (SPEAKING_RATE_WPM, 150 a minute by default),
 * against the window a voicemail should fit (20–30 s by default: long enough to give a reason,
 * short enough to be heard to the end).
 */

export type TimingWindow = { min: number; max: number };
export type TimingVerdict = "short" | "ok" | "long";

/** Words as said: anything with a letter or a digit ("acme", "two", "Rob's"); punctuation alone is not a word. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Seconds to say the text at `wpm` words a minute, to the nearest second. */
export function speakingSeconds(text: string, wpm: number): number {
  return Math.round((countWords(text) / wpm) * 60);
}

/** Whether the time fits the window. */
export function timingVerdict(seconds: number, window: TimingWindow): TimingVerdict {
  return seconds < window.min ? "short" : seconds > window.max ? "long" : "ok";
}

export type PaceVerdict = "rushed" | "ok" | "slow";

/**
 * How far from the rep's usual pace a take may be and still sound natural: faster than this sounds
 * rushed (the number gets lost), slower sounds like rambling.
 */
export const PACE_TOLERANCE = 0.15;

/** Words a minute actually spoken in a take of `seconds`. */
export function measuredPace(text: string, seconds: number): number {
  return seconds > 0 ? Math.round((countWords(text) / seconds) * 60) : 0;
}

/** A measured pace against the target, within PACE_TOLERANCE either way. */
export function paceVerdict(wpm: number, target: number): PaceVerdict {
  return wpm > target * (1 + PACE_TOLERANCE) ? "rushed" : wpm < target * (1 - PACE_TOLERANCE) ? "slow" : "ok";
}
