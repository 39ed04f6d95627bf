/**
 * Voicemail campaigns as a rep uses them: create, list, change, archive and delete campaigns (one
 * validation for the console and the API), enrol people (one, many, or a list filter; those
 * already in are skipped, all in one transaction), take them out, and the campaign's page.
 *
 * Who may do what (as for scripts and plays, lib/ownership.ts):
 * - a rep sees the workspace's shared campaigns and their own; another rep's private campaign is
 *   a 404; only an admin shares a campaign or changes a shared one (403);
 * - a rep enrols their own prospects only (another rep's prospect is "no such prospect"), in any
 *   campaign they may see; an admin may enrol anyone's;
 * - on a shared campaign's page a rep sees their own people; an admin sees everyone's.
 * An enrolment belongs to the prospect's owner: their time zone and holidays lay out the touches.
 */
import { z } from "zod";
import {
  deleteCampaignRow,
  enrolledPeople,
  enrolmentsOfProspect,
  enrolmentCounts,
  findCampaignById,
  findEnrolment,
  insertCampaign,
  insertEnrolments,
  listCampaignsByName,
  listCampaignsPage,
  touchStats,
  touchVoicemailIds,
  updateCampaignRow,
  applyCampaignChanges,
  setUserHolidays,
  type CampaignRow,
  type NewEnrolment,
} from "../../db/queries/campaigns";
import { callListProspects, prospectsByIds } from "../../db/queries/call-list";
import { prospectFor } from "../prospects";
import { findUserById, type UserRow } from "../../db/queries/users";
import { funnelOptions, funnelTotals } from "../experiments/funnel";
import { newId } from "../ids";
import { canEdit, canSee, Forbidden } from "../ownership";
import { describeProblems, MERGE_FIELDS, type FieldRule } from "../plays/merge";
import { scriptFor } from "../voicemail/scripts";
import { ENROLMENT_STATUSES, END_REASONS, PAUSE_REASONS, type EnrolmentStatus } from "./enrolment";
import { calendarOf, stateOf, storedSteps } from "./events";
import { applyCampaignEvent, startEnrolment } from "./rules";
import { campaignStepsSchema, describeTouch, TOUCH_KINDS, type CampaignStep } from "./steps";

/** An e-mail touch's merge fields: a play's, plus the page's link. */
export const EMAIL_MERGE_FIELDS: readonly FieldRule[] = [
  ...MERGE_FIELDS,
  { name: "pageLink", help: "The page's full address (https://acme.com/rob-mason); added at the end when the body has none", value: () => undefined },
];

export type Campaign = Omit<CampaignRow, "steps"> & { steps: CampaignStep[] };

function fromRow(r: CampaignRow): Campaign {
  return { ...r, steps: storedSteps(r.steps) };
}

/** E-mail steps' merge fields are checked when saved, like a play's. */
function checkTemplates(value: { steps?: CampaignStep[] }, ctx: z.RefinementCtx) {
  value.steps?.forEach((s, i) => {
    for (const field of ["subject", "body"] as const) {
      const problem = s[field] ? describeProblems(s[field]!, EMAIL_MERGE_FIELDS) : undefined;
      if (problem) ctx.addIssue({ code: "custom", path: ["steps", i, field], message: problem });
    }
  });
}

const fields = {
  name: z.string({ error: "Give the campaign a name." }).trim().min(1, "Give the campaign a name.").max(100, "Use at most 100 characters."),
  steps: campaignStepsSchema,
  shared: z.boolean({ error: "Use true or false." }),
};

export const campaignInputSchema = z
  .object({ ...fields, shared: fields.shared.default(false) })
  .strict()
  .superRefine(checkTemplates);

export const campaignPatchSchema = z
  .object({
    name: fields.name.optional(),
    steps: fields.steps.optional(),
    shared: fields.shared.optional(),
    /** true archives it (nobody new can be enrolled; those in it carry on), false brings it back. */
    archived: z.boolean({ error: "Use true or false." }).optional(),
  })
  .strict()
  .superRefine(checkTemplates);

