/** A visit in a rep's words: "Watched the video, copied the offer code · 2 min on the page · iPhone". */
import type { ApiVisit } from "./list";

/** What tapping each call to action is called, in a rep's words. */
export const CTA_WORDS: Record<string, string> = { call: "tapped Call", email: "tapped E-mail", book: "tapped Book a time" };

/** Many visits to one prospect in a short time (more than the alert rate allows): likely a script. */
export const BURST_WORDS = "many visits in a short time (possible automated traffic)";

/** 1st, 2nd, 3rd, 11th, 22nd … */
export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${s}`;
}

const EVENT_WORDS: Record<string, (data: Record<string, unknown> | null) => string | null> = {
  view: () => null,
  return: () => "came back",
  video_play: () => "pressed play",
  video_progress: (d) => `watched ${d?.percent}% of the video`,
  presentation_open: () => "opened the presentation",
  offer_code_copied: () => "copied the offer code",
  cta_click: (d) => CTA_WORDS[String(d?.cta)] ?? "tapped a button",
  miss: () => null,
};

export function describeVisit(v: ApiVisit): { title: string; detail: string } {
  if (v.kind === "preview") return { title: `Link previewed in ${v.source ?? "an app"}`, detail: "Someone shared or pasted the link; not a visit." };
  if (v.kind === "bot") return { title: `Fetched by ${v.source ?? "a bot"}`, detail: "Automated; not a visit." };
  if (v.kind === "miss") return { title: `Someone tried ${v.requestedPath ?? "a similar address"}`, detail: "It did not match this page closely enough to send them here." };
  const did: string[] = [];
  for (const e of v.events) {
    const words = EVENT_WORDS[e.type]?.(e.data as Record<string, unknown> | null);
    if (words && !did.includes(words)) did.push(words);
  }
  // Keep only the furthest video milestone.
  const furthest = did.filter((d) => d.startsWith("watched ")).pop();
  const actions = did.filter((d) => !d.startsWith("watched ") || d === furthest);
  const minutes = v.visibleSeconds >= 60 ? `${Math.round(v.visibleSeconds / 60)} min` : `${v.visibleSeconds} s`;
  const device = [v.device === "mobile" ? "phone" : v.device, v.os, v.browser].filter((x) => x && x !== "Other").join(" · ");
  return {
    title: v.kind === "rep" ? "You (or a colleague) previewed the page" : actions.length ? capitalise(actions.join(", ")) : "Looked at the page",
    detail: [`${minutes} on the page`, device].filter(Boolean).join(" · "),
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
