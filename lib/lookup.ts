/**
 * "Who's calling?": a returned call's number (any form) or a name → the prospect, the last message
 * left for them (its words, when) and what they did on the page since. One function for the
 * console's top-bar search and GET /api/v1/lookup.
 */
import { humanVisitsSince, lastVoicemailsWithText, prospectsByNamePrefix, prospectsByPhone, type VoicemailRow } from "../db/queries/voicemails";
import type { ProspectRow } from "../db/queries/prospects";
import type { UserRow } from "../db/queries/users";
import { displayPhone, phoneQuery } from "./phone";
import { workspace } from "./profiles";
import { visitsPage } from "./visits/list";
import { describeVisit } from "./visits/describe";

export type LookupMatch = {
  prospect: ProspectRow;
  lastVoicemail: VoicemailRow | null;
  lastVisitAt: number | null;
  /** Human visits after the last voicemail (all of them when none was left). */
  visitsSince: number;
  /** The newest of those visits in a rep's words ("Watched 60% of the video · 2 min · iPhone"), or null. */
  sinceWords: string | null;
};

/** A number in E.164 read in the workspace's region, or null when it is not a phone number. */
export async function lookupPhone(raw: string): Promise<string | null> {
  return phoneQuery(raw, (await workspace()).defaultPhoneRegion || "US");
}

const scope = (user: UserRow) => (user.role === "admin" ? undefined : user.id);

async function enrich(user: UserRow, rows: ProspectRow[], detail: boolean): Promise<LookupMatch[]> {
  const last = await lastVoicemailsWithText(rows.map((p) => p.id));
  return Promise.all(
    rows.map(async (p) => {
    const vm = last.get(p.id) ?? null;
    const since = await humanVisitsSince(p.id, vm?.leftAt ?? 0, 1);
    let sinceWords: string | null = null;
    if (detail && since.ids.length > 0) {
      const newest = (await visitsPage(user, p.id, undefined, 5))?.data.find((v) => v.id === since.ids[0]);
      if (newest) {
        const d = describeVisit(newest);
        sinceWords = [d.title, d.detail].filter(Boolean).join(" · ");
      }
    }
    return { prospect: p, lastVoicemail: vm, lastVisitAt: since.lastAt, visitsSince: since.count, sinceWords };
    }),
  );
}

/** By phone number only (dialers, phone systems): undefined when `raw` is not a phone number. */
export async function lookupByPhone(user: UserRow, raw: string): Promise<LookupMatch[] | undefined> {
  const phone = await lookupPhone(raw);
  if (!phone) return undefined;
  return enrich(user, await prospectsByPhone(phone, scope(user)), false);
}

/** The console's search: a number in any form, or else the start of a name or company. */
export async function lookupAnything(user: UserRow, q: string): Promise<LookupMatch[]> {
  const text = q.trim().slice(0, 100);
  if (!text) return [];
  const phone = await lookupPhone(text);
  const rows = phone ? (await prospectsByPhone(phone, scope(user), 10)) : (await prospectsByNamePrefix(text, scope(user), 8));
  return enrich(user, rows, true);
}

export type ConsoleLookup = {
  /** What the query was read as: a number (E.164) or a name. */
  readAs: { phone: string } | { name: string } | null;
  matches: {
    id: string;
    name: string;
    company: string | null;
    phone: string | null;
    phoneDisplay: string;
    lastVoicemail: { text: string | null; leftAt: number } | null;
    lastVisitAt: number | null;
    visitsSince: number;
    sinceWords: string | null;
  }[];
};

/** The console's search answer: plain data for the popover. */
export async function lookupForConsole(user: UserRow, q: string): Promise<ConsoleLookup> {
  const text = q.trim();
  if (!text) return { readAs: null, matches: [] };
  const phone = await lookupPhone(text);
  return {
    readAs: phone ? { phone } : { name: text },
    matches: (await lookupAnything(user, text)).map((m) => ({
      id: m.prospect.id,
      name: `${m.prospect.firstName} ${m.prospect.lastName}`.trim(),
      company: m.prospect.company,
      phone: m.prospect.phone,
      phoneDisplay: displayPhone(m.prospect.phone),
      lastVoicemail: m.lastVoicemail ? { text: m.lastVoicemail.text, leftAt: m.lastVoicemail.leftAt } : null,
      lastVisitAt: m.lastVisitAt,
      visitsSince: m.visitsSince,
      sinceWords: m.sinceWords,
    })),
  };
}
