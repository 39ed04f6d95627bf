/**
 * The message log: every voicemail left — when, by whom, for whom, which script, the exact words,
 * the play the page showed then, its length, a note. Logged from the console, call mode and the
 * API; read on the prospect's timeline, in a rep's log (an admin's: everyone's) and by "Who's calling?".
 */
import { z } from "zod";
import {
  currentPlayOf,
  listProspectVoicemails,
  searchMessageLog,
  type VoicemailCursor,
  type VoicemailListRow,
  type VoicemailRow,
} from "../db/queries/voicemails";
import { insertVoicemailWithCampaign } from "../db/queries/campaigns";
import type { ProspectRow } from "../db/queries/prospects";
import type { UserRow } from "../db/queries/users";
import type { ApiVoicemail } from "./api/schemas";
import { planCampaignEvent } from "./campaigns/events";
import { newId } from "./ids";
import { phoneQuery } from "./phone";
import { prospectFor, publicOrigin } from "./prospects";
import { spokenLine } from "./voicemail/spoken";
import { workspace } from "./profiles";
import { attributeMessage } from "./experiments/experiments";
import { unsettleProspect } from "./experiments/funnel";
import { calendarZone, dateToDay, localHourToUtc } from "./campaigns/calendar";

export type { ApiVoicemail };

const FUTURE_SLACK_MS = 60_000;

export const voicemailInputSchema = z
  .object({
    scriptId: z
      .string()
      .trim()
      .max(40)
      .regex(/^scr_[A-Za-z0-9_-]+$/, "Use a script id such as scr_….")
      .optional()
      .describe("The script it followed (scr_…)."),
    text: z.string().trim().max(4000, "Use at most 4,000 characters.").optional().describe("The exact words left; without it, the page's address as spoken is stored."),
    leftAt: z.iso
      .datetime({ offset: true, error: "Use a date-time such as 2026-12-01T15:04:00Z." })
      .refine((v) => Date.parse(v) <= Date.now() + FUTURE_SLACK_MS, "That is in the future.")
      .optional()
      .describe("When it was left (ISO 8601); now when left out. At most a minute ahead."),
    seconds: z.number({ error: "Use a whole number of seconds from 1 to 600." }).int("Use a whole number of seconds from 1 to 600.").min(1, "Use 1 to 600 seconds.").max(600, "Use 1 to 600 seconds.").optional().describe("How long it was, if recorded."),
    note: z.string().trim().max(2000, "Use at most 2,000 characters.").optional(),
  })
  .strict();
export type VoicemailInput = z.output<typeof voicemailInputSchema>;

/** The console's "Log a voicemail" form: every value arrives as text; empty means not given. */
export const voicemailFormSchema = z.preprocess((raw) => {
  if (!raw || typeof raw !== "object") return raw;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === "" || v === null) continue;
    out[k] = k === "seconds" && typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  }
  return out;
}, voicemailInputSchema);

const iso = (ms: number) => new Date(ms).toISOString();

export function toApiVoicemail(v: VoicemailRow & { userName?: string }): ApiVoicemail {
  return {
    id: v.id,
    prospectId: v.prospectId,
    userId: v.userId,
    scriptId: v.scriptId,
    text: v.text,
    leftAt: iso(v.leftAt),
    seconds: v.durationSeconds,
    note: v.note,
    playId: v.playId,
    playVersion: v.playId ? v.playVersion : null,
    createdAt: iso(v.createdAt),
  };
}