export type CampaignInput = z.input<typeof campaignInputSchema>;
export type CampaignPatch = z.input<typeof campaignPatchSchema>;

/** A request that validated but names things this user cannot use (a script, a prospect): a 422 naming the fields. */
export class CampaignInputError extends Error {
  constructor(public fields: Record<string, string>) {
    super(Object.values(fields)[0] ?? "Some fields are not valid.");
  }
}

/** A campaign that is archived takes nobody new: a 409. */
export class CampaignArchived extends Error {
  constructor() {
    super("This campaign is archived: unarchive it (PATCH with { \"archived\": false }) to enrol people again.");
  }
}

const SHARE_FORBIDDEN = "Only an admin can share a campaign with the workspace.";
const SHARED_READ_ONLY = "This campaign is the workspace's: only an admin can change it.";

/** Every script a step names must be one this user may use. */
async function checkScripts(user: UserRow, steps: CampaignStep[] | undefined) {
  const problems: Record<string, string> = {};
  for (const [i, s] of (steps ?? []).entries()) {
    if (s.scriptId && !(await scriptFor(user, s.scriptId))) problems[`steps.${i}.scriptId`] = "No script with this id.";
  }
  if (Object.keys(problems).length) throw new CampaignInputError(problems);
}

/** The campaign if this user may see it; anyone else gets undefined (a 404). */
export async function campaignFor(user: UserRow, id: string): Promise<Campaign | undefined> {
  const r = await findCampaignById(id);
  return r && canSee(user, r) ? fromRow(r) : undefined;
}

export async function createCampaign(user: UserRow, input: CampaignInput, now = Date.now()): Promise<Campaign> {
  const data = campaignInputSchema.parse(input);
  if (data.shared && user.role !== "admin") throw new Forbidden({ shared: SHARE_FORBIDDEN });
  await checkScripts(user, data.steps);
  return fromRow(await insertCampaign({ id: newId("cmp"), ownerId: user.id, name: data.name, steps: data.steps, shared: data.shared }, now));
}

/**
 * Changes a campaign the user may change; undefined: no such campaign for them (404). New steps
 * apply to the people already in it from their current step on (their next due date stays).
 */
export async function updateCampaign(user: UserRow, id: string, input: CampaignPatch, now = Date.now()): Promise<Campaign | undefined> {
  const data = campaignPatchSchema.parse(input);
  const existing = await findCampaignById(id);
  if (!existing || !canSee(user, existing)) return undefined;
  if (!canEdit(user, existing)) throw new Forbidden({ _: SHARED_READ_ONLY });
  if (data.shared && user.role !== "admin") throw new Forbidden({ shared: SHARE_FORBIDDEN });
  await checkScripts(user, data.steps);
  const { archived, ...rest } = data;
  const changes: Parameters<typeof updateCampaignRow>[1] = { ...rest };
  if (archived !== undefined) changes.archivedAt = archived ? (existing.archivedAt ?? now) : null;
  const row = await updateCampaignRow(id, changes, now);
  return row && fromRow(row);
}

/** Deletes a campaign with its enrolments and touches; the messages it made stay in the message log. */
export async function deleteCampaign(user: UserRow, id: string): Promise<boolean> {
  const existing = await findCampaignById(id);
  if (!existing || !canSee(user, existing)) return false;
  if (!canEdit(user, existing)) throw new Forbidden({ _: SHARED_READ_ONLY });
  return deleteCampaignRow(id);
}

export type CampaignCursor = { createdAt: number; id: string };

export function encodeCampaignCursor(c: CampaignCursor): string {
  return Buffer.from(`${c.createdAt}:${c.id}`).toString("base64url");
}

export function decodeCampaignCursor(text: string | null | undefined): CampaignCursor | undefined | "invalid" {
  if (!text) return undefined;
  const [ms, id] = Buffer.from(text, "base64url").toString("utf8").split(":");
  const createdAt = Number(ms);
  if (!Number.isSafeInteger(createdAt) || !id || !/^cmp_[A-Za-z0-9]+$/.test(id)) return "invalid";
  return { createdAt, id };
}

