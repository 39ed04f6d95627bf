/**
 * Prospects and their pages: create, change, delete, list — one validation for the console, the
 * API and CSV rows, and one place that decides a page's slug.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { z } from "zod";
import {
  deleteProspectRow,
  findProspectById,
  inWriteTransaction,
  insertProspect,
  listProspectsPage,
  slugExists,
  updateProspectRow,
  type ProspectRow,
} from "../db/queries/prospects";
import type { UserRow } from "../db/queries/users";
import type { ApiProspect } from "./api/schemas";
import { blocksSchema, storedBlocks } from "./blocks";
import { optionalEmail, optionalText } from "./fields";
import { config } from "./config";
import { newId } from "./ids";
import { workspace } from "./profiles";
import { invalidatePages } from "./page-cache";
import { ctasSchema, playIdProblem, storedCtas, type Ctas } from "./plays/plays";
import { invalidateSlugIndex, rememberSlug, slugIndex } from "./slug-index";
import { soundsLikeExisting } from "./slug-resolver";
import { removeRecordingsOf } from "./voicemail/recordings";
import { checkSlug, slugBaseFor, uniqueSlug, type SlugProblem, type SlugSource } from "./slugs";

const SLUG_MESSAGES: Record<SlugProblem, string> = {
  empty: "Enter an address made of letters and digits, e.g. rob-mason.",
  too_long: "Use at most 60 characters.",
  invalid_characters: "Use lowercase letters and digits joined by single hyphens, e.g. rob-mason.",
  reserved: "This address is used by Ringback itself. Choose another.",
  taken: "This address is already in use. Choose another.",
};
const NOTHING_TO_SPELL = "The name has no letters to make an address from. Enter an address, e.g. rob-mason.";

/** A date (2026-12-01), a date-time, or UTC milliseconds; null clears it. */
const followUp = z
  .union([z.number().int().positive(), z.iso.datetime({ offset: true }), z.iso.date(), z.literal(""), z.null()], {
    error: "Use a date such as 2026-12-01, a date-time, or leave it empty.",
  })
  .transform((v) => {
    if (v === null || v === "") return null;
    if (typeof v === "number") return v;
    return v.length === 10 ? Date.parse(`${v}T15:00:00Z`) : Date.parse(v);
  })
  .optional();

const fields = {
  firstName: z.string({ error: "Enter the first name." }).trim().min(1, "Enter the first name.").max(100, "Use at most 100 characters."),
  lastName: z.string().trim().max(100, "Use at most 100 characters.").default(""),
  company: optionalText(120),
  phone: optionalText(40).refine((v) => !v || phoneIsPossible(v), "Enter a phone number such as +1 555 010 2030."),
  email: optionalEmail,
  message: optionalText(2000),
  privateNote: optionalText(5000),
  followUpAt: followUp,
  slug: z.string().trim().toLowerCase().max(200).optional(),
  blocks: blocksSchema.optional(),
  /** The play the page follows (lib/plays); empty or null: none. Its own message, blocks and ctas override the play's. */
  playId: z
    .string()
    .trim()
    .max(40)
    .regex(/^(ply_[A-Za-z0-9]+)?$/, "Use a play id such as ply_…, or leave it empty.")
    .transform((v) => v || null)
    .nullable()
    .optional(),
  /** Which calls to action show, for this page only; null follows the play. */
  ctas: ctasSchema.nullable().optional(),
};

export const prospectInputSchema = z.object(fields).strict();
export const prospectPatchSchema = z
  .object({ ...fields, firstName: fields.firstName.optional(), lastName: z.string().trim().max(100, "Use at most 100 characters.").optional() })
  .strict();

export type ProspectInput = z.input<typeof prospectInputSchema>;
export type ProspectPatch = z.input<typeof prospectPatchSchema>;

/** A problem with one or more fields, to show beside them. */
export class ProspectError extends Error {
  constructor(public fields: Record<string, string>) {
    super(Object.values(fields)[0] ?? "Some fields are not valid.");
  }
}

function phoneIsPossible(raw: string): boolean {
  return parsePhoneNumberFromString(raw, (workspace().defaultPhoneRegion || "US") as CountryCode)?.isPossible() ?? false;
}

/** A phone number in E.164 (+15550102030), read in the workspace's default region. */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const region = (workspace().defaultPhoneRegion || "US") as CountryCode;
  const parsed = parsePhoneNumberFromString(raw, region);
  if (!parsed || !parsed.isPossible()) throw new ProspectError({ phone: "Enter a phone number such as +1 555 010 2030." });
  return parsed.number;
}

/** The slug a rep asked for (checked), or one made from the name that nobody could confuse. */
function chooseSlug(requested: string | undefined, person: SlugSource, isTaken: (s: string) => boolean, ownId?: string): string {
  if (requested !== undefined && requested !== "") {
    const problem = checkSlug(requested, isTaken);
    if (problem) throw new ProspectError({ slug: SLUG_MESSAGES[problem] });
    return requested;
  }
  const base = slugBaseFor(person);
  if (!base) throw new ProspectError({ slug: NOTHING_TO_SPELL });
  // An automatic slug must not sound like somebody else's, or a listener could reach the wrong page.
  const soundsLikeOther = (s: string) => {
    const other = soundsLikeExisting(s, slugIndex());
    return other !== undefined && other.prospectId !== ownId;
  };
  return uniqueSlug(base, person.company, (s) => isTaken(s) || soundsLikeOther(s));
}

