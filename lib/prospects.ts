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
  existingSlugs,
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
import { checkSlug, slugBaseFor, slugCandidates, type SlugProblem, type SlugSource } from "./slugs";

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
  // Whether it is a possible number depends on the workspace's region: checked by parseProspectInput.
  phone: optionalText(40),
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

const PHONE_PROBLEM = "Enter a phone number such as +1 555 010 2030.";

async function phoneIsPossible(raw: string): Promise<boolean> {
  return parsePhoneNumberFromString(raw, ((await workspace()).defaultPhoneRegion || "US") as CountryCode)?.isPossible() ?? false;
}

/** What is wrong with a phone as typed (read in the workspace's region), or undefined when it is fine or empty. */
export async function phoneProblem(raw: unknown): Promise<string | undefined> {
  const phone = typeof raw === "string" ? raw.trim() : "";
  return phone !== "" && phone.length <= 40 && !(await phoneIsPossible(phone)) ? PHONE_PROBLEM : undefined;
}

/**
 * Parses a prospect's input (new or a patch) with its schema, and checks the phone is a possible
 * number in the workspace's region: every problem at once, as one ZodError (a 422 with fields).
 */
export async function parseProspectInput<S extends typeof prospectInputSchema | typeof prospectPatchSchema>(schema: S, input: unknown): Promise<z.output<S>> {
  const parsed = schema.safeParse(input);
  const raw = (input as { phone?: unknown } | null | undefined)?.phone;
  if (!(await phoneProblem(raw))) {
    if (parsed.success) return parsed.data as z.output<S>;
    throw parsed.error;
  }
  const issues = parsed.success ? [] : parsed.error.issues.filter((i) => i.path[0] !== "phone");
  throw new z.ZodError([...issues, { code: "custom", path: ["phone"], message: PHONE_PROBLEM, input: raw }]);
}

/** A phone number in E.164 (+15550102030), read in the workspace's default region. */
export async function normalisePhone(raw: string | null | undefined): Promise<string | null> {
  if (!raw) return null;
  const region = ((await workspace()).defaultPhoneRegion || "US") as CountryCode;
  const parsed = parsePhoneNumberFromString(raw, region);
  if (!parsed || !parsed.isPossible()) throw new ProspectError({ phone: PHONE_PROBLEM });
  return parsed.number;
}

/** The slug a rep asked for (checked), or one made from the name that nobody could confuse. */
/**
 * The slug a page gets: the one asked for if free, else the first free, speakable candidate. Taken
 * means in use by another page (now or as an earlier address) — a page's own earlier addresses
 * (`ownId`) may be taken back. Candidates are looked up 20 at a time in one query, inside the
 * caller's write transaction, so what is free here is still free when inserted.
 */
async function chooseSlug(requested: string | undefined, person: SlugSource, ownId?: string): Promise<string> {
  const takenAmong = async (slugs: string[]) => new Set((await existingSlugs(slugs)).filter((s) => s.prospectId !== ownId).map((s) => s.slug));
  if (requested !== undefined && requested !== "") {
    const taken = await takenAmong([requested]);
    const problem = checkSlug(requested, (s) => taken.has(s));
    if (problem) throw new ProspectError({ slug: SLUG_MESSAGES[problem] });
    return requested;
  }
  const base = slugBaseFor(person);
  if (!base) throw new ProspectError({ slug: NOTHING_TO_SPELL });
  // An automatic slug must not sound like somebody else's, or a listener could reach the wrong page.
  const index = await slugIndex();
  const soundsLikeOther = (s: string) => {
    const other = soundsLikeExisting(s, index);
    return other !== undefined && other.prospectId !== ownId;
  };
  const candidates = slugCandidates(base, person.company);
  for (;;) {
    const batch = Array.from({ length: 20 }, () => candidates.next().value);
    const taken = await takenAmong(batch);
    for (const c of batch) if (checkSlug(c, (s) => taken.has(s) || soundsLikeOther(s)) === null) return c;
  }
}