export type ArchivedFilter = "active" | "archived" | "all";

const viewerOf = (user: UserRow) => (user.role === "admin" ? undefined : user.id);

/** One page of the campaigns a user may see, newest first, and the cursor for the next. */
export async function pageOfCampaigns(user: UserRow, archived: ArchivedFilter, after: CampaignCursor | undefined, limit: number): Promise<{ rows: Campaign[]; next: string | null }> {
  const rows = await listCampaignsPage({ viewerId: viewerOf(user), archived }, after, limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page.map(fromRow), next: more && last ? encodeCampaignCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

/** Every campaign a user may see, by name (the console's list and the import's picker). */
export async function campaignsByName(user: UserRow, archived: ArchivedFilter = "active"): Promise<Campaign[]> {
  return (await listCampaignsByName({ viewerId: viewerOf(user), archived })).map(fromRow);
}

/** Which people to enrol: by id, or a list filter over the rep's own open prospects. */
export const ENROL_FILTERS = {
  // Pages nobody has called about yet (no outcome logged, no voicemail left): a fresh call list.
  fresh: { label: "Not called yet" },
  // Every open prospect (meetings booked, not interested and wrong numbers are left out).
  open: { label: "Everyone open" },
} as const;
export type EnrolFilter = keyof typeof ENROL_FILTERS;

/** At most this many people in one request: a day's import, not the whole CRM. */
export const MAX_ENROL = 1000;

export const enrolInputSchema = z.union(
  [
    z
      .object({
        prospectIds: z
          .array(z.string().max(40, "Use a prospect id such as pro_…."), { error: "List the prospects' ids." })
          .min(1, "List at least one prospect.")
          .max(MAX_ENROL, `Enrol at most ${MAX_ENROL} people at a time.`),
      })
      .strict(),
    z
      .object({
        filter: z
          .object({
            list: z.enum(Object.keys(ENROL_FILTERS) as [EnrolFilter, ...EnrolFilter[]], { error: "Choose fresh or open." }),
            playId: z.string().max(40).regex(/^ply_[A-Za-z0-9_-]+$/, "Use a play id such as ply_….").optional(),
          })
          .strict(),
      })
      .strict(),
  ],
  { error: "Send { \"prospectIds\": [...] } or { \"filter\": { \"list\": \"fresh\" | \"open\", \"playId\"? } }." },
);
export type EnrolInput = z.input<typeof enrolInputSchema>;

export type EnrolResult = { enrolled: string[]; skipped: string[] };

/** Enrols these prospects (already checked as the user's) with their owners' calendars. */
async function enrolProspects(campaign: Campaign, people: { id: string; ownerId: string }[], now: number): Promise<EnrolResult> {
  const calendars = new Map<string, UserRow | undefined>();
  for (const p of people) if (!calendars.has(p.ownerId)) calendars.set(p.ownerId, await findUserById(p.ownerId));
  const rows: NewEnrolment[] = people.map((p) => {
    const owner = calendars.get(p.ownerId);
    const state = startEnrolment(now, { steps: campaign.steps, calendar: calendarOf(owner ?? { timeZone: "UTC", holidays: [] }) });
    return { id: newId("enr"), prospectId: p.id, ownerId: p.ownerId, state };
  });
  return insertEnrolments(campaign.id, rows);
}

/**
 * Enrols people in a campaign the user may see: undefined when there is no such campaign for
 * them (404). Ids the user may not see are a CampaignInputError naming each; an archived
 * campaign is CampaignArchived.
 */
export async function enrol(user: UserRow, campaignId: string, input: EnrolInput, now = Date.now()): Promise<EnrolResult | undefined> {
  const data = enrolInputSchema.parse(input);
  const campaign = await campaignFor(user, campaignId);
  if (!campaign) return undefined;
  if (campaign.archivedAt !== null) throw new CampaignArchived();
  let people: { id: string; ownerId: string }[];
  if ("prospectIds" in data) {
    const found = await prospectsByIds([...new Set(data.prospectIds)]);
    const problems: Record<string, string> = {};
    data.prospectIds.forEach((id, i) => {
      const p = found.get(id);
      if (!p || (p.ownerId !== user.id && user.role !== "admin")) problems[`prospectIds.${i}`] = "No prospect with this id.";
    });
    if (Object.keys(problems).length) throw new CampaignInputError(problems);
    people = data.prospectIds.map((id) => found.get(id)!);
  } else {
    // A filter is over the rep's own list (as call mode's lists are), an admin's too.
    people = await callListProspects({ ownerId: user.id, uncalledOnly: data.filter.list === "fresh", playId: data.filter.playId, limit: MAX_ENROL });
  }
  return enrolProspects(campaign, people, now);
}

/**
 * Takes a person out of a campaign (the enrolment stops; its touches stay counted). Undefined:
 * no such campaign, prospect or enrolment for this user (404); false: it had already ended.
 */
export async function unenrol(user: UserRow, campaignId: string, prospectId: string, now = Date.now()): Promise<boolean | undefined> {
  return repEvent(user, campaignId, prospectId, "unenroll", now);
}

/**
 * The rep holds a person's campaign ("pause": nothing comes due until "resume"; a logged call does
 * not restart it) or lets it go on, the remaining touches keeping their gaps from today. Undefined:
 * no such campaign, prospect or enrolment for this user (404); false: nothing changed (already so, or ended).
 */
export async function holdEnrolment(user: UserRow, campaignId: string, prospectId: string, paused: boolean, now = Date.now()): Promise<boolean | undefined> {
  return repEvent(user, campaignId, prospectId, paused ? "pause" : "resume", now);
}

async function repEvent(user: UserRow, campaignId: string, prospectId: string, event: "unenroll" | "pause" | "resume", now: number): Promise<boolean | undefined> {
  const campaign = await campaignFor(user, campaignId);
  if (!campaign) return undefined;
  const e = await findEnrolment(campaignId, prospectId);
  if (!e || (e.ownerId !== user.id && user.role !== "admin")) return undefined;
  const owner = await findUserById(e.ownerId);
  const before = stateOf(e);
  const after = applyCampaignEvent(before, event, now, { steps: campaign.steps, calendar: calendarOf(owner ?? { timeZone: "UTC", holidays: [] }) });
  if (after === before) return false;
  return (await applyCampaignChanges({ enrolments: [{ id: e.id, expectedUpdatedAt: e.updatedAt, state: after }], touches: [] })).length > 0;
}

export const holdInputSchema = z.object({ paused: z.boolean({ error: "Use true to pause, false to resume." }) }).strict();

/** The script names a campaign's steps use, for their labels (a script deleted since: no name). */
export async function stepScriptNames(user: UserRow, steps: CampaignStep[]): Promise<(string | undefined)[]> {
  return Promise.all(steps.map(async (s) => (s.scriptId ? (await scriptFor(user, s.scriptId))?.name : undefined)));
}

/** Visits within this long after a touch count for that touch on the campaign's page. */
export const VISIT_WINDOW_DAYS = 7;
/** The campaign's page lists this many people; the counts cover everyone. */
export const PEOPLE_LIMIT = 200;

export type CampaignReport = {
  campaign: Campaign;
  counts: Record<EnrolmentStatus, number> & { enrolled: number };
  steps: {
    index: number;
    label: string;
    day: number;
    kind: CampaignStep["kind"];
    touches: number;
    /** Touches followed by a person's visit to the page within VISIT_WINDOW_DAYS. */
    visitedWithin: number;
    /** Voicemail touches: the funnel of the messages they left (lib/experiments/funnel.ts), or null for e-mail and call steps without one. */
    funnel: { messages: number; visits: number; callbacks: number; meetings: number } | null;
  }[];
  /** The funnel's windows, for the page's explanation. */
  windows: { visitDays: number; meetingDays: number };
  people: {
    prospectId: string;
    name: string;
    company: string | null;
    status: EnrolmentStatus;
    statusLabel: string;
    /** "Touch 2 of 4 — voicemail: “Dangle the carrot”", due at; or why it waits or ended. */
    next: string;
    nextDueAt: number | null;
    enrolledAt: number;
  }[];
};

/** The campaign's page: counts, each step's touches and the visits after them, and the people. */
export async function campaignReport(user: UserRow, campaignId: string): Promise<CampaignReport | undefined> {
  const campaign = await campaignFor(user, campaignId);
  if (!campaign) return undefined;
  const owner = viewerOf(user);
  const raw = await enrolmentCounts(campaign.id, owner);
  const counts = { active: raw.active ?? 0, paused: raw.paused ?? 0, finished: raw.finished ?? 0, stopped: raw.stopped ?? 0, enrolled: 0 };
  counts.enrolled = counts.active + counts.paused + counts.finished + counts.stopped;
  const names = await stepScriptNames(user, campaign.steps);
  const stats = new Map((await touchStats(campaign.id, owner, VISIT_WINDOW_DAYS * 86_400_000)).map((s) => [s.step, s]));
  const messages = await touchVoicemailIds(campaign.id, owner);
  const opts = funnelOptions();
  const funnelOf = async (i: number) => {
    const ids = messages.get(i);
    if (!ids?.length) return null;
    const t = (await funnelTotals("all", { voicemailIds: ids }, opts))[0];
    return t ? { messages: t.messages, visits: t.visits, callbacks: t.callbacks, meetings: t.meetings } : null;
  };
  const steps = await Promise.all(
    campaign.steps.map(async (s, i) => ({
      index: i,
      label: describeTouch(s, i, campaign.steps.length, names[i]),
      day: s.day,
      kind: s.kind,
      touches: Number(stats.get(i)?.touches ?? 0),
      visitedWithin: Number(stats.get(i)?.visitedWithin ?? 0),
      funnel: await funnelOf(i),
    })),
  );
  const people = (await enrolledPeople(campaign.id, owner, PEOPLE_LIMIT)).map((e) => {
    const status = e.status as EnrolmentStatus;
    let next: string;
    if (status === "active") next = campaign.steps[e.stepIndex] ? describeTouch(campaign.steps[e.stepIndex], e.stepIndex, campaign.steps.length, names[e.stepIndex]) : "—";
    else if (status === "paused") next = PAUSE_REASONS[e.pauseReason as keyof typeof PAUSE_REASONS]?.label ?? "Paused";
    else next = END_REASONS[e.endReason as keyof typeof END_REASONS]?.label ?? ENROLMENT_STATUSES[status].label;
    return {
      prospectId: e.prospectId,
      name: `${e.firstName} ${e.lastName}`.trim(),
      company: e.company,
      status,
      statusLabel: ENROLMENT_STATUSES[status]?.label ?? e.status,
      next,
      nextDueAt: e.nextDueAt,
      enrolledAt: e.enrolledAt,
    };
  });
  return { campaign, counts, steps, people, windows: { visitDays: opts.visitWithinDays, meetingDays: opts.meetingWithinDays } };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toApiCampaign(c: Campaign) {
  return {
    id: c.id,
    ownerId: c.ownerId,
    name: c.name,
    steps: c.steps,
    shared: c.shared,
    archived: c.archivedAt !== null,
    archivedAt: iso(c.archivedAt),
    createdAt: iso(c.createdAt)!,
    updatedAt: iso(c.updatedAt)!,
  };
}
export type ApiCampaignShape = Awaited<ReturnType<typeof toApiCampaign>>;

/** Which of the user's campaigns a prospect may be put in at import: a campaign they may see, not archived. */
export async function campaignIdProblem(user: UserRow, campaignId: string): Promise<string | undefined> {
  const c = await campaignFor(user, campaignId);
  if (!c) return "No campaign with this id.";
  if (c.archivedAt !== null) return "This campaign is archived. Choose another, or unarchive it first.";
  return undefined;
}

/** Enrols freshly imported prospects (the import checked the campaign and owns the prospects). */
export async function enrolImported(user: UserRow, campaignId: string, prospectIds: string[], now = Date.now()): Promise<EnrolResult> {
  const campaign = await campaignFor(user, campaignId);
  if (!campaign || prospectIds.length === 0) return { enrolled: [], skipped: [] };
  const found = await prospectsByIds(prospectIds);
  return enrolProspects(campaign, [...found.values()], now);
}

/** A rep's days off: local dates campaigns skip like weekends. At most about a year's worth. */
export const holidaysInputSchema = z
  .object({
    holidays: z
      .array(
        z
          .string({ error: "Write each date as YYYY-MM-DD." })
          .trim()
          .regex(/^\d{4}-\d{2}-\d{2}$/, "Write each date as YYYY-MM-DD.")
          .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, "Not a date on the calendar."),
        { error: "List the dates." },
      )
      .max(366, "List at most 366 days."),
  })
  .strict();

/** Saves the rep's holidays, sorted and without repeats. Touches already scheduled keep their dates; new ones skip these. */
export async function saveHolidays(user: UserRow, input: z.input<typeof holidaysInputSchema>, now = Date.now()): Promise<string[]> {
  const dates = [...new Set(holidaysInputSchema.parse(input).holidays)].sort();
  await setUserHolidays(user.id, dates, now);
  return dates;
}

/** "4 touches over 10 working days: voicemail, e-mail, voicemail, call". */
export function describePlan(steps: CampaignStep[]): string {
  const last = steps[steps.length - 1]?.day ?? 0;
  return `${steps.length} ${steps.length === 1 ? "touch" : "touches"} over ${last} working ${last === 1 ? "day" : "days"}: ${steps.map((s) => TOUCH_KINDS[s.kind].label).join(", ")}`;
}

/** The console's list: each campaign the user may see, its plan in words, and how many of the user's people (an admin: everyone's) are in it. */
export async function campaignSummaries(user: UserRow, archived: ArchivedFilter): Promise<{ campaign: Campaign; plan: string; counts: { active: number; enrolled: number } }[]> {
  const owner = viewerOf(user);
  return Promise.all(
    (await campaignsByName(user, archived)).map(async (campaign) => {
      const raw = await enrolmentCounts(campaign.id, owner);
      return { campaign, plan: describePlan(campaign.steps), counts: { active: raw.active ?? 0, enrolled: Object.values(raw).reduce((a, b) => a + b, 0) } };
    }),
  );
}

/** A prospect's campaigns for their page: where they stand in each, and what comes next. Undefined: no such prospect for this user. */
export async function prospectCampaigns(user: UserRow, prospectId: string): Promise<{ campaignId: string; name: string; status: EnrolmentStatus; statusLabel: string; next: string; nextDueAt: number | null }[] | undefined> {
  if (!(await prospectFor(user, prospectId))) return undefined;
  return Promise.all((await enrolmentsOfProspect(prospectId)).map(async (e) => {
    const steps = storedSteps(e.steps);
    const status = e.status as EnrolmentStatus;
    const names = await stepScriptNames(user, steps);
    let next: string;
    if (status === "active") next = steps[e.stepIndex] ? describeTouch(steps[e.stepIndex], e.stepIndex, steps.length, names[e.stepIndex]) : "—";
    else if (status === "paused") next = PAUSE_REASONS[e.pauseReason as keyof typeof PAUSE_REASONS]?.label ?? "Paused";
    else next = END_REASONS[e.endReason as keyof typeof END_REASONS]?.label ?? ENROLMENT_STATUSES[status].label;
    return { campaignId: e.campaignId, name: e.campaignName, status, statusLabel: ENROLMENT_STATUSES[status]?.label ?? e.status, next, nextDueAt: e.nextDueAt };
  }));
}