/** Logs a voicemail for a prospect this user may see (undefined otherwise: a 404). */
export async function logVoicemail(user: UserRow, prospectId: string, input: VoicemailInput, origin: string, now = Date.now()): Promise<VoicemailRow | undefined> {
  const p = await prospectFor(user, prospectId);
  if (!p) return undefined;
  const play = await currentPlayOf(p.id);
  const id = newId("vm");
  const leftAt = input.leftAt ? Date.parse(input.leftAt) : now;
  // A message left is the due voicemail touch of the prospect's campaign, however it was logged.
  const campaign = await planCampaignEvent(p.id, "voicemail", leftAt, { userId: user.id, voicemailId: id });
  const row = await insertVoicemailWithCampaign(
    {
    id,
    prospectId: p.id,
    userId: user.id,
    leftAt,
    durationSeconds: input.seconds ?? null,
    outcome: "left",
    scriptId: input.scriptId ?? null,
    text: input.text || spokenLine(await publicOrigin(origin), p.slug, (await workspace()).spokenDash),
    playId: play?.playId ?? null,
    playVersion: play?.playVersion ?? null,
    note: input.note || null,
    },
    campaign,
    campaign.touch,
  );
  // Logged with a time in the past: the windows of this prospect's earlier messages may have changed.
  if (row.leftAt < now - 60_000) await unsettleProspect(p.id);
  const experimentId = await attributeMessage(user, { id: row.id, prospectId: p.id, scriptId: row.scriptId, playId: row.playId }, now);
  return experimentId ? { ...row, experimentId } : row;
}

export function encodeVoicemailCursor(c: VoicemailCursor): string {
  return Buffer.from(`${c.leftAt}:${c.id}`).toString("base64url");
}

export function decodeVoicemailCursor(text: string | null | undefined): VoicemailCursor | undefined | "invalid" {
  if (!text) return undefined;
  const [ms, id] = Buffer.from(text, "base64url").toString("utf8").split(":");
  const leftAt = Number(ms);
  return Number.isSafeInteger(leftAt) && /^vm_[A-Za-z0-9_-]+$/.test(id ?? "") ? { leftAt, id } : "invalid";
}

function paged<T extends { leftAt: number; id: string }>(rows: T[], limit: number): { rows: T[]; next: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? encodeVoicemailCursor({ leftAt: last.leftAt, id: last.id }) : null };
}

/** A prospect's voicemails, newest first (undefined: not this user's to see). */
export async function prospectVoicemails(user: UserRow, prospectId: string, after: VoicemailCursor | undefined, limit: number): Promise<{ rows: VoicemailListRow[]; next: string | null } | undefined> {
  if (!(await prospectFor(user, prospectId))) return undefined;
  return paged(await listProspectVoicemails(prospectId, after, limit + 1), limit);
}

export const messageLogQuerySchema = z.object({
  q: z.string().trim().max(200).optional().default(""),
  from: z.iso.date().optional().or(z.literal("").transform(() => undefined)),
  to: z.iso.date().optional().or(z.literal("").transform(() => undefined)),
  script: z.string().trim().max(40).optional().default(""),
  cursor: z.string().max(200).optional(),
});

export type MessageLogEntry = VoicemailListRow & { prospect: ProspectRow };

/**
 * The rep's message log (an admin's: everyone's): search by name, company, number (any form) or
 * words; `from`/`to` are days (YYYY-MM-DD) in the rep's zone, both inclusive.
 */
export async function messageLog(user: UserRow, query: z.input<typeof messageLogQuerySchema>, limit = 25): Promise<{ rows: MessageLogEntry[]; next: string | null; invalidCursor: boolean }> {
  const q = messageLogQuerySchema.safeParse(query);
  const data = q.success ? q.data : { q: "", script: "", from: undefined, to: undefined, cursor: undefined };
  const cursor = decodeVoicemailCursor(data.cursor);
  const phone = data.q ? phoneQuery(data.q) : null;
  const rows = await searchMessageLog(
    {
      ownerId: user.role === "admin" ? undefined : user.id,
      words: data.q || undefined,
      phone: phone ?? undefined,
      from: data.from ? localHourToUtc(dateToDay(data.from)!, 0, calendarZone(user.timeZone)) : undefined,
      to: data.to ? localHourToUtc(dateToDay(data.to)! + 1, 0, calendarZone(user.timeZone)) : undefined,
      scriptId: data.script || undefined,
    },
    cursor === "invalid" ? undefined : cursor,
    limit + 1,
  );
  return { ...paged(rows, limit), invalidCursor: cursor === "invalid" };
}
