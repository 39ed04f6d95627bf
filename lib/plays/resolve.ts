/**
 * The page a prospect sees: their play's current version, with merge fields filled in for them,
 * overridden field by field by what the rep set for this one person. The rules:
 * - message: the prospect's own message when set, else the play's (merged);
 * - blocks: the prospect's own blocks when they have any, else the play's (titles and offer text merged);
 * - calls to action: the prospect's own when set, else the play's, else all three;
 * - promise: the prospect's follow-up date when set ("I'll call you on Thursday."), else the play's
 *   "in N working days", counted from when the page was made; a promise already past is not shown.
 * A prospect's own texts are shown as written (merge fields are a play's feature).
 */
import type { PlayContent } from "../../db/queries/plays";
import { storedBlocks, type Block } from "../blocks";
import { renderTemplate, type MergeContext } from "./merge";
import { ALL_CTAS, storedCtas, type Ctas } from "./plays";

export type ResolvedPage = {
  message: string | null;
  blocks: Block[];
  ctas: Ctas;
  /** "I'll call you on Thursday." or null. */
  promise: string | null;
  /** The play and version shown (null: the page follows no play). */
  play: { id: string; version: number } | null;
};

export type ProspectForPage = {
  firstName: string;
  lastName: string;
  company: string | null;
  message: string | null;
  blocks: unknown;
  ctas?: unknown;
  followUpAt: number | null;
  createdAt: number;
};

export type PlayForPage = PlayContent & { id: string; version: number };

const weekday = new Intl.DateTimeFormat("en", { weekday: "long", timeZone: "UTC" });
const shortDate = new Intl.DateTimeFormat("en", { day: "numeric", month: "long", timeZone: "UTC" });

/** "I'll call you on Thursday" for the coming week; a date beyond it; nothing once it is past. */
export function promiseSentence(followUpAt: number | null, now: number): string | null {
  if (!followUpAt || followUpAt < now) return null;
  const days = (followUpAt - now) / 86_400_000;
  if (days < 1 && new Date(followUpAt).getUTCDate() === new Date(now).getUTCDate()) return "I'll call you later today.";
  return days < 7 ? `I'll call you on ${weekday.format(followUpAt)}.` : `I'll call you on ${shortDate.format(followUpAt)}.`;
}

/** The end (UTC) of the day `n` working days (Monday to Friday) after `from`. */
export function workingDaysAfter(from: number, n: number): number {
  const d = new Date(from);
  d.setUTCHours(0, 0, 0, 0);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return d.getTime() + 86_400_000 - 1;
}

function mergeBlock(block: Block, ctx: MergeContext): Block {
  const title = block.title === undefined ? undefined : renderTemplate(block.title, ctx);
  if (block.type === "offer") return { ...block, title: title ?? "", text: block.text === undefined ? undefined : renderTemplate(block.text, ctx) };
  return { ...block, title };
}

export function resolvePage(prospect: ProspectForPage, play: PlayForPage | undefined, ctx: MergeContext, now = Date.now()): ResolvedPage {
  const ownBlocks = storedBlocks(prospect.blocks);
  const message = prospect.message || (play?.message ? renderTemplate(play.message, ctx) : null);
  const blocks = ownBlocks.length > 0 || !play ? ownBlocks : storedBlocks(play.blocks).map((b) => mergeBlock(b, ctx));
  const ctas = prospect.ctas ? storedCtas(prospect.ctas) : play ? storedCtas(play.ctas) : ALL_CTAS;
  const promiseAt = prospect.followUpAt ?? (play?.promiseDays ? workingDaysAfter(prospect.createdAt, play.promiseDays) : null);
  return {
    message: message || null,
    blocks,
    ctas,
    promise: promiseSentence(promiseAt, now),
    play: play ? { id: play.id, version: play.version } : null,
  };
}
