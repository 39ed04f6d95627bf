/**
 * Experiments: which voicemail works. An experiment compares 2–4 scripts (or 2–4 plays) for some
 * reps (or the whole team) on one goal of the funnel — a visit, a returned call or a meeting. When a
 * rep is about to leave a message (call mode, the prospect's page, the API's suggested script),
 * Ringback picks the arm: evenly at random until every arm has the minimum of messages, then by
 * Thompson sampling, so fewer prospects get the weaker message. A prospect keeps their arm for the
 * experiment's life (for plays, their page shows the arm). A rep may choose another arm; that is
 * recorded as an override and the message counts for the arm actually used.
 *
 * Rules kept here:
 * - A rep is in at most one unstopped experiment at a time, so each message tests one thing (and a
 *   message carries one experiment id).
 * - Only messages that carried an arm count: a script experiment counts messages left with one of
 *   its scripts; a play experiment messages whose page showed one of its plays.
 * - No winner is announced before every arm has the minimum and one arm's chance to be best passes
 *   95% (lib/experiments/stats.ts#decideWinner). Stopping adopts that winner, if there is one, as the
 *   workspace's default script or play.
 */
import { z } from "zod";
import {
  armCounts,
  deleteExperimentRow,
  experimentMessages,
  findAssignment,
  findExperimentById,
  insertAssignment,
  insertExperiment,
  listExperimentRows,
  overrideAssignment,
  runningExperiments,
  setVoicemailExperiment,
  stopExperimentRow,
  unstoppedExperiments,
  userNames,
  type ExperimentRow,
} from "../../db/queries/experiments";
import { findPlayById } from "../../db/queries/plays";
import type { ProspectRow } from "../../db/queries/prospects";
import { findScriptById } from "../../db/queries/scripts";
import { listUsers, type UserRow } from "../../db/queries/users";
import { newId } from "../ids";
import { Forbidden } from "../ownership";
import { invalidatePages } from "../page-cache";
import { exampleId, STYLE_KEYS, styleOf } from "../voicemail/styles";
import { pickArm } from "./assignment";
import { addGroups, funnelFactsOf, funnelGroups, funnelOptions } from "./funnel";
import { seededRandom } from "./random";
import { chanceToBeBest, decideWinner, wilson } from "./stats";

export const GOALS = {
  visit: { label: "Page visited", rateLabel: "visit rate", noun: "visits" },
  callback: { label: "Call returned", rateLabel: "call-back rate", noun: "returned calls" },
  meeting: { label: "Meeting booked", rateLabel: "meeting rate", noun: "meetings" },
} as const;
export type Goal = keyof typeof GOALS;
export const KINDS = { script: { label: "Scripts", one: "script" }, play: { label: "Plays", one: "play" } } as const;
export type ExperimentKind = keyof typeof KINDS;

export const DEFAULT_MIN_PER_ARM = 30;

const armId = z.string().trim().min(1, "Choose a script or play.").max(60).regex(/^(scr|ply)_[A-Za-z0-9_-]+$/, "Use a script id (scr_…) or a play id (ply_…).");

export const experimentInputSchema = z
  .object({
    name: z.string({ error: "Give the experiment a name." }).trim().min(1, "Give the experiment a name.").max(100, "Use at most 100 characters."),
    kind: z.enum(["script", "play"], { error: "Choose script or play." }),
    arms: z.array(armId, { error: "List 2 to 4 script or play ids." }).min(2, "Compare at least two.").max(4, "Compare at most four."),
    goal: z.enum(["visit", "callback", "meeting"], { error: "Choose visit, callback or meeting." }),
    minPerArm: z.number({ error: "Use a whole number from 5 to 10,000." }).int("Use a whole number from 5 to 10,000.").min(5, "Use at least 5.").max(10_000, "Use at most 10,000.").optional(),
    /** The reps it covers; left out: the whole team (an admin's) or just yourself (a rep's). */
    userIds: z.array(z.string().trim().min(1).max(60)).min(1, "Choose at least one rep.").max(1000).optional(),
    startsAt: z.iso.datetime({ offset: true, error: "Use a date-time such as 2026-12-07T09:00:00Z." }).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    v.arms.forEach((a, i) => {
      if (v.arms.indexOf(a) !== i) ctx.addIssue({ code: "custom", path: ["arms", i], message: "Each arm must be different." });
      const prefix = v.kind === "script" ? "scr_" : "ply_";
      if (!a.startsWith(prefix)) ctx.addIssue({ code: "custom", path: ["arms", i], message: v.kind === "script" ? "A script experiment compares scripts (scr_…)." : "A play experiment compares plays (ply_…)." });
    });
  });
