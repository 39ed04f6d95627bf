/**
 * The call-back queue: who to call now, why, and what they just did. Ranking is by tier (on the
 * page now, visited in the last hour, engaged today, follow-up due, later follow-ups), then
 * within a tier by recency or score. The score is a sum of visible reasons — no mystery number.
 * A burst of visits (more than the alert rate allows, lib/alerts/flood.ts) counts as one visit,
 * says so, and ranks below everyone else of its tier: a script must not outrank a person.
 */
import { eventsOfVisits, lastVoicemails, queueCandidates, type QueueCandidate } from "../db/queries/queue";
import type { UserRow } from "../db/queries/users";
import { startOfLocalDay } from "./alerts/quiet";
import { dueTouches, type DueTouch } from "./campaigns/due";
import { BURST_WORDS, CTA_WORDS, ordinal } from "./visits/describe";

export const ON_PAGE_MS = 2 * 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** A rep works the top of the queue; 50 rows keep the page (and a phone) quick. */
export const QUEUE_LIMIT = 50;

export const TIERS = [
  { id: "now", label: "On the page now" },
  { id: "hour", label: "Visited in the last hour" },
  { id: "engaged", label: "Engaged today" },
  // A follow-up the rep set, or a campaign touch due today (the row says which touch).
  { id: "due", label: "Follow-up due" },
  { id: "later", label: "Coming up" },
] as const;

export type Reason = { label: string; points: number };
export type QueueRow = {
  prospectId: string;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  slug: string;
  ownerName: string;
  ownedByMe: boolean;
  muted: boolean;
  tier: (typeof TIERS)[number]["id"];
  /** "watched 80% of the demo, tapped Call · 2nd visit" */
  didWhat: string | null;
  lastSeenAt: number | null;
  followUpAt: number | null;
  lastVoicemailAt: number | null;
  lastOutcome: string | null;
  lastOutcomeAt: number | null;
  score: number;
  reasons: Reason[];
  /** The campaign touch due today: "Touch 2 of 4 — voicemail: “Dangle the carrot”". */
  touch: Pick<DueTouch, "label" | "kind" | "campaignId" | "campaignName" | "dueAt"> | null;
};

type Ev = { type: string; data: unknown };

/** What the last visit amounted to, in words and in points. */
function readVisit(events: Ev[]) {
  let percent = 0;
  let played = false;
  const ctas = new Set<string>();
  let presentation = false;
  let offer = false;
  for (const e of events) {
    const d = (e.data ?? {}) as Record<string, unknown>;
    if (e.type === "video_progress") percent = Math.max(percent, Number(d.percent) || 0);
    else if (e.type === "video_play") played = true;
    else if (e.type === "cta_click") ctas.add(String(d.cta));
    else if (e.type === "presentation_open") presentation = true;
    else if (e.type === "offer_code_copied") offer = true;
  }
  return { percent, played, ctas, presentation, offer };
}

/** The reasons behind a row's score; each says what it is worth. */
export function scoreOf(
  c: Pick<QueueCandidate, "tier" | "lastSeenAt" | "humanVisits"> & Partial<Pick<QueueCandidate, "burstVisits" | "lastBurstAt" | "lastVisitAt">> & { followUpAt: number | null },
  events: Ev[],
  now: number,
): { score: number; reasons: Reason[]; didWhat: string | null; inBurst: boolean } {
  const reasons: Reason[] = [];
  const v = readVisit(events);
  // A burst's visits count as one; the last visit was part of one when it was held back.
  const visits = Math.max(Math.min(c.humanVisits, 1), c.humanVisits - (c.burstVisits ?? 0));
  const inBurst = c.lastBurstAt != null && c.lastVisitAt != null && c.lastBurstAt >= c.lastVisitAt;
  if (c.tier === 0) reasons.push({ label: "On the page now", points: 40 });
  else if (c.tier === 1) reasons.push({ label: "Visited in the last hour", points: 25 });
  else if (c.lastSeenAt && now - c.lastSeenAt < DAY) reasons.push({ label: "Visited today", points: 10 });
  if (v.percent >= 75) reasons.push({ label: `Watched ${v.percent}% of the demo`, points: 20 });
  else if (v.percent >= 50) reasons.push({ label: `Watched ${v.percent}% of the demo`, points: 15 });
  else if (v.played) reasons.push({ label: "Started the demo", points: 5 });
  for (const cta of v.ctas) reasons.push({ label: CTA_WORDS[cta] ? `${CTA_WORDS[cta][0].toUpperCase()}${CTA_WORDS[cta].slice(1)}` : "Tapped a button", points: 25 });
  if (v.presentation) reasons.push({ label: "Opened the presentation", points: 10 });
  if (v.offer) reasons.push({ label: "Copied the offer code", points: 10 });
  if (inBurst) reasons.push({ label: BURST_WORDS[0].toUpperCase() + BURST_WORDS.slice(1), points: 0 });
  if (visits >= 3) reasons.push({ label: `${visits} visits`, points: 15 });
  else if (visits === 2) reasons.push({ label: "2nd visit", points: 10 });
  if (c.followUpAt !== null && c.followUpAt <= now) reasons.push({ label: now - c.followUpAt > DAY ? "Follow-up overdue" : "Follow-up due", points: now - c.followUpAt > DAY ? 15 : 10 });
  const score = Math.min(100, reasons.reduce((s, r) => s + r.points, 0));

  const did: string[] = [];
  if (v.percent > 0) did.push(`watched ${v.percent}% of the demo`);
  else if (v.played) did.push("started the demo");
  for (const cta of v.ctas) did.push(CTA_WORDS[cta] ?? "tapped a button");
  if (v.presentation) did.push("opened the presentation");
  if (v.offer) did.push("copied the offer code");
  if (inBurst) did.push(BURST_WORDS);
  else if (visits >= 2) did.push(`${ordinal(visits)} visit`);
  else if (visits === 1 && did.length === 0) did.push("looked at the page");
  return { score, reasons, didWhat: did.length ? did.join(", ") : null, inBurst };
}

