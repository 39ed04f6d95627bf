/**
 * The funnel, measured: for every voicemail left, was the page visited, was the call returned, did
 * a meeting follow, and how long until the first visit. One definition (funnelFacts, below) that
 * every report uses; db/queries/funnel.ts computes the very same facts in SQL for many voicemails
 * at once, and tests/unit/funnel-sql.property.test.ts keeps the two equal on generated histories.
 *
 * The rules, in one place (L = the voicemail's leftAt, N = visitWithinDays, M = meetingWithinDays):
 *
 * - Last touch. Whatever a prospect does counts for the latest voicemail left to them at or before
 *   it, never for two. So a voicemail's windows end at the next voicemail to the same prospect
 *   (whoever left it), or after N or M days, whichever comes first. Voicemails are ordered by
 *   (leftAt, id): of two left at the same millisecond, the one with the greater id is the later, and
 *   the other's windows are empty. Only the message log (voicemails) defines touches; a "voicemail"
 *   outcome is not one.
 * - Windows are half-open: [L, min(L + N days, next)) is the reply window, [L, min(L + M days,
 *   next)) the meeting window. Something at exactly L counts; at exactly the next voicemail's leftAt
 *   it belongs to that one.
 * - Visited: a human visit (kind "human"; previews, bots, the rep's own look and misses never count)
 *   started in the reply window. visitedAt is the first such start, msToVisit = visitedAt − L.
 * - Call returned, also in the reply window (a returned call and a visit are both the prospect's
 *   reply to the message, so they share N): a "called_back" outcome in it, or a "cta_click" with
 *   cta "call" made in it, on a human visit that started in it, followed at or after the tap (and
 *   still in it) by a "reached" outcome. Outcomes count whoever logged them.
 * - Meeting: a "meeting" outcome in the meeting window.
 *
 * Only these outcome kinds are read (called_back, reached, meeting); any other kind, including ones
 * added later, changes nothing.
 */
import { config } from "../config";
import { funnelGroupRows, funnelTotalsRows, funnelFactRows, middle, settleFunnelFacts, unsettleProspect, type FunnelFilter, type FunnelGroupBy } from "../../db/queries/funnel";

export const DAY_MS = 86_400_000;

export type FunnelOptions = {
  /** N: a visit or a returned call counts within this many days of the voicemail. */
  visitWithinDays: number;
  /** M: a meeting counts within this many days of the voicemail. */
  meetingWithinDays: number;
};

export const DEFAULT_FUNNEL_OPTIONS: FunnelOptions = { visitWithinDays: 7, meetingWithinDays: 21 };

/** The workspace's windows: FUNNEL_VISIT_DAYS and FUNNEL_MEETING_DAYS (7 and 21 unless set). */
export function funnelOptions(overrides: Partial<FunnelOptions> = {}): FunnelOptions {
  const c = config();
  return { visitWithinDays: c.FUNNEL_VISIT_DAYS, meetingWithinDays: c.FUNNEL_MEETING_DAYS, ...overrides };
}

/** The windows in milliseconds, as db/queries/funnel.ts takes them. */
export function funnelWindows(opts: FunnelOptions): { visitMs: number; meetingMs: number } {
  return { visitMs: opts.visitWithinDays * DAY_MS, meetingMs: opts.meetingWithinDays * DAY_MS };
}

export type FunnelVoicemail = { id: string; leftAt: number };

/** What a prospect did, as plain rows; anything outside a voicemail's windows is ignored. */
export type FunnelHistory = {
  /** The prospect's voicemails (this one and others may be among them: only the next one after it matters). */
  voicemails: FunnelVoicemail[];
  visits: { kind: string; startedAt: number }[];
  /** Taps on the page's calls to action, with the visit they were made on. */
  ctaTaps: { cta: string; at: number; visitKind: string; visitStartedAt: number }[];
  outcomes: { kind: string; at: number }[];
};

export type FunnelFacts = {
  visited: boolean;
  visitedAt: number | null;
  msToVisit: number | null;
  callReturned: boolean;
  meeting: boolean;
};

/** The leftAt of the voicemail after this one to the same prospect, by (leftAt, id); Infinity when none. */
export function nextVoicemailAt(voicemail: FunnelVoicemail, voicemails: FunnelVoicemail[]): number {
  let next = Infinity;
  for (const w of voicemails) {
    const later = w.leftAt > voicemail.leftAt || (w.leftAt === voicemail.leftAt && w.id > voicemail.id);
    if (later && w.leftAt < next) next = w.leftAt;
  }
  return next;
}