export type ExperimentInput = z.input<typeof experimentInputSchema>;

export const stopInputSchema = z
  .object({ adoptWinner: z.boolean({ error: "Use true or false." }).optional().describe("Make the winner (if one is declared) the workspace's default script or play. Default true.") })
  .strict();

/** A conflict with another experiment (409) or an arm that cannot be used (422), field by field. */
export class ExperimentError extends Error {
  constructor(
    public status: 409 | 422,
    public fields: Record<string, string>,
  ) {
    super(Object.values(fields)[0]);
  }
}

const covers = (e: ExperimentRow, userId: string) => e.userIds === null || e.userIds.includes(userId);

/** An arm as shown: its name and whether it still exists. */
/** Each arm's name, by arm id. */
async function armNames(e: ExperimentRow): Promise<Map<string, string>> {
  return new Map(await Promise.all(e.arms.map(async (a) => [a, await armName(e.kind, a)] as const)));
}

export async function armName(kind: ExperimentKind, id: string): Promise<string> {
  if (kind === "script") {
    const ex = STYLE_KEYS.find((k) => exampleId(k) === id);
    if (ex) return `Example: ${styleOf(ex)!.name}`;
    return (await findScriptById(id))?.name ?? "A deleted script";
  }
  return (await findPlayById(id))?.name ?? "A deleted play";
}

/** Why this arm cannot be in an experiment covering these reps (undefined: it can). */
async function armProblem(kind: ExperimentKind, id: string, reps: string[] | null, creator: UserRow): Promise<string | undefined> {
  if (kind === "script") {
    if (STYLE_KEYS.some((k) => exampleId(k) === id)) return undefined;
    const s = await findScriptById(id);
    if (!s || (!s.shared && s.ownerId !== creator.id && creator.role !== "admin")) return "No script with this id.";
    if (s.archivedAt !== null) return "This script is archived: bring it back first.";
    if (!s.shared && (reps === null || reps.some((r) => r !== s.ownerId))) return "This script is private to one rep: share it, or test it with that rep only.";
    return undefined;
  }
  const p = await findPlayById(id);
  if (!p || (!p.shared && p.ownerId !== creator.id && creator.role !== "admin")) return "No play with this id.";
  if (p.archivedAt !== null) return "This play is archived: bring it back first.";
  if (!p.shared && (reps === null || reps.some((r) => r !== p.ownerId))) return "This play is private to one rep: share it, or test it with that rep only.";
  return undefined;
}

export async function createExperiment(user: UserRow, input: ExperimentInput, now = Date.now()): Promise<ExperimentRow> {
  const data = experimentInputSchema.parse(input);
  let reps: string[] | null;
  if (user.role !== "admin") {
    if (data.userIds && data.userIds.some((id) => id !== user.id)) throw new Forbidden({ userIds: "Only an admin can run an experiment for other reps." });
    reps = [user.id];
  } else if (data.userIds) {
    const known = new Set((await listUsers()).map((u) => u.id));
    const unknown = data.userIds.findIndex((id) => !known.has(id));
    if (unknown >= 0) throw new ExperimentError(422, { [`userIds.${unknown}`]: "No rep with this id." });
    reps = [...new Set(data.userIds)];
  } else reps = null;
  const problems: Record<string, string> = {};
  for (const [i, a] of data.arms.entries()) {
    const p = await armProblem(data.kind, a, reps, user);
    if (p) problems[`arms.${i}`] = p;
  }
  if (Object.keys(problems).length) throw new ExperimentError(422, problems);
  // One experiment per rep at a time: a message carries one test.
  const clash = (await unstoppedExperiments()).find((e) => e.userIds === null || reps === null || e.userIds.some((r) => reps!.includes(r)));
  if (clash) {
    const who = reps === null ? "The team" : reps.length === 1 && reps[0] === user.id ? "You" : "A rep it covers";
    throw new ExperimentError(409, { userIds: `${who} ${who === "You" ? "are" : "is"} already in “${clash.name}”: stop it first, so each message tests one thing.` });
  }
  const startsAt = data.startsAt ? Date.parse(data.startsAt) : now;
  return insertExperiment({ id: newId("exp"), name: data.name, kind: data.kind, goal: data.goal, arms: data.arms, userIds: reps, minPerArm: data.minPerArm ?? DEFAULT_MIN_PER_ARM, startsAt, createdBy: user.id }, now);
}