export function createProspect(owner: UserRow, input: ProspectInput, now = Date.now()): ProspectRow {
  const data = prospectInputSchema.parse(input);
  const phone = normalisePhone(data.phone);
  const playProblem = data.playId ? playIdProblem(owner, data.playId) : undefined;
  if (playProblem) throw new ProspectError({ playId: playProblem });
  // A page made without a play follows the workspace's default (an experiment's declared winner), when its owner may use it.
  const fallbackPlay = data.playId === undefined ? workspace().defaultPlayId : null;
  const defaultPlay = fallbackPlay && !playIdProblem(owner, fallbackPlay) ? fallbackPlay : null;
  const row = inWriteTransaction((tx) => {
    const slug = chooseSlug(data.slug, data, (s) => slugExists(s, tx));
    return insertProspect(
      {
        id: newId("pro"),
        ownerId: owner.id,
        slug,
        firstName: data.firstName,
        lastName: data.lastName,
        company: data.company ?? null,
        phone,
        email: data.email ?? null,
        message: data.message ?? null,
        privateNote: data.privateNote ?? null,
        followUpAt: data.followUpAt ?? null,
        blocks: data.blocks ?? [],
        playId: data.playId ?? defaultPlay,
        ctas: data.ctas ?? null,
      },
      now,
      tx,
    );
  });
  rememberSlug({ slug: row.slug, prospectId: row.id, canonical: row.slug });
  return row;
}

/** The prospect if this user may see it: its owner, or an admin. Anyone else gets undefined (a 404). */
export function prospectFor(user: UserRow, id: string): ProspectRow | undefined {
  const p = findProspectById(id);
  if (!p) return undefined;
  return p.ownerId === user.id || user.role === "admin" ? p : undefined;
}

export function updateProspect(user: UserRow, id: string, input: ProspectPatch, now = Date.now()): ProspectRow | undefined {
  const data = prospectPatchSchema.parse(input);
  const existing = prospectFor(user, id);
  if (!existing) return undefined;
  const changes: Parameters<typeof updateProspectRow>[1] = {};
  const playProblem = data.playId ? playIdProblem(user, data.playId, existing.playId) : undefined;
  if (playProblem) throw new ProspectError({ playId: playProblem });
  for (const key of ["firstName", "lastName", "company", "email", "message", "privateNote", "followUpAt", "blocks", "playId", "ctas"] as const) {
    if (data[key] !== undefined) (changes as Record<string, unknown>)[key] = data[key];
  }
  if (data.phone !== undefined) changes.phone = normalisePhone(data.phone);
  const row = inWriteTransaction((tx) => {
    if (data.slug !== undefined && data.slug !== existing.slug) {
      // Its own earlier slugs may be taken back.
      const isTaken = (s: string) => slugExists(s, tx) && !isOwnAlias(s, existing.id);
      const person = {
        firstName: data.firstName ?? existing.firstName,
        lastName: data.lastName ?? existing.lastName,
        company: data.company ?? existing.company,
        email: data.email ?? existing.email,
      };
      changes.slug = chooseSlug(data.slug || undefined, person, isTaken, existing.id);
    }
    return updateProspectRow(id, changes, now, tx);
  });
  if (changes.slug) invalidateSlugIndex();
  invalidatePages();
  return row;
}

function isOwnAlias(slug: string, prospectId: string): boolean {
  const t = slugIndex().bySlug.get(slug);
  return t !== undefined && t.prospectId === prospectId;
}

export function deleteProspect(user: UserRow, id: string): boolean {
  if (!prospectFor(user, id)) return false;
  removeRecordingsOf(id);
  const ok = deleteProspectRow(id);
  invalidateSlugIndex();
  invalidatePages();
  return ok;
}

export type Cursor = { createdAt: number; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.createdAt}:${c.id}`).toString("base64url");
}

export function decodeCursor(text: string | null | undefined): Cursor | undefined | "invalid" {
  if (!text) return undefined;
  const [ms, id] = Buffer.from(text, "base64url").toString("utf8").split(":");
  const createdAt = Number(ms);
  if (!Number.isSafeInteger(createdAt) || !id || !/^pro_[A-Za-z0-9]+$/.test(id)) return "invalid";
  return { createdAt, id };
}

/** One page of the prospects a user may see (own; all for admins), and the cursor for the next. */
export function pageOfProspects(user: UserRow, after: Cursor | undefined, limit: number): { rows: ProspectRow[]; next: string | null } {
  const rows = listProspectsPage(user.role === "admin" ? undefined : user.id, after, limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

/** The public origin prospects type: configured, or else the one this request came to. */
export function publicOrigin(requestOrigin: string): string {
  const base = config().PUBLIC_BASE_URL ?? workspace().publicBaseUrl ?? requestOrigin;
  return base.replace(/\/+$/, "");
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export type { ApiProspect };

export function toApiProspect(p: ProspectRow, origin: string): ApiProspect {
  return {
    id: p.id,
    ownerId: p.ownerId,
    slug: p.slug,
    url: `${publicOrigin(origin)}/${p.slug}`,
    firstName: p.firstName,
    lastName: p.lastName,
    company: p.company,
    phone: p.phone,
    email: p.email,
    message: p.message,
    privateNote: p.privateNote,
    followUpAt: iso(p.followUpAt),
    blocks: storedBlocks(p.blocks),
    playId: p.playId,
    ctas: p.ctas ? storedCtas(p.ctas) : null,
    createdAt: iso(p.createdAt)!,
    updatedAt: iso(p.updatedAt)!,
  };
}
