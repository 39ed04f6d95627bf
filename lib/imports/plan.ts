/**
 * What an import will do, row by row: create (with a slug nobody could mistake for another page),
 * update or skip a duplicate, or refuse. Pure over a snapshot of the workspace, so the same plan is
 * made for a dry run, made ahead of the write (with progress), and made again inside the write
 * transaction if the workspace changed meanwhile.
 */
import type { z } from "zod";
import type { ProspectContact, ContactChanges } from "../../db/queries/imports";
import type { NewProspect } from "../../db/queries/prospects";
import type { UserRow } from "../../db/queries/users";
import { newId } from "../ids";
import type { prospectInputSchema } from "../prospects";
import type { SlugIndex } from "../slug-resolver";
import { slugBaseFor, uniqueSlug } from "../slugs";
import type { CheckedRow, RowError } from "./rows";
import type { ImportOutcome } from "./schemas";
import { SlugMatcher } from "./slug-matcher";

export type ValidInput = z.output<typeof prospectInputSchema> & { playId?: string };

export type Snapshot = { contacts: ProspectContact[]; slugIndex: SlugIndex; fingerprint: string };

export type PlanOptions = { actor: UserRow; owner: UserRow; onDuplicate: "skip" | "update" };

export type Plan = {
  fingerprint: string;
  creates: { row: number; prospect: NewProspect }[];
  updates: { row: number; id: string; slug: string; changes: ContactChanges }[];
  skipped: number;
  errors: RowError[];
  outcomes: ImportOutcome[];
};

const NOTHING_TO_SPELL = "The name has no letters to make an address from, nor has the company or the e-mail address. Add a name in Latin or another script.";
const CONTACT_FIELDS = ["firstName", "lastName", "company", "email", "phone", "privateNote"] as const;
const FIELD_WORDS: Record<(typeof CONTACT_FIELDS)[number], string> = { firstName: "first name", lastName: "last name", company: "company", email: "e-mail", phone: "phone", privateNote: "note" };

const nameOf = (r: { firstName?: string; lastName?: string }) => `${r.firstName ?? ""} ${r.lastName ?? ""}`.trim();

/**
 * Plans the rows, yielding after every `chunk` rows so an async caller can report progress and let
 * other requests run; a synchronous caller simply runs it to the end (see runPlan).
 */