/** The experiment if this user may see it: an admin any; a rep those covering them or made by them. */
export async function experimentFor(user: UserRow, id: string): Promise<ExperimentRow | undefined> {
  const e = await findExperimentById(id);
  if (!e) return undefined;
  return user.role === "admin" || e.createdBy === user.id || covers(e, user.id) ? e : undefined;
}

export async function experimentsFor(user: UserRow): Promise<ExperimentRow[]> {
  return (await listExperimentRows()).filter((e) => user.role === "admin" || e.createdBy === user.id || covers(e, user.id));
}

const mayManage = (user: UserRow, e: ExperimentRow) => user.role === "admin" || e.createdBy === user.id;

/** The running experiment covering this rep now (at most one), if any. */
export async function runningExperimentOf(userId: string, now = Date.now()): Promise<ExperimentRow | undefined> {
  return (await runningExperiments(now)).find((e) => covers(e, userId));
}

/** Goal counts per arm, for Thompson sampling: cached briefly (one read serves a whole call list). */
const statsCache = new Map<string, { at: number; arms: Map<string, { successes: number; trials: number }> }>();
const STATS_TTL_MS = 30_000;

async function goalCounts(e: ExperimentRow, now: number) {
  const hit = statsCache.get(e.id);
  if (hit && now - hit.at < STATS_TTL_MS) return hit.arms;
  const arms = new Map((await computeArms(e, await armDays(e))).map((a) => [a.id, { successes: a.goalCount, trials: a.messages }]));
  statsCache.set(e.id, { at: now, arms });
  return arms;
}

/**
 * The arm this prospect gets in the running experiment of this rep (assigning one now if they
 * have none), or undefined when no experiment of this kind covers the rep.
 */
export async function armFor(user: UserRow, prospect: Pick<ProspectRow, "id" | "playId">, kind: ExperimentKind, now = Date.now()): Promise<{ experiment: ExperimentRow; armId: string; reason: string } | undefined> {
  const e = await runningExperimentOf(user.id, now);
  if (!e || e.kind !== kind) return undefined;
  const existing = await findAssignment(e.id, prospect.id);
  if (existing) return { experiment: e, armId: existing.armId, reason: existing.reason };
  const counts = await armCounts(e.id, e.kind);
  const random = seededRandom(`${e.id}:${prospect.id}`);
  const fewestMessages = Math.min(...e.arms.map((a) => counts.messages.get(a) ?? 0));
  let pick: { armId: string; reason: "balancing" | "thompson" };
  if (fewestMessages < e.minPerArm) {
    // Evenly: among the arms given to the fewest prospects so far (a list rendered at once is split evenly too).
    const fewest = Math.min(...e.arms.map((a) => counts.assigned.get(a) ?? 0));
    const behind = e.arms.filter((a) => (counts.assigned.get(a) ?? 0) === fewest);
    pick = { armId: behind[Math.min(behind.length - 1, Math.floor(random() * behind.length))], reason: "balancing" };
  } else {
    const stats = await goalCounts(e, now);
    pick = pickArm(
      e.arms.map((id) => ({ id, successes: stats.get(id)?.successes ?? 0, trials: stats.get(id)?.trials ?? 0, messages: e.minPerArm })),
      { minPerArm: e.minPerArm, random },
    );
  }
  const row = await insertAssignment(
    { experimentId: e.id, prospectId: prospect.id, armId: pick.armId, reason: pick.reason, chosenArmId: null, userId: user.id, assignedAt: now, previousPlayId: e.kind === "play" ? prospect.playId : null },
    e.kind === "play",
    now,
  );
  if (e.kind === "play") invalidatePages();
  return { experiment: e, armId: row.armId, reason: row.reason };
}

/**
 * A message was just logged: if it carried an arm of the rep's running experiment, it counts for
 * that arm (and a rep who chose another arm than Ringback's is recorded as overriding it).
 */
export async function attributeMessage(user: UserRow, message: { id: string; prospectId: string; scriptId: string | null; playId: string | null }, now = Date.now()): Promise<string | null> {
  const e = await runningExperimentOf(user.id, now);
  if (!e) return null;
  const used = e.kind === "script" ? message.scriptId : message.playId;
  if (!used || !e.arms.includes(used)) return null;
  const existing = await findAssignment(e.id, message.prospectId);
  if (!existing) {
    await insertAssignment({ experimentId: e.id, prospectId: message.prospectId, armId: used, reason: "override", chosenArmId: null, userId: user.id, assignedAt: now, previousPlayId: null }, false, now);
  } else if (existing.armId !== used) {
    await overrideAssignment(e.id, message.prospectId, used, user.id, false, now);
  }
  await setVoicemailExperiment(message.id, e.id);
  statsCache.delete(e.id);
  return e.id;
}

