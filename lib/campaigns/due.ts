/**
 * The campaign touches due today, as the call-back queue and call mode show them: "Touch 2 of 4 —
 * voicemail: “Dangle the carrot”", the script to suggest, an e-mail's subject and body. One touch
 * per person: when someone is in two campaigns with touches due, the one due first.
 */
import { dueEnrolments } from "../../db/queries/campaigns";
import type { UserRow } from "../../db/queries/users";
import { startOfLocalDay } from "../alerts/quiet";
import { scriptFor } from "../voicemail/scripts";
import { storedSteps } from "./events";
import { describeTouch, type TouchKind } from "./steps";

const DAY = 86_400_000;

export type DueTouch = {
  enrolmentId: string;
  campaignId: string;
  campaignName: string;
  /** The step (0-based) and how many there are. */
  index: number;
  total: number;
  kind: TouchKind;
  label: string;
  /** The script a voicemail or call step follows, when the rep may use it. */
  scriptId: string | null;
  subject: string | null;
  body: string | null;
  dueAt: number;
};

/** The end of the user's local today: a touch due by then is due today (or overdue). */
export function endOfToday(user: Pick<UserRow, "timeZone">, now: number): number {
  return startOfLocalDay(now, user.timeZone) + DAY;
}

/**
 * The due touch of each of these people (their owner's enrolments, whoever looks), or of all the
 * rep's people when `prospectIds` is left out.
 */
export async function dueTouches(user: UserRow, now: number, prospectIds?: string[], limit = 500): Promise<Map<string, DueTouch>> {
  const rows = await dueEnrolments({ ownerId: prospectIds ? undefined : user.id, prospectIds, dueBy: endOfToday(user, now), limit });
  const out = new Map<string, DueTouch>();
  const names = new Map<string, string | undefined>();
  const scriptName = async (id: string) => {
    if (!names.has(id)) names.set(id, (await scriptFor(user, id))?.name);
    return names.get(id);
  };
  for (const e of rows) {
    if (out.has(e.prospectId)) continue;
    const steps = storedSteps(e.steps);
    const step = steps[e.stepIndex];
    if (!step || e.nextDueAt === null) continue;
    const usable = step.scriptId && (await scriptName(step.scriptId)) !== undefined ? step.scriptId : null;
    out.set(e.prospectId, {
      enrolmentId: e.id,
      campaignId: e.campaignId,
      campaignName: e.campaignName,
      index: e.stepIndex,
      total: steps.length,
      kind: step.kind,
      label: describeTouch(step, e.stepIndex, steps.length, usable ? (await scriptName(usable)) : undefined),
      scriptId: usable,
      subject: step.subject ?? null,
      body: step.body ?? null,
      dueAt: e.nextDueAt,
    });
  }
  return out;
}