export async function createProspect(owner: UserRow, input: ProspectInput, now = Date.now()): Promise<ProspectRow> {
  const data = await parseProspectInput(prospectInputSchema, input);
  const phone = await normalisePhone(data.phone);
  const playProblem = data.playId ? (await playIdProblem(owner, data.playId)) : undefined;
  if (playProblem) throw new ProspectError({ playId: playProblem });
  // A page made without a play follows the workspace's default (an experiment's declared winner), when its owner may use it.
  const fallbackPlay = data.playId === undefined ? (await workspace()).defaultPlayId : null;
  const defaultPlay = fallbackPlay && !(await playIdProblem(owner, fallbackPlay)) ? fallbackPlay : null;
  const row = await inWriteTransaction(async () => {
    const slug = await chooseSlug(data.slug, data);
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
    );
  });
  rememberSlug({ slug: row.slug, prospectId: row.id, canonical: row.slug });
  return row;
}

/** The prospect if this user may see it: its owner, or an admin. Anyone else gets undefined (a 404). */
export async function prospectFor(user: UserRow, id: string): Promise<ProspectRow | undefined> {
  const p = await findProspectById(id);
  if (!p) return undefined;
  return p.ownerId === user.id || user.role === "admin" ? p : undefined;
}

export async function updateProspect(user: UserRow, id: string, input: ProspectPatch, now = Date.now()): Promise<ProspectRow | undefined> {
  const data = await parseProspectInput(prospectPatchSchema, input);
  const existing = await prospectFor(user, id);
  if (!existing) return undefined;
  const changes: Parameters<typeof updateProspectRow>[1] = {};
  const playProblem = data.playId ? (await playIdProblem(user, data.playId, existing.playId)) : undefined;
  if (playProblem) throw new ProspectError({ playId: playProblem });
  for (const key of ["firstName", "lastName", "company", "email", "message", "privateNote", "followUpAt", "blocks", "playId", "ctas"] as const) {
    if (data[key] !== undefined) (changes as Record<string, unknown>)[key] = data[key];
  }
  if (data.phone !== undefined) changes.phone = await normalisePhone(data.phone);
  const row = await inWriteTransaction(async (tx) => {
    if (data.slug !== undefined && data.slug !== existing.slug) {
      // Its own earlier slugs may be taken back.
      const person = {
        firstName: data.firstName ?? existing.firstName,
        lastName: data.lastName ?? existing.lastName,
        company: data.company ?? existing.company,
        email: data.email ?? existing.email,
      };
      changes.slug = await chooseSlug(data.slug || undefined, person, existing.id);
    }
    return updateProspectRow(id, changes, now);
  });
  if (changes.slug) invalidateSlugIndex();
  invalidatePages();
  return row;
}

export async function deleteProspect(user: UserRow, id: string): Promise<boolean> {
  if (!(await prospectFor(user, id))) return false;
  await removeRecordingsOf(id);
  const ok = await deleteProspectRow(id);
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
export async function pageOfProspects(user: UserRow, after: Cursor | undefined, limit: number): Promise<{ rows: ProspectRow[]; next: string | null }> {
  const rows = await listProspectsPage(user.role === "admin" ? undefined : user.id, after, limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

/** The public origin prospects type: configured, or else the one this request came to. */
export async function publicOrigin(requestOrigin: string): Promise<string> {
  const base = config().PUBLIC_BASE_URL ?? (await workspace()).publicBaseUrl ?? requestOrigin;
  return base.replace(/\/+$/, "");
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export type { ApiProspect };

export async function toApiProspect(p: ProspectRow, origin: string): Promise<ApiProspect> {
  return {
    id: p.id,
    ownerId: p.ownerId,
    slug: p.slug,
    url: `${(await publicOrigin(origin))}/${p.slug}`,
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