export type ArmResult = {
  id: string;
  name: string;
  messages: number;
  visits: number;
  callbacks: number;
  meetings: number;
  /** The goal's successes. */
  goalCount: number;
  rate: number;
  low: number;
  high: number;
  chanceBest: number;
  medianMsToVisit: number | null;
};

/** One read of the experiment's messages, per arm and day (a message's arm is its script, or its page's play). */
async function armDays(e: ExperimentRow) {
  const groups = await funnelGroups(e.kind === "script" ? "script_day" : "play_day", { experimentId: e.id });
  return groups.map((g) => {
    const [arm, day] = (g.key ?? "|").split("|");
    return { ...g, arm, day: Number(day) };
  });
}

async function computeArms(e: ExperimentRow, days: Awaited<ReturnType<typeof armDays>>) {
  const totals = new Map(addGroups(days, (g) => (g as (typeof days)[number]).arm).map((t) => [t.key, t]));
  return e.arms.map((id) => {
    const t = totals.get(id) ?? { messages: 0, visits: 0, callbacks: 0, meetings: 0, msToVisitMedian: null };
    const goalCount = e.goal === "visit" ? t.visits : e.goal === "callback" ? t.callbacks : t.meetings;
    return { id, messages: t.messages, visits: t.visits, callbacks: t.callbacks, meetings: t.meetings, goalCount, medianMsToVisit: t.msToVisitMedian };
  });
}

export type ExperimentResults = {
  experiment: ExperimentRow;
  arms: ArmResult[];
  winner: string | null;
  /** In words, what is and is not known yet. */
  verdict: string;
  /** Each arm's chance to be best over time: one point per day (at most 40), as of the messages left by then. */
  series: { at: number; chanceBest: number[] }[];
  /** Messages left in the last N days may still bring visits and calls. */
  openMessages: number;
};

/** The results of an experiment, per arm, on its goal. */
export async function experimentResults(e: ExperimentRow, now = Date.now()): Promise<ExperimentResults> {
  const days = await armDays(e);
  const arms = await computeArms(e, days);
  const chance = chanceToBeBest(arms.map((a) => ({ successes: a.goalCount, trials: a.messages })));
  const names = await armNames(e);
  const decided = decideWinner(
    arms.map((a) => ({ id: a.id, label: `“${names.get(a.id)}”`, successes: a.goalCount, trials: a.messages, messages: a.messages })),
    { minPerArm: e.minPerArm },
  );
  const result: ArmResult[] = arms.map((a, i) => {
    const w = wilson(a.goalCount, a.messages);
    return { id: a.id, name: names.get(a.id)!, messages: a.messages, visits: a.visits, callbacks: a.callbacks, meetings: a.meetings, goalCount: a.goalCount, rate: w.rate, low: w.low, high: w.high, chanceBest: chance[i], medianMsToVisit: a.medianMsToVisit };
  });
  const openFrom = Math.floor((now - funnelOptions().visitWithinDays * DAY) / DAY);
  return {
    experiment: e,
    arms: result,
    winner: e.stoppedAt !== null ? e.winnerArmId : decided.winner,
    verdict: decided.reason,
    series: chanceSeries(e, days, now),
    openMessages: days.filter((d) => d.day >= openFrom).reduce((n, d) => n + d.messages, 0),
  };
}

const DAY = 86_400_000;
/** Points on the chance-over-time chart: one a day, at most this many (each is an exact integral). */
const SERIES_POINTS = 40;

