/**
 * Voicemail scripts: one validation for the console and the API, who may see and change which
 * script, the workspace's built-in examples, and a script rendered for a prospect.
 *
 * Who may do what (as for plays):
 * - a rep sees the workspace's shared scripts, the examples and their own; another rep's private
 *   script is a 404;
 * - only an admin shares a script or changes a shared one (a rep gets 403);
 * - the examples (`scr_example_<style>`) are built in — they come from lib/voicemail/styles.ts, not
 *   from rows — so every workspace has them, they improve with the code, and nobody can change or
 *   delete them (403); duplicating one (POST with its body) makes an editable copy.
 */
import { z } from "zod";
import {
  deleteScriptRow,
  findScriptById,
  insertScript,
  lastScriptIdUsedBy,
  listScriptsByName,
  listScriptsPage,
  updateScriptRow,
  type ScriptRow,
} from "../../db/queries/scripts";
import type { UserRow } from "../../db/queries/users";
import { config } from "../config";
import { newId } from "../ids";
import { describeProblems, SCRIPT_MERGE_FIELDS } from "../plays/merge";
import { workspace } from "../profiles";
import { prospectFor, publicOrigin } from "../prospects";
import { listProspects } from "../../db/queries/prospects";
import { renderScript, type RenderedScript } from "./render";
import { exampleId, STYLE_KEYS, STYLES, styleOf, type StyleKey } from "./styles";
import { canEdit, canSee, Forbidden } from "../ownership";
import { armFor } from "../experiments/experiments";

/** A script as lib/ and the API see it: a row, or a built-in example (ownerId null, read-only). */
export type Script = {
  id: string;
  ownerId: string | null;
  name: string;
  style: StyleKey;
  body: string;
  shared: boolean;
  example: boolean;
  archivedAt: number | null;
  createdAt: number | null;
  updatedAt: number | null;
};

export const EXAMPLE_SCRIPTS: readonly Script[] = STYLES.map((s) => ({
  id: exampleId(s.key),
  ownerId: null,
  name: `Example: ${s.name}`,
  style: s.key,
  body: s.example,
  shared: true,
  example: true,
  archivedAt: null,
  createdAt: null,
  updatedAt: null,
}));
const EXAMPLES_BY_ID = new Map(EXAMPLE_SCRIPTS.map((s) => [s.id, s]));

/** The suggestion when a rep has used no script yet: "their problem, not our product". */
export const DEFAULT_SCRIPT_ID = exampleId("their_problem");

function fromRow(r: ScriptRow): Script {
  return { ...r, style: (styleOf(r.style)?.key ?? "their_problem") as StyleKey, example: false };
}

const STYLE_MESSAGE = `Choose a style: ${STYLE_KEYS.join(", ")}.`;

function checkBody(value: { body?: string }, ctx: z.RefinementCtx) {
  const problem = value.body ? describeProblems(value.body, SCRIPT_MERGE_FIELDS) : undefined;
  if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["body"] });
}

const fields = {
  name: z.string({ error: "Give the script a name." }).trim().min(1, "Give the script a name.").max(100, "Use at most 100 characters."),
  style: z.enum(STYLE_KEYS, { error: STYLE_MESSAGE }),
  body: z.string({ error: "Write what you will say." }).trim().min(1, "Write what you will say.").max(4000, "Use at most 4000 characters."),
  shared: z.boolean(),
};

export const scriptInputSchema = z
  .object({ ...fields, shared: fields.shared.default(false) })
  .strict()
  .superRefine(checkBody);

export const scriptPatchSchema = z
  .object({
    name: fields.name.optional(),
    style: fields.style.optional(),
    body: fields.body.optional(),
    shared: fields.shared.optional(),
    /** true archives it (hidden from the suggestion), false brings it back. */
    archived: z.boolean().optional(),
  })
  .strict()
  .superRefine(checkBody);

export type ScriptInput = z.input<typeof scriptInputSchema>;
export type ScriptPatch = z.input<typeof scriptPatchSchema>;

const SHARE_FORBIDDEN = "Only an admin can share a script with the workspace.";
const SHARED_READ_ONLY = "This script is the workspace's: only an admin can change it. Duplicate it to make your own.";
const EXAMPLE_READ_ONLY = "The examples are built in and read-only: duplicate one to make your own.";


/** The script (or example) if this user may see it; anyone else gets undefined (a 404). */
export async function scriptFor(user: UserRow, id: string): Promise<Script | undefined> {
  const example = EXAMPLES_BY_ID.get(id);
  if (example) return example;
  const r = await findScriptById(id);
  return r && canSee(user, r) ? fromRow(r) : undefined;
}