/** The funnel's facts for one voicemail: the definition (see the rules at the top of this file). */
export function funnelFacts(voicemail: FunnelVoicemail, history: FunnelHistory, opts: FunnelOptions = DEFAULT_FUNNEL_OPTIONS): FunnelFacts {
  const left = voicemail.leftAt;
  const next = nextVoicemailAt(voicemail, history.voicemails);
  const { visitMs, meetingMs } = funnelWindows(opts);
  const replyEnd = Math.min(left + visitMs, next);
  const meetingEnd = Math.min(left + meetingMs, next);
  const inReply = (t: number) => t >= left && t < replyEnd;

  let visitedAt: number | null = null;
  for (const v of history.visits) if (v.kind === "human" && inReply(v.startedAt) && (visitedAt === null || v.startedAt < visitedAt)) visitedAt = v.startedAt;

  const calledBack = history.outcomes.some((o) => o.kind === "called_back" && inReply(o.at));
  const tappedThenReached = history.ctaTaps.some(
    (t) => t.cta === "call" && t.visitKind === "human" && inReply(t.visitStartedAt) && inReply(t.at) && history.outcomes.some((o) => o.kind === "reached" && o.at >= t.at && o.at < replyEnd),
  );
  const meeting = history.outcomes.some((o) => o.kind === "meeting" && o.at >= left && o.at < meetingEnd);

  return { visited: visitedAt !== null, visitedAt, msToVisit: visitedAt === null ? null : visitedAt - left, callReturned: calledBack || tappedThenReached, meeting };
}

/**
 * The median of durations in ms: the middle one, or the mean of the two middle ones (exact for
 * integers, so it may end in .5); null for none.
 */
export function medianMs(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

export type FunnelTotals = {
  /** The script, play or rep id (null: voicemails without a script or play). */
  key: string | null;
  messages: number;
  visits: number;
  callbacks: number;
  meetings: number;
  msToVisitMedian: number | null;
};

export type { FunnelFilter, FunnelGroupBy };

/**
 * Settling: once both windows of a message have closed (plus SETTLE_SLACK_MS for a late beacon),
 * nothing can change its facts, so they are kept on its row and reports read them instead of
 * recomputing old history (a year of 100,000 messages: tens of ms instead of half a second). A
 * message logged later with an earlier time unsettles its prospect's (lib/voicemails.ts). The server
 * settles every minute (lib/server.ts) and each report settles a small batch first, so results are
 * the same either way: unsettled messages are computed live by the same definition.
 */
export const SETTLE_SLACK_MS = 3_600_000;
const SETTLE_BATCH_PER_REPORT = 2_000;

export async function settleFunnel(now = Date.now(), limit = 20_000, opts: FunnelOptions = funnelOptions()): Promise<number> {
  const w = funnelWindows(opts);
  return settleFunnelFacts(w, now - Math.max(w.visitMs, w.meetingMs) - SETTLE_SLACK_MS, limit);
}

/** Settles batches until none is left (the minute job, and benchmarks before they measure). */
export async function settleAll(now = Date.now(), opts: FunnelOptions = funnelOptions()): Promise<number> {
  let total = 0;
  for (let n = await settleFunnel(now, 20_000, opts); n > 0; n = await settleFunnel(now, 20_000, opts)) total += n;
  return total;
}

export { unsettleProspect };

/** Funnel totals per script, play or rep, for the voicemails the filter picks: the reports' one entry point. */
export async function funnelTotals(groupBy: FunnelGroupBy, filter: FunnelFilter = {}, opts: FunnelOptions = funnelOptions()): Promise<FunnelTotals[]> {
  await settleFunnel(Date.now(), SETTLE_BATCH_PER_REPORT, opts);
  return funnelTotalsRows(groupBy, filter, funnelWindows(opts));
}

export type FunnelGroup = Omit<FunnelTotals, "msToVisitMedian"> & { ms: number[] };

/** Totals per group with each group's times to the first visit, for reports that add groups up (medians stay exact). */
export async function funnelGroups(groupBy: FunnelGroupBy, filter: FunnelFilter = {}, opts: FunnelOptions = funnelOptions()): Promise<FunnelGroup[]> {
  await settleFunnel(Date.now(), SETTLE_BATCH_PER_REPORT, opts);
  return funnelGroupRows(groupBy, filter, funnelWindows(opts));
}

/** Adds groups up (by a key taken from each), keeping the times so the median is of all of them. */
export function addGroups(groups: FunnelGroup[], keyOf: (g: FunnelGroup) => string | null): FunnelTotals[] {
  const out = new Map<string | null, FunnelGroup>();
  for (const g of groups) {
    const k = keyOf(g);
    const t = out.get(k) ?? { key: k, messages: 0, visits: 0, callbacks: 0, meetings: 0, ms: [] };
    t.messages += g.messages;
    t.visits += g.visits;
    t.callbacks += g.callbacks;
    t.meetings += g.meetings;
    for (const x of g.ms) t.ms.push(x);
    out.set(k, t);
  }
  return [...out.values()].map(({ ms, ...t }) => ({ ...t, msToVisitMedian: middle(ms) }));
}

/** The facts of each voicemail the filter picks (for drill-downs and exports), oldest first. */
export async function funnelFactsOf(filter: FunnelFilter = {}, opts: FunnelOptions = funnelOptions()): Promise<(FunnelFacts & { voicemailId: string; leftAt: number })[]> {
  await settleFunnel(Date.now(), SETTLE_BATCH_PER_REPORT, opts);
  return (await funnelFactRows(filter, funnelWindows(opts))).map((r) => ({
    voicemailId: r.voicemailId,
    leftAt: r.leftAt,
    visited: r.visitedAt !== null,
    visitedAt: r.visitedAt,
    msToVisit: r.visitedAt === null ? null : r.visitedAt - r.leftAt,
    callReturned: r.callReturned,
    meeting: r.meeting,
  }));
}