/** Each arm's chance to be best as of the end of each day (cumulative by the day messages were left). */
function chanceSeries(e: ExperimentRow, days: Awaited<ReturnType<typeof armDays>>, now: number) {
  if (days.length === 0) return [];
  const first = Math.min(Math.floor(e.startsAt / DAY), ...days.map((d) => d.day));
  const last = Math.floor(Math.min(now, e.stoppedAt ?? now) / DAY);
  const step = Math.max(1, Math.ceil((last - first + 1) / SERIES_POINTS));
  const goal = (d: (typeof days)[number]) => (e.goal === "visit" ? d.visits : e.goal === "callback" ? d.callbacks : d.meetings);
  const out: { at: number; chanceBest: number[] }[] = [];
  for (let day = first; ; day += step) {
    const upTo = Math.min(day, last);
    const counts = e.arms.map((arm) => {
      let successes = 0;
      let trials = 0;
      for (const d of days) if (d.arm === arm && d.day <= upTo) (successes += goal(d)), (trials += d.messages);
      return { successes, trials };
    });
    out.push({ at: (upTo + 1) * DAY, chanceBest: chanceToBeBest(counts) });
    if (upTo >= last) break;
  }
  return out;
}

/** Stops it; adopting the declared winner (if any) as the default script or play unless told not to. */
export async function stopExperiment(user: UserRow, id: string, input: z.input<typeof stopInputSchema> = {}, now = Date.now()): Promise<ExperimentRow | undefined> {
  const data = stopInputSchema.parse(input);
  const e = await experimentFor(user, id);
  if (!e) return undefined;
  if (!mayManage(user, e)) throw new Forbidden({ _: "Only an admin or whoever started it can stop this experiment." });
  if (e.stoppedAt !== null) return e;
  const winner = data.adoptWinner === false ? null : (await experimentResults(e, now)).winner;
  statsCache.delete(e.id);
  return (await stopExperimentRow(e.id, winner, e.kind, now)) ?? (await findExperimentById(e.id));
}

export async function deleteExperiment(user: UserRow, id: string): Promise<boolean> {
  const e = await experimentFor(user, id);
  if (!e) return false;
  if (!mayManage(user, e)) throw new Forbidden({ _: "Only an admin or whoever started it can delete this experiment." });
  statsCache.delete(e.id);
  return deleteExperimentRow(e.id);
}

/** Who it covers, in words ("The whole team", "Dana Whitfield and Sam Lee"). */
export async function coveredReps(e: ExperimentRow): Promise<string> {
  if (e.userIds === null) return "The whole team";
  const names = await userNames(e.userIds);
  const list = e.userIds.map((id) => names.get(id) ?? "a removed rep");
  return list.length <= 2 ? list.join(" and ") : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toApiExperiment(e: ExperimentRow) {
  return {
    id: e.id,
    name: e.name,
    kind: e.kind,
    goal: e.goal,
    arms: e.arms,
    userIds: e.userIds,
    minPerArm: e.minPerArm,
    status: e.stoppedAt !== null ? ("stopped" as const) : e.startsAt > Date.now() ? ("scheduled" as const) : ("running" as const),
    startsAt: iso(e.startsAt)!,
    stoppedAt: iso(e.stoppedAt),
    winner: e.winnerArmId,
    createdBy: e.createdBy,
    createdAt: iso(e.createdAt)!,
  };
}

export function toApiResults(r: ExperimentResults) {
  return {
    goal: r.experiment.goal,
    winner: r.winner,
    verdict: r.verdict,
    arms: r.arms.map((a) => ({ id: a.id, name: a.name, messages: a.messages, visits: a.visits, callbacks: a.callbacks, meetings: a.meetings, rate: a.rate, low: a.low, high: a.high, chanceBest: a.chanceBest, medianMinutesToVisit: a.medianMsToVisit === null ? null : Math.round(a.medianMsToVisit / 60_000) })),
  };
}

/** Every message of the experiment as CSV rows: for a spreadsheet or a statistics package. */
export async function experimentCsvRows(e: ExperimentRow): Promise<string[][]> {
  const rows = await experimentMessages(e.id, e.kind);
  const facts = new Map((await funnelFactsOf({ voicemailIds: rows.map((r) => r.id) })).map((f) => [f.voicemailId, f]));
  const names = await armNames(e);
  const header = ["Left at", "Rep", "First Name", "Last Name", "Company", "Arm", "Arm name", "Visited", "Minutes to visit", "Call returned", "Meeting"];
  return [
    header,
    ...rows.map((r) => {
      const f = facts.get(r.id);
      return [
        new Date(r.leftAt).toISOString(),
        r.userName,
        r.firstName,
        r.lastName,
        r.company ?? "",
        r.armId,
        names.get(r.armId) ?? "",
        f?.visited ? "yes" : "no",
        f?.msToVisit != null ? String(Math.round(f.msToVisit / 60_000)) : "",
        f?.callReturned ? "yes" : "no",
        f?.meeting ? "yes" : "no",
      ];
    }),
  ];
}
