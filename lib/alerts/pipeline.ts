/**
 * From what a visitor did to what the rep hears: decide which events matter (rules as data) and
 * whether the prospect is over its alert rate (a flood: lib/alerts/flood.ts holds those back),
 * then write an alert per recipient (once per visit and kind, silent in quiet hours) and the
 * e-mail and webhook deliveries (lib/alerts/deliver.ts). Nothing here touches the network, so
 * the beacon's response never waits on it.
 */
import { prospectForAlert, type AlertRow } from "../../db/queries/alerts";
import { hasOtherEvent } from "../../db/queries/visits";
import { newId } from "../ids";
import { displayPhone } from "../phone";
import { deliverActivity, eventProspect, nameOf } from "./deliver";
import type { ActivityEvent, ActivityType } from "./events";
import { holdForFlood, visitIsHeld } from "./flood";
import { CTA_WORDS, ordinal } from "../visits/describe";

const DAY = 86_400_000;

/** What a beacon did, as the visit pipeline (lib/visits/record.ts) saw it. */
export type BeaconFacts = {
  prospectId: string;
  visitId: string;
  isNew: boolean;
  previousVisitAt: number | null;
  /** The event the beacon added, if any (milestones are added once per visit). */
  event: { id: string; type: string; data: Record<string, unknown> | null } | null;
  at: number;
};

type Prospect = NonNullable<Awaited<ReturnType<typeof prospectForAlert>>>;

/**
 * The follow-ups worth interrupting a rep for, once per visit each. Everything else a visitor
 * does is recorded and shown in the console, but does not alert.
 */
type Data = Record<string, unknown>;
const FOLLOW_UPS: { event: string; type: ActivityType; matches: (d: Data) => boolean; key: (d: Data) => string; words: (d: Data) => string; seenBefore: (visitId: string, eventId: string, d: Data) => Promise<boolean> }[] = [
  // The demo watched past half: the strongest sign of interest short of a click.
  {
    event: "video_progress",
    type: "visit.engaged",
    matches: (d) => Number(d.percent) >= 50,
    key: () => "engaged",
    words: (d) => `watched ${d.percent}% of the demo`,
    seenBefore: async (visitId, eventId) => hasOtherEvent(visitId, "video_progress", eventId, "percent", 50, "atLeast"),
  },
  // A call to action: they are reaching out, or about to. Once per button per visit.
  {
    event: "cta_click",
    type: "cta.clicked",
    matches: () => true,
    key: (d) => `cta:${String(d.cta ?? "other")}`,
    words: (d) => CTA_WORDS[String(d.cta)] ?? "tapped a button",
    seenBefore: async (visitId, eventId, d) => hasOtherEvent(visitId, "cta_click", eventId, "cta", String(d.cta ?? ""), "equal"),
  },
];

type FollowUp = (typeof FOLLOW_UPS)[number];

/** "Rob Mason (Acme) is on their page now — watched 60% of the demo. Call +1 555 010 2030" */
export function alertMessage(p: Pick<Prospect, "firstName" | "lastName" | "company" | "phone">, what: string | null): string {
  const call = p.phone ? `. Call ${displayPhone(p.phone)}` : "";
  return `${nameOf(p)} is on their page now${what ? ` — ${what}` : ""}${call}`;
}

/** How long ago, in words, for "back after 3 days". */
function agoWords(ms: number): string {
  const days = Math.round(ms / DAY);
  return days <= 1 ? "a day" : `${days} days`;
}

/**
 * The follow-ups this beacon's event is, that its visit has not had yet: one indexed probe each.
 * Most beacons (heartbeats, repeated clicks) end here with none.
 */
async function newFollowUps(f: BeaconFacts): Promise<FollowUp[]> {
  const e = f.event;
  if (!e) return [];
  const data = e.data ?? {};
  const out: FollowUp[] = [];
  for (const rule of FOLLOW_UPS) if (rule.event === e.type && rule.matches(data) && !(await rule.seenBefore(f.visitId, e.id, data))) out.push(rule);
  return out;
}

/** The events a beacon amounts to: a visit started, and the follow-ups that matter. */
function eventsFromBeacon(f: BeaconFacts, p: Prospect, followUps: FollowUp[]): ActivityEvent[] {
  const out: ActivityEvent[] = [];
  const base = { at: f.at, ownerId: p.ownerId, visitId: f.visitId, prospect: eventProspect(p) };
  if (f.isNew) {
    const returnAfterMs = f.previousVisitAt !== null ? f.at - f.previousVisitAt : null;
    const what = returnAfterMs !== null && returnAfterMs >= DAY ? `back after ${agoWords(returnAfterMs)}` : p.humanVisits >= 2 ? `${ordinal(p.humanVisits)} visit` : null;
    out.push({ ...base, id: newId("evt"), type: "visit.started", data: { visitNumber: Math.max(1, p.humanVisits), returnAfterMs }, message: alertMessage(p, what) });
  }
  const e = f.event;
  const data = e?.data ?? {};
  for (const rule of followUps) out.push({ ...base, id: e!.id, type: rule.type, data: { ...data, key: rule.key(data) }, message: alertMessage(p, rule.words(data)) });
  return out;
}

/**
 * The whole path for one beacon: decide, then deliver. Returns the alerts written. A visit beyond
 * the prospect's alert rate is held with its follow-ups: no alert, e-mail or webhook now, one
 * summary later (lib/alerts/flood.ts). A visit that did alert keeps its follow-ups.
 */
export async function alertOnBeacon(f: BeaconFacts, now = f.at): Promise<AlertRow[]> {
  const followUps = await newFollowUps(f);
  if (!f.isNew && followUps.length === 0) return [];
  if (await visitIsHeld(f.visitId)) {
    await holdForFlood({ prospectId: f.prospectId, at: f.at, visits: f.isNew ? 1 : 0, followUps: followUps.length });
    return [];
  }
  const p = await prospectForAlert(f.prospectId);
  if (!p) return [];
  return deliverActivity(eventsFromBeacon(f, p, followUps), p.mutedAt !== null, now);
}

/** A link previewer fetched the page (Slack, iMessage, …): an event for webhooks, never an alert. */
export async function noteLinkPreview(prospectId: string, visitId: string, source: string, at = Date.now()): Promise<void> {
  const p = await prospectForAlert(prospectId);
  if (!p) return;
  const event: ActivityEvent = {
    id: newId("evt"),
    type: "link.previewed",
    at,
    ownerId: p.ownerId,
    visitId,
    prospect: eventProspect(p),
    data: { source },
    message: `${nameOf(p)}'s link was previewed in ${source} (not a visit)`,
  };
  await deliverActivity([event], true, at);
}
