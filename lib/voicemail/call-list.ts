/**
 * Call mode's list: the people a rep walks through one at a time — the call-back queue, the pages
 * nobody has called about yet, or everyone open, narrowed by words, a number or a play — each as a
 * card with what a rep needs in the seconds before dialling: who, what they did on their page, the
 * last message left, and the script rendered for them.
 */
import { z } from "zod";
import { activityOf, callListProspects, prospectsByIds } from "../../db/queries/call-list";
import type { ProspectRow } from "../../db/queries/prospects";
import { eventsOfVisits } from "../../db/queries/queue";
import type { UserRow } from "../../db/queries/users";
import { lastVoicemailsWithText } from "../../db/queries/voicemails";
import { OUTCOMES, type OutcomeKind } from "../outcome-rules";
import { displayPhone, phoneQuery } from "../phone";
import { workspace } from "../profiles";
import { publicOrigin } from "../prospects";
import { callbackQueue, scoreOf, TIERS } from "../queue";
import { dueTouches, endOfToday, type DueTouch } from "../campaigns/due";
import { prospectsWithDueTouches } from "../../db/queries/campaigns";
import { emailTouchFor } from "../campaigns/email";
import { scriptFor, scriptForProspect, type Script } from "./scripts";
import type { RenderedScript } from "./render";

/** The lists call mode walks, as data: what each is and the order people come in. */
export const CALL_LISTS = [
  { id: "queue", label: "Call-back queue", hint: "Who to call now, best first (follow-ups not yet due are left out)." },
  { id: "fresh", label: "Not called yet", hint: "Pages nobody has called about, in the order they were made — a fresh call list." },
  { id: "all", label: "Everyone open", hint: "Every open prospect, oldest first (meetings booked, not interested and wrong numbers are left out)." },
  { id: "touches", label: "Campaign touches due", hint: "People whose campaign touch is due today (or overdue), the earliest first: make the touch the card names." },
] as const;
export type CallListId = (typeof CALL_LISTS)[number]["id"];

/** A walk is at most this many people; a rep dials 50–100 a day. */
export const CALL_LIST_LIMIT = 100;

export const callListQuerySchema = z.object({
  list: z.enum(CALL_LISTS.map((l) => l.id) as [CallListId, ...CallListId[]]).catch("queue"),
  /** A name, company or number (any form): only those people. */
  q: z.string().trim().max(100).optional().catch(undefined),
  /** Only pages on this play. */
  play: z
    .string()
    .trim()
    .regex(/^ply_[A-Za-z0-9_-]+$/)
    .optional()
    .catch(undefined),
});
export type CallListQuery = z.output<typeof callListQuerySchema>;

export type CallCard = {
  prospectId: string;
  name: string;
  firstName: string;
  company: string | null;
  phone: string | null;
  phoneDisplay: string | null;
  email: string | null;
  /** `acme.com/rob-mason` */
  pageAddress: string;
  ownerName: string | null;
  /** Where they stand: the queue's tier, "Not called yet", or the last outcome. */
  standing: string;
  didWhat: string | null;
  lastSeenAt: number | null;
  humanVisits: number;
  lastVoicemail: { text: string; leftAt: number; scriptName: string | null; seconds: number | null } | null;
  lastOutcome: { label: string; at: number } | null;
  followUpAt: number | null;
  script: { id: string; name: string; text: string; seconds: number; window: RenderedScript["window"]; hints: RenderedScript["hints"] };
  /** The campaign touch due today, if any: its label, and for a voicemail or call step the script suggested above. */
  touch: (Pick<DueTouch, "enrolmentId" | "campaignId" | "campaignName" | "label" | "kind" | "scriptId" | "dueAt"> & { email: CardEmail | null }) | null;
};

/** An e-mail touch as call mode offers it: the rendered message, a mailto: link, and whether "Send" can use SMTP. */
export type CardEmail = { to: string | null; subject: string; body: string; mailto: string | null; canSend: boolean };

/** The queue narrowed like the other lists: a number matches exactly; words start a name, the full name or the company. */
function wanted(p: ProspectRow, phone: string | null, words: string | undefined, playId: string | undefined): boolean {
  if (playId && p.playId !== playId) return false;
  if (phone) return p.phone === phone;
  if (!words) return true;
  const w = words.toLowerCase();
  return [p.firstName, p.lastName, `${p.firstName} ${p.lastName}`, p.company ?? ""].some((x) => x.toLowerCase().startsWith(w));
}

async function scriptNameOf(user: UserRow, id: string | null, cache: Map<string, Script | undefined>): Promise<string | null> {
  if (!id) return null;
  if (!cache.has(id)) cache.set(id, await scriptFor(user, id));
  return cache.get(id)?.name ?? null;
}

/**
 * The cards of one walk, in order. `origin` is the request's (the page address as spoken). The
 * queue follows the console (a rep's own people; an admin's as their alert scope says); the other
 * lists are the rep's own people — an admin calls their own list too.
 */