/** Whose queue: a rep's own prospects; an admin who opted in to everyone's alerts sees everyone's. */
function scopeOf(user: UserRow): string | undefined {
  return user.role === "admin" && user.alertScope === "all" ? undefined : user.id;
}

export async function callbackQueue(user: UserRow, now = Date.now()): Promise<QueueRow[]> {
  const todayStart = startOfLocalDay(now, user.timeZone);
  const candidates = await queueCandidates({ ownerId: scopeOf(user), onPageAfter: now - ON_PAGE_MS, hourAgo: now - HOUR, todayStart, todayEnd: todayStart + DAY, limit: QUEUE_LIMIT });
  const events = await eventsOfVisits(candidates.map((c) => c.lastVisitId).filter((x): x is string => Boolean(x)));
  const byVisit = new Map<string, Ev[]>();
  for (const e of events) byVisit.set(e.visitId, [...(byVisit.get(e.visitId) ?? []), e]);
  const voicemails = await lastVoicemails(candidates.map((c) => c.prospect.id));
  const touches = await dueTouches(user, now, candidates.map((c) => c.prospect.id));
  const rows = candidates.map((c): QueueRow & { order: number; burst: number } => {
    const p = c.prospect;
    const s = scoreOf({ ...c, followUpAt: p.followUpAt }, c.lastVisitId ? (byVisit.get(c.lastVisitId) ?? []) : [], now);
    const touch = touches.get(p.id) ?? null;
    if (touch) {
      s.reasons.push({ label: touch.label, points: 10 });
      s.score = Math.min(100, s.score + 10);
    }
    return {
      prospectId: p.id,
      name: `${p.firstName} ${p.lastName}`.trim(),
      company: p.company,
      phone: p.phone,
      email: p.email,
      slug: p.slug,
      ownerName: c.ownerName,
      ownedByMe: p.ownerId === user.id,
      muted: p.mutedAt !== null,
      tier: TIERS[Math.min(c.tier, TIERS.length - 1)].id,
      didWhat: c.lastVisitAt ? s.didWhat : null,
      lastSeenAt: c.lastSeenAt,
      followUpAt: p.followUpAt,
      lastVoicemailAt: voicemails.get(p.id)?.leftAt ?? null,
      lastOutcome: c.lastOutcome,
      lastOutcomeAt: c.lastOutcomeAt,
      score: s.score,
      reasons: s.reasons,
      touch: touch && { label: touch.label, kind: touch.kind, campaignId: touch.campaignId, campaignName: touch.campaignName, dueAt: touch.dueAt },
      order: c.tier,
      burst: s.inBurst ? 1 : 0,
    };
  });
  // A burst last in its tier; engaged today: the strongest signals first. Other tiers keep the database's order (recency, due date).
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.order - b.r.order || a.r.burst - b.r.burst || (a.r.order === 2 ? b.r.score - a.r.score : 0) || a.i - b.i)
    .map(({ r }) => {
      const { order: _order, burst: _burst, ...row } = r;
      return row;
    });
}
