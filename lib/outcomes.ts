/**
 * One click after a call: log what happened, set the next follow-up and the prospect's standing in
 * the queue, as the rules in lib/outcome-rules.ts say.
 */
import { z } from "zod";
import { insertOutcome, listOutcomes } from "../db/queries/queue";
import { currentPlayOf } from "../db/queries/voicemails";
import { setProspectMuted } from "../db/queries/alerts";
import type { UserRow } from "../db/queries/users";
import { startOfLocalDay } from "./alerts/quiet";
import { planCampaignEvent } from "./campaigns/events";
import { newId } from "./ids";
import { invalidatePages } from "./page-cache";
import { OUTCOMES, type OutcomeKind } from "./outcome-rules";
import { prospectFor, publicOrigin } from "./prospects";
import { spokenLine } from "./voicemail/spoken";
import { workspace } from "./profiles";
import { voicemailInputSchema } from "./voicemails";
import { attributeMessage } from "./experiments/experiments";

const DAY = 86_400_000;

const KINDS = Object.keys(OUTCOMES) as [OutcomeKind, ...OutcomeKind[]];
const VOICEMAIL_ONLY = "Only a voicemail has a script, words or a length.";

/**
 * An outcome; a voicemail may carry what the message log keeps (call mode sends the script and the
 * exact words, so one click logs both in one transaction).
 */
export const outcomeSchema = z
  .object({
    kind: z.enum(KINDS, { error: `Choose ${KINDS.slice(0, -1).join(", ")} or ${KINDS[KINDS.length - 1]}.` }),
    note: z.string().trim().max(2000, "Use at most 2,000 characters.").optional(),
    scriptId: voicemailInputSchema.shape.scriptId,
    text: voicemailInputSchema.shape.text,
    seconds: voicemailInputSchema.shape.seconds,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === "note" && !(v.note ?? "").length) ctx.addIssue({ code: "custom", path: ["note"], message: "Write the note." });
    if (v.kind !== "voicemail") for (const k of ["scriptId", "text", "seconds"] as const) if (v[k] !== undefined) ctx.addIssue({ code: "custom", path: [k], message: VOICEMAIL_ONLY });
  });

function isWeekend(at: number, timeZone: string): boolean {
  let day: string;
  try {
    day = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short" }).format(at);
  } catch {
    day = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "short" }).format(at);
  }
  return day === "Sat" || day === "Sun";
}

/** 10:00 in the rep's zone, `days` (working days when asked) after today. */
export function nextFollowUp(now: number, timeZone: string, days: number, businessDays: boolean): number {
  let day = startOfLocalDay(now, timeZone);
  let left = days;
  while (left > 0) {
    day = startOfLocalDay(day + DAY + 3 * 3_600_000, timeZone);
    if (!businessDays || !isWeekend(day + 12 * 3_600_000, timeZone)) left--;
  }
  return day + 10 * 3_600_000;
}

/**
 * `origin` is the request's, for the page's address as spoken: a voicemail logged with one click
 * records the "Say: …" line the console showed (the message log keeps the exact words).
 */
export async function logOutcome(
  user: UserRow,
  prospectId: string,
  input: z.output<typeof outcomeSchema>,
  now = Date.now(),
  origin = "http://localhost",
): Promise<{ followUpAt: number | null; closes: boolean; voicemailId: string | null; campaignTouch: { enrolmentId: string; step: number } | null } | undefined> {
  const p = await prospectFor(user, prospectId);
  if (!p) return undefined;
  const rule = OUTCOMES[input.kind];
  const followUpAt = rule.followUpDays === undefined ? p.followUpAt : rule.followUpDays === null ? null : nextFollowUp(now, user.timeZone, rule.followUpDays, rule.businessDays);
  const voicemailId = input.kind === "voicemail" ? newId("vm") : null;
  const currentPlay = voicemailId ? (await currentPlayOf(p.id)) : null;
  // The prospect's campaigns follow the outcome (a voicemail makes the due touch, an answer ends them…), in the same transaction.
  const campaign = await planCampaignEvent(p.id, input.kind, now, { userId: user.id, voicemailId });
  await insertOutcome({
    id: newId("out"),
    prospectId: p.id,
    userId: user.id,
    kind: input.kind,
    note: input.note || null,
    at: now,
    followUpAt,
    ownerId: p.ownerId,
    setFollowUp: rule.followUpDays !== undefined,
    closes: rule.closes,
    voicemail:
      voicemailId
        ? {
            id: voicemailId,
            text: input.text || spokenLine(await publicOrigin(origin), p.slug, (await workspace()).spokenDash),
            scriptId: input.scriptId ?? null,
            durationSeconds: input.seconds ?? null,
            ...(currentPlay ?? { playId: null, playVersion: null }),
            campaignEnrolmentId: campaign.touch?.enrolmentId ?? null,
            campaignStep: campaign.touch?.step ?? null,
          }
        : null,
    campaign,
  });
  if (voicemailId) await attributeMessage(user, { id: voicemailId, prospectId: p.id, scriptId: input.scriptId ?? null, playId: currentPlay?.playId ?? null }, now);
  // The page promises the next call ("I'll call you on Thursday").
  if (rule.followUpDays !== undefined) invalidatePages();
  return { followUpAt, closes: rule.closes, voicemailId, campaignTouch: campaign.touch };
}

export async function outcomesOf(user: UserRow, prospectId: string) {
  return (await prospectFor(user, prospectId)) ? (await listOutcomes(prospectId)) : undefined;
}

export async function setMuted(user: UserRow, prospectId: string, muted: boolean, now = Date.now()): Promise<boolean> {
  if (!(await prospectFor(user, prospectId))) return false;
  await setProspectMuted(prospectId, muted ? now : null);
  return true;
}