export async function callList(user: UserRow, query: CallListQuery, origin: string, now = Date.now()): Promise<{ cards: CallCard[]; full: boolean }> {
  const phone = query.q ? phoneQuery(query.q, (await workspace()).defaultPhoneRegion || "US") : null;
  const words = query.q && !phone ? query.q : undefined;
  let people: { p: ProspectRow; standing: string; ownerName: string | null }[];
  if (query.list === "queue") {
    const rows = (await callbackQueue(user, now)).filter((r) => r.tier !== "later");
    const byId = await prospectsByIds(rows.map((r) => r.prospectId));
    people = rows.flatMap((r) => {
      const p = byId.get(r.prospectId);
      return p && wanted(p, phone, words, query.play) ? [{ p, standing: TIERS.find((t) => t.id === r.tier)!.label, ownerName: r.ownedByMe ? null : r.ownerName }] : [];
    });
  } else if (query.list === "touches") {
    people = (await prospectsWithDueTouches(user.id, endOfToday(user, now), CALL_LIST_LIMIT))
      .filter((p) => wanted(p, phone, words, query.play))
      .map((p) => ({ p, standing: "Campaign touches due", ownerName: null }));
  } else {
    people = (await callListProspects({ ownerId: user.id, uncalledOnly: query.list === "fresh", playId: query.play, words, phone: phone ?? undefined, limit: CALL_LIST_LIMIT })).map((p) => ({
      p,
      standing: query.list === "fresh" ? "Not called yet" : "",
      ownerName: null,
    }));
  }
  people = people.slice(0, CALL_LIST_LIMIT);

  const ids = people.map((x) => x.p.id);
  const activity = await activityOf(ids);
  const events = await eventsOfVisits([...activity.values()].map((a) => a.lastVisitId).filter((x): x is string => Boolean(x)));
  const byVisit = new Map<string, { type: string; data: unknown }[]>();
  for (const e of events) byVisit.set(e.visitId, [...(byVisit.get(e.visitId) ?? []), e]);
  const lastVm = await lastVoicemailsWithText(ids);
  const names = new Map<string, Script | undefined>();
  const host = (await publicOrigin(origin)).replace(/^https?:\/\//, "");
  const touches = await dueTouches(user, now, ids);

  const cards = await Promise.all(people.map(async ({ p, standing, ownerName }): Promise<CallCard> => {
    const a = activity.get(p.id);
    const s = scoreOf(
      { tier: 9, lastSeenAt: a?.lastSeenAt ?? null, humanVisits: a?.humanVisits ?? 0, burstVisits: a?.burstVisits ?? 0, lastBurstAt: a?.lastBurstAt ?? null, lastVisitAt: a?.lastVisitAt ?? null, followUpAt: p.followUpAt },
      a?.lastVisitId ? (byVisit.get(a.lastVisitId) ?? []) : [],
      now,
    );
    const vm = lastVm.get(p.id);
    const last = a?.lastOutcome && a.lastOutcomeAt ? { label: OUTCOMES[a.lastOutcome as OutcomeKind]?.label ?? a.lastOutcome, at: a.lastOutcomeAt } : null;
    const touch = touches.get(p.id);
    // A due voicemail or call touch brings its own script; otherwise the rep's usual suggestion.
    const suggested = await scriptForProspect(user, p.id, touch?.scriptId ?? undefined, origin);
    const sc = typeof suggested === "object" ? suggested : undefined;
    return {
      prospectId: p.id,
      name: `${p.firstName} ${p.lastName}`.trim(),
      firstName: p.firstName,
      company: p.company,
      phone: p.phone,
      phoneDisplay: p.phone ? displayPhone(p.phone) : null,
      email: p.email,
      pageAddress: `${host}/${p.slug}`,
      ownerName,
      standing: standing || (last ? last.label : "Not called yet"),
      didWhat: a?.lastVisitAt ? s.didWhat : null,
      lastSeenAt: a?.lastSeenAt ?? null,
      humanVisits: a?.humanVisits ?? 0,
      lastVoicemail: vm ? { text: vm.text ?? "", leftAt: vm.leftAt, scriptName: await scriptNameOf(user, vm.scriptId, names), seconds: vm.durationSeconds } : null,
      lastOutcome: last,
      followUpAt: p.followUpAt,
      script: sc
        ? { id: sc.script.id, name: sc.script.name, text: sc.rendered.text, seconds: sc.rendered.seconds, window: sc.rendered.window, hints: sc.rendered.hints }
        : { id: "", name: "", text: "", seconds: 0, window: { min: 0, max: 0 }, hints: [] },
      touch: touch
        ? {
            enrolmentId: touch.enrolmentId,
            campaignId: touch.campaignId,
            campaignName: touch.campaignName,
            label: touch.label,
            kind: touch.kind,
            scriptId: touch.scriptId,
            dueAt: touch.dueAt,
            email: touch.kind === "email" ? (await emailTouchFor(user, p, touch, origin)) : null,
          }
        : null,
    };
  }));
  return { cards, full: people.length >= CALL_LIST_LIMIT };
}