export async function createScript(user: UserRow, input: ScriptInput, now = Date.now()): Promise<Script> {
  const data = scriptInputSchema.parse(input);
  if (data.shared && user.role !== "admin") throw new Forbidden({ shared: SHARE_FORBIDDEN });
  return fromRow(await insertScript({ id: newId("scr"), ownerId: user.id, ...data }, now));
}

/** Changes a script the user may change; undefined: no such script for them (404). */
export async function updateScript(user: UserRow, id: string, input: ScriptPatch, now = Date.now()): Promise<Script | undefined> {
  const data = scriptPatchSchema.parse(input);
  if (EXAMPLES_BY_ID.has(id)) throw new Forbidden({ _: EXAMPLE_READ_ONLY });
  const existing = await findScriptById(id);
  if (!existing || !canSee(user, existing)) return undefined;
  if (!canEdit(user, existing)) throw new Forbidden({ _: SHARED_READ_ONLY });
  if (data.shared && user.role !== "admin") throw new Forbidden({ shared: SHARE_FORBIDDEN });
  const { archived, ...rest } = data;
  const changes: Parameters<typeof updateScriptRow>[1] = { ...rest };
  if (archived !== undefined) changes.archivedAt = archived ? (existing.archivedAt ?? now) : null;
  const row = await updateScriptRow(id, changes, now);
  return row && fromRow(row);
}

export async function deleteScript(user: UserRow, id: string): Promise<boolean> {
  if (EXAMPLES_BY_ID.has(id)) throw new Forbidden({ _: EXAMPLE_READ_ONLY });
  const existing = await findScriptById(id);
  if (!existing || !canSee(user, existing)) return false;
  if (!canEdit(user, existing)) throw new Forbidden({ _: SHARED_READ_ONLY });
  return deleteScriptRow(id);
}

/**
 * The list's position: within the examples (they come first, on the first page), or after a row
 * (newest first).
 */
export type ScriptCursor = { kind: "example"; n: number } | { kind: "row"; createdAt: number; id: string };

export function encodeScriptCursor(c: ScriptCursor): string {
  return Buffer.from(c.kind === "example" ? `e:${c.n}` : `r:${c.createdAt}:${c.id}`).toString("base64url");
}

export function decodeScriptCursor(text: string | null | undefined): ScriptCursor | undefined | "invalid" {
  if (!text) return undefined;
  const [kind, a, b] = Buffer.from(text, "base64url").toString("utf8").split(":");
  if (kind === "e" && /^\d{1,3}$/.test(a ?? "") && b === undefined) return { kind: "example", n: Number(a) };
  const createdAt = Number(a);
  if (kind === "r" && Number.isSafeInteger(createdAt) && b && /^scr_[A-Za-z0-9_-]+$/.test(b)) return { kind: "row", createdAt, id: b };
  return "invalid";
}

export type ArchivedFilter = "active" | "archived" | "all";

/** One page of the scripts a user may see — the examples first, then rows newest first — and the cursor for the next. */
export async function pageOfScripts(user: UserRow, archived: ArchivedFilter, after: ScriptCursor | undefined, limit: number): Promise<{ rows: Script[]; next: string | null }> {
  const filter = { viewerId: user.role === "admin" ? undefined : user.id, archived };
  const examples = archived === "archived" ? [] : EXAMPLE_SCRIPTS;
  const items: Script[] = [];
  let rowsAfter: { createdAt: number; id: string } | undefined;
  if (!after || after.kind === "example") {
    const start = after?.n ?? 0;
    const rest = examples.slice(start);
    if (rest.length > limit) return { rows: rest.slice(0, limit), next: encodeScriptCursor({ kind: "example", n: start + limit }) };
    items.push(...rest);
  } else rowsAfter = after;
  const need = limit - items.length;
  const rows = (await listScriptsPage(filter, rowsAfter, need + 1)).map(fromRow);
  const more = rows.length > need;
  const page = rows.slice(0, need);
  const last = page[page.length - 1];
  const next = !more ? null : last ? encodeScriptCursor({ kind: "row", createdAt: last.createdAt!, id: last.id }) : encodeScriptCursor({ kind: "example", n: examples.length });
  return { rows: [...items, ...page], next };
}

/** Every script a user may see for the console: the examples, then theirs and the workspace's by name. */
export async function scriptsForConsole(user: UserRow): Promise<Script[]> {
  return [...EXAMPLE_SCRIPTS, ...(await listScriptsByName({ viewerId: user.role === "admin" ? undefined : user.id, archived: "active" })).map(fromRow)];
}

/**
 * The script to suggest for a rep: the workspace's default (an experiment's declared winner), else
 * the one they used last (if they still may), else "their problem, not our product". A running
 * experiment's arm comes before all of these (scriptForProspect).
 */