export function* planRows(checked: CheckedRow<ValidInput>[], snapshot: Snapshot, opts: PlanOptions, chunk = 250): Generator<number, Plan, void> {
  const byEmail = new Map<string, ProspectContact>();
  const byPhone = new Map<string, ProspectContact>();
  const bySlug = new Map<string, ProspectContact>();
  for (const c of snapshot.contacts) {
    if (c.email && !byEmail.has(c.email.toLowerCase())) byEmail.set(c.email.toLowerCase(), c);
    if (c.phone && !byPhone.has(c.phone)) byPhone.set(c.phone, c);
    bySlug.set(c.slug, c);
  }
  const matcher = new SlugMatcher(snapshot.slugIndex);
  // A slug once found taken (or too close to one) stays so as slugs are only added, so that answer
  // is kept: the tenth John Smith then skips john-smith-2 … -9 at once instead of asking again.
  const known = new Set<string>();
  const soundsTaken = (s: string) => {
    if (known.has(s)) return true;
    const taken = matcher.isTaken(s) || matcher.soundsLikeExisting(s) !== undefined;
    if (taken) known.add(s);
    return taken;
  };
  const fileEmail = new Map<string, number>();
  const filePhone = new Map<string, number>();
  const filePage = new Map<string, number>();
  const claimed = new Map<string, number>(); // existing prospect id → the row that updates or skips it
  const plan: Plan = { fingerprint: snapshot.fingerprint, creates: [], updates: [], skipped: 0, errors: [], outcomes: [] };
  const skip = (row: number, name: string, slug: string | null, message: string) => {
    plan.skipped++;
    plan.outcomes.push({ row, action: "skip", name, slug, message });
  };

  for (let i = 0; i < checked.length; i++) {
    if (i > 0 && i % chunk === 0) yield i;
    const c = checked[i];
    if (!c.ok) {
      plan.errors.push(...c.errors);
      plan.outcomes.push({ row: c.row, action: "error", name: nameOf({ firstName: c.raw.firstName ?? c.raw.name, lastName: c.raw.lastName }), slug: null, message: c.errors.map((e) => e.message).join(" ") });
      continue;
    }
    const input = c.input;
    const name = nameOf(input);
    const email = input.email ?? null;
    const phone = input.phone ?? null;
    const page = pageSlugOf(c.raw.page);

    // The same person twice in this file: the first row wins.
    const earlier = (email && fileEmail.get(email)) || (phone && filePhone.get(phone)) || (page && filePage.get(page));
    if (earlier) {
      const by = email && fileEmail.get(email) ? "e-mail" : phone && filePhone.get(phone) ? "phone" : "page";
      skip(c.row, name, null, `The same ${by} as row ${earlier}: a duplicate within the file.`);
      continue;
    }
    if (email) fileEmail.set(email, c.row);
    if (phone) filePhone.set(phone, c.row);
    if (page) filePage.set(page, c.row);

    const existing = (email && byEmail.get(email)) || (phone && byPhone.get(phone)) || (page && bySlug.get(page)) || undefined;
    if (existing) {
      const same = email && byEmail.get(email) === existing ? "e-mail" : phone && byPhone.get(phone) === existing ? "phone" : "page";
      const who = `${nameOf(existing)} (/${existing.slug})`;
      const claimedBy = claimed.get(existing.id);
      if (claimedBy !== undefined) {
        skip(c.row, name, existing.slug, `The same person as row ${claimedBy}: ${who}.`);
        continue;
      }
      claimed.set(existing.id, c.row);
      if (opts.onDuplicate === "skip") {
        skip(c.row, name, existing.slug, `Already in the workspace: ${who}, same ${same}.`);
        continue;
      }
      const mayEdit = opts.actor.role === "admin" || existing.ownerId === opts.actor.id;
      if (!mayEdit) {
        skip(c.row, name, existing.slug, `Already in the workspace as another rep's prospect, same ${same}: left unchanged.`);
        continue;
      }
      const changes: ContactChanges = {};
      for (const f of CONTACT_FIELDS) {
        const v = input[f];
        // An empty cell says nothing: it never clears what the workspace knows.
        if (v === undefined || v === null || v === "") continue;
        if (v !== existing[f]) (changes as Record<string, string>)[f] = v;
      }
      const changed = Object.keys(changes) as (typeof CONTACT_FIELDS)[number][];
      if (changed.length === 0) {
        skip(c.row, name, existing.slug, `Already in the workspace and up to date: ${who}.`);
        continue;
      }
      plan.updates.push({ row: c.row, id: existing.id, slug: existing.slug, changes });
      plan.outcomes.push({ row: c.row, action: "update", name, slug: existing.slug, message: `Updates ${changed.map((f) => FIELD_WORDS[f]).join(", ")} of ${who}.` });
      continue;
    }

    const base = slugBaseFor(input);
    if (!base) {
      const error = { row: c.row, field: "firstName", column: null, message: NOTHING_TO_SPELL };
      plan.errors.push(error);
      plan.outcomes.push({ row: c.row, action: "error", name, slug: null, message: NOTHING_TO_SPELL });
      continue;
    }
    const slug = uniqueSlug(base, input.company, soundsTaken);
    const id = newId("pro");
    matcher.add({ slug, prospectId: id, canonical: slug });
    const prospect: NewProspect & { playId?: string } = {
      id,
      ownerId: opts.owner.id,
      slug,
      firstName: input.firstName,
      lastName: input.lastName,
      company: input.company ?? null,
      phone,
      email,
      message: input.message ?? null,
      privateNote: input.privateNote ?? null,
      followUpAt: input.followUpAt ?? null,
      blocks: input.blocks ?? [],
    };
    // THE PLAYS WIRING POINT (storage): the validated playId goes into the row; drizzle writes it
    // once the prospects table has the column (until then the schema refuses playId earlier).
    if (input.playId !== undefined) prospect.playId = input.playId;
    plan.creates.push({ row: c.row, prospect });
    plan.outcomes.push({ row: c.row, action: "create", name, slug, message: null });
  }
  plan.errors.sort((a, b) => a.row - b.row);
  return plan;
}

/** Runs a plan to the end without pausing (inside a write transaction). */
export function runPlan(gen: Generator<number, Plan, void>): Plan {
  let r = gen.next();
  while (!r.done) r = gen.next();
  return r.value;
}

/** The slug in a page address from Ringback's export ("https://acme.com/rob-mason" or "acme.com/rob-mason"), or null. */
export function pageSlugOf(url: string | undefined): string | null {
  if (!url) return null;
  const last = url.trim().replace(/[?#].*$/, "").replace(/\/+$/, "").split("/").pop() ?? "";
  let slug = last;
  try {
    slug = decodeURIComponent(last);
  } catch {
    // A malformed %-sequence is not one of our slugs.
  }
  slug = slug.toLowerCase();
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) ? slug : null;
}
