/**
 * Plays: named page templates a rep picks for a prospect. One validation for the console and the
 * API; who may see and change which play; every content change is a new version, and every change
 * refreshes the cached pages at once (lib/page-cache.ts).
 *
 * Who may do what:
 * - a rep sees the workspace's shared plays and their own; another rep's private play is a 404;
 * - only an admin shares a play or changes a shared one (a rep gets 403 for trying);
 * - an admin sees and changes every play.
 */
import { z } from "zod";
import type { UserRow } from "../../db/queries/users";
import {
  deletePlayRow,
  findPlayById,
  insertPlay,
  listPlaysByName,
  listPlaysPage,
  updatePlayRow,
  type PlayContent,
  type PlayRow,
} from "../../db/queries/plays";
import { blocksSchema, storedBlocks, type Block } from "../blocks";
import { optionalText } from "../fields";
import { newId } from "../ids";
import { invalidatePages } from "../page-cache";
import type { ApiPlay } from "../api/schemas";
import { canEdit, canSee, Forbidden } from "../ownership";
import { describeProblems } from "./merge";

export type Ctas = { call: boolean; email: boolean; book: boolean };
export const ALL_CTAS: Ctas = { call: true, email: true, book: true };

export const ctasSchema = z
  .object({ call: z.boolean().default(true), email: z.boolean().default(true), book: z.boolean().default(true) })
  .strict();

/** Stored calls to action, read defensively: anything unreadable shows every button. */
export function storedCtas(value: unknown): Ctas {
  const r = ctasSchema.safeParse(value ?? {});
  return r.success ? r.data : ALL_CTAS;
}

const promiseDays = z
  .number({ error: "Use a whole number of working days from 1 to 30, or null." })
  .int("Use a whole number of working days from 1 to 30, or null.")
  .min(1, "Use a whole number of working days from 1 to 30, or null.")
  .max(30, "Use a whole number of working days from 1 to 30, or null.")
  .nullable();

/** Merge fields are checked where they may be used: the message, block titles and the offer's text. */
function checkTemplates(value: { message?: string | null; blocks?: Block[] }, ctx: z.RefinementCtx) {
  const check = (text: string | null | undefined, path: (string | number)[]) => {
    const problem = text ? describeProblems(text) : undefined;
    if (problem) ctx.addIssue({ code: "custom", message: problem, path });
  };
  check(value.message, ["message"]);
  value.blocks?.forEach((b, i) => {
    check(b.title, ["blocks", i, "title"]);
    if (b.type === "offer") check(b.text, ["blocks", i, "text"]);
  });
}

const fields = {
  name: z.string({ error: "Give the play a name." }).trim().min(1, "Give the play a name.").max(100, "Use at most 100 characters."),
  message: optionalText(2000),
  blocks: blocksSchema,
  shared: z.boolean(),
  ctas: ctasSchema,
  promiseDays,
};

export const playInputSchema = z
  .object({ ...fields, blocks: fields.blocks.default([]), shared: fields.shared.default(false), ctas: ctasSchema.default(ALL_CTAS), promiseDays: promiseDays.optional() })
  .strict()
  .superRefine(checkTemplates);

export const playPatchSchema = z
  .object({
    name: fields.name.optional(),
    message: fields.message,
    blocks: fields.blocks.optional(),
    shared: fields.shared.optional(),
    ctas: ctasSchema.optional(),
    promiseDays: promiseDays.optional(),
    /** true archives (pages using it keep working), false brings it back. */
    archived: z.boolean().optional(),
  })
  .strict()
  .superRefine(checkTemplates);

export type PlayInput = z.input<typeof playInputSchema>;
export type PlayPatch = z.input<typeof playPatchSchema>;

const SHARE_FORBIDDEN = "Only an admin can share a play with the workspace.";
const SHARED_READ_ONLY = "This play is the workspace's: only an admin can change it. Duplicate it to make your own.";

export { canEdit };

/** The play if this user may see it; anyone else gets undefined (a 404). */
export async function playFor(user: UserRow, id: string): Promise<PlayRow | undefined> {
  const p = await findPlayById(id);
  return p && canSee(user, p) ? p : undefined;
}