export async function suggestedScript(user: UserRow): Promise<Script> {
  const usable = async (id: string | null | undefined) => {
    const s = id ? (await scriptFor(user, id)) : undefined;
    return s && s.archivedAt === null ? s : undefined;
  };
  return (await usable((await workspace()).defaultScriptId)) ?? (await usable(await lastScriptIdUsedBy(user.id))) ?? EXAMPLES_BY_ID.get(DEFAULT_SCRIPT_ID)!;
}

/** The speaking rate and window from the configuration. */
export function timingSettings() {
  const c = config();
  return { wpm: c.SPEAKING_RATE_WPM, window: { min: c.SCRIPT_TARGET_SECONDS_MIN, max: c.SCRIPT_TARGET_SECONDS_MAX } };
}

/** Any body rendered for a prospect this user may see (the console's live preview); undefined: no such prospect. */
export async function renderBodyFor(user: UserRow, prospectId: string, body: string, style: string | undefined, requestOrigin: string): Promise<RenderedScript | undefined> {
  const p = await prospectFor(user, prospectId);
  if (!p) return undefined;
  const ws = await workspace();
  return renderScript({
    body,
    style,
    prospect: { firstName: p.firstName, lastName: p.lastName, company: p.company, slug: p.slug },
    rep: { name: user.name, title: user.title, phone: user.phone, email: user.email },
    workspace: { companyName: ws.companyName, publicBase: await publicOrigin(requestOrigin), spokenDash: ws.spokenDash },
    timing: timingSettings(),
  });
}

export type ProspectScript = {
  script: Script;
  rendered: RenderedScript;
  /** The running experiment that chose this script (or the page's play) for the prospect, and how. */
  experiment?: { id: string; name: string; kind: "script" | "play"; armId: string; reason: string };
};

/**
 * A script rendered for a prospect: the one asked for, or the suggested one. "prospect": no such
 * prospect for this user; "script": no such script for them (both 404).
 */
export async function scriptForProspect(user: UserRow, prospectId: string, scriptId: string | undefined, requestOrigin: string): Promise<ProspectScript | "prospect" | "script"> {
  const p = await prospectFor(user, prospectId);
  if (!p) return "prospect";
  // About to leave a message: a running experiment picks this prospect's arm now (for a play, the page shows it).
  const arm = scriptId ? undefined : ((await armFor(user, p, "script")) ?? (await armFor(user, p, "play")));
  const armScript = arm?.experiment.kind === "script" ? (await scriptFor(user, arm.armId)) : undefined;
  const script = scriptId ? (await scriptFor(user, scriptId)) : (armScript ?? (await suggestedScript(user)));
  if (!script) return "script";
  const experiment = arm && { id: arm.experiment.id, name: arm.experiment.name, kind: arm.experiment.kind, armId: arm.armId, reason: arm.reason };
  return { script, rendered: (await renderBodyFor(user, prospectId, script.body, script.style, requestOrigin))!, ...(experiment ? { experiment } : {}) };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toApiScript(s: Script) {
  return {
    id: s.id,
    ownerId: s.ownerId,
    name: s.name,
    style: s.style,
    body: s.body,
    shared: s.shared,
    example: s.example,
    archived: s.archivedAt !== null,
    archivedAt: iso(s.archivedAt),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

/** The prospects a preview may be rendered for, and the default: Rob Mason if there is one, else the newest. */
export async function previewProspects(user: UserRow): Promise<{ choices: { id: string; label: string }[]; defaultId: string | null }> {
  const rows = await listProspects(user.role === "admin" ? undefined : user.id, 200);
  const choices = rows.map((p) => ({ id: p.id, label: `${p.firstName} ${p.lastName}`.trim() + (p.company ? ` of ${p.company}` : "") }));
  const rob = rows.find((p) => p.firstName === "Rob" && p.lastName === "Mason");
  return { choices, defaultId: rob?.id ?? rows[0]?.id ?? null };
}

/** The console's live preview: any words (saved or not) for a prospect, and the first problem with their merge fields. */
export const previewInputSchema = z
  .object({ prospectId: z.string().max(40), body: z.string().max(4000), style: z.string().max(40).optional() })
  .strict();

export async function previewScript(user: UserRow, input: z.infer<typeof previewInputSchema>, requestOrigin: string): Promise<(RenderedScript & { problem: string | null }) | undefined> {
  const r = await renderBodyFor(user, input.prospectId, input.body, input.style, requestOrigin);
  return r && { ...r, problem: describeProblems(input.body, SCRIPT_MERGE_FIELDS) ?? null };
}