export async function createPlay(user: UserRow, input: PlayInput, now = Date.now()): Promise<PlayRow> {
  const data = playInputSchema.parse(input);
  if (data.shared && user.role !== "admin") throw new Forbidden({ shared: SHARE_FORBIDDEN });
  return insertPlay(
    { id: newId("ply"), ownerId: user.id, name: data.name, shared: data.shared },
    { message: data.message ?? null, blocks: data.blocks, ctas: data.ctas, promiseDays: data.promiseDays ?? null },
    now,
  );
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Changes a play the user may change. Undefined: no such play for them (404). Content that differs
 * from the current version makes a new version; every page following the play shows it at once.
 */
export async function updatePlay(user: UserRow, id: string, input: PlayPatch, now = Date.now()): Promise<PlayRow | undefined> {
  const data = playPatchSchema.parse(input);
  const existing = await playFor(user, id);
  if (!existing) return undefined;
  if (!canEdit(user, existing)) throw new Forbidden({ _: SHARED_READ_ONLY });
  if (data.shared && user.role !== "admin") throw new Forbidden({ shared: SHARE_FORBIDDEN });
  const next: PlayContent = {
    message: data.message !== undefined ? data.message : existing.message,
    blocks: data.blocks ?? storedBlocks(existing.blocks),
    ctas: data.ctas ?? storedCtas(existing.ctas),
    promiseDays: data.promiseDays !== undefined ? data.promiseDays : existing.promiseDays,
  };
  const current: PlayContent = { message: existing.message, blocks: storedBlocks(existing.blocks), ctas: storedCtas(existing.ctas), promiseDays: existing.promiseDays };
  const changed = !sameJson(next, current);
  const meta: Parameters<typeof updatePlayRow>[1] = {};
  if (data.name !== undefined) meta.name = data.name;
  if (data.shared !== undefined) meta.shared = data.shared;
  if (data.archived !== undefined) meta.archivedAt = data.archived ? (existing.archivedAt ?? now) : null;
  const row = await updatePlayRow(id, meta, changed ? next : undefined, user.id, now);
  if (changed) invalidatePages();
  return row;
}

/** A copy of a play the user may see, as their own private play ("… (copy)"). */
export async function duplicatePlay(user: UserRow, id: string, now = Date.now()): Promise<PlayRow | undefined> {
  const p = await playFor(user, id);
  if (!p) return undefined;
  const name = `${p.name} (copy)`.slice(0, 100);
  return insertPlay(
    { id: newId("ply"), ownerId: user.id, name, shared: false },
    { message: p.message, blocks: storedBlocks(p.blocks), ctas: storedCtas(p.ctas), promiseDays: p.promiseDays },
    now,
  );
}

/**
 * Deletes a play nobody uses. A play that pages follow, or that visits saw (its history), is not
 * deleted: "in_use" (409 — archive it instead).
 */
export async function deletePlay(user: UserRow, id: string): Promise<"deleted" | "in_use" | "not_found"> {
  const p = await playFor(user, id);
  if (!p) return "not_found";
  if (!canEdit(user, p)) throw new Forbidden({ _: SHARED_READ_ONLY });
  const r = await deletePlayRow(id);
  return r === "missing" ? "not_found" : r;
}

export type PlayCursor = { createdAt: number; id: string };

export function encodePlayCursor(c: PlayCursor): string {
  return Buffer.from(`${c.createdAt}:${c.id}`).toString("base64url");
}

export function decodePlayCursor(text: string | null | undefined): PlayCursor | undefined | "invalid" {
  if (!text) return undefined;
  const [ms, id] = Buffer.from(text, "base64url").toString("utf8").split(":");
  const createdAt = Number(ms);
  if (!Number.isSafeInteger(createdAt) || !id || !/^ply_[A-Za-z0-9]+$/.test(id)) return "invalid";
  return { createdAt, id };
}

export type ArchivedFilter = "active" | "archived" | "all";

/** One page of the plays a user may see, newest first, and the cursor for the next. */
export async function pageOfPlays(user: UserRow, archived: ArchivedFilter, after: PlayCursor | undefined, limit: number): Promise<{ rows: PlayRow[]; next: string | null }> {
  const rows = await listPlaysPage({ viewerId: user.role === "admin" ? undefined : user.id, archived }, after, limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? encodePlayCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

/** The plays a user may pick for a page (not archived), by name. */
export async function playChoices(user: UserRow): Promise<PlayRow[]> {
  return listPlaysByName({ viewerId: user.role === "admin" ? undefined : user.id, archived: "active" });
}

/** Every play a user may see, by name (the console's list). */
export async function playsByName(user: UserRow, archived: ArchivedFilter): Promise<PlayRow[]> {
  return listPlaysByName({ viewerId: user.role === "admin" ? undefined : user.id, archived });
}

/**
 * Whether this user may put a page on this play: a play they may see and that is not archived
 * (a page already on an archived play may stay on it). A message for the playId field, or undefined.
 */
export async function playIdProblem(user: UserRow, playId: string, currentPlayId?: string | null): Promise<string | undefined> {
  const p = await playFor(user, playId);
  if (!p) return "No play with this id.";
  if (p.archivedAt !== null && playId !== currentPlayId) return "This play is archived. Choose another, or unarchive it first.";
  return undefined;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export type { ApiPlay };

export function toApiPlay(p: PlayRow): ApiPlay {
  return {
    id: p.id,
    ownerId: p.ownerId,
    name: p.name,
    shared: p.shared,
    archived: p.archivedAt !== null,
    archivedAt: iso(p.archivedAt),
    version: p.version,
    message: p.message,
    blocks: storedBlocks(p.blocks),
    ctas: storedCtas(p.ctas),
    promiseDays: p.promiseDays,
    pages: p.pages,
    createdAt: iso(p.createdAt)!,
    updatedAt: iso(p.updatedAt)!,
  };
}
