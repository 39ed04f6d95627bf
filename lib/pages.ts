/** Prospect pages as the console lists them and the public sees them. */
import { findPlayById } from "../db/queries/plays";
import { findProspectBySlug, listProspects, type ProspectRow } from "../db/queries/prospects";
import type { UserRow } from "../db/queries/users";
import { config } from "./config";
import type { MergeContext } from "./plays/merge";
import { resolvePage, type PlayForPage, type ResolvedPage } from "./plays/resolve";
import { workspace } from "./profiles";

/** A rep sees their own pages; an admin sees everyone's. */
export async function listPagesFor(user: UserRow) {
  return listProspects(user.role === "admin" ? undefined : user.id);
}

/** The address a rep speaks on the voicemail, without the scheme: `acme.com/rob-mason`. */
export async function publicUrl(slug: string): Promise<string> {
  const base = config().PUBLIC_BASE_URL ?? (await workspace()).publicBaseUrl;
  if (!base) return `/${slug}`;
  return `${base.replace(/^https?:\/\//, "").replace(/\/+$/, "")}/${slug}`;
}

export async function pageBySlug(slug: string) {
  return findProspectBySlug(slug);
}

/** What merge fields are filled from, for this prospect and their rep. */
export async function mergeContextFor(prospect: Pick<ProspectRow, "firstName" | "lastName" | "company">, owner: Pick<UserRow, "name" | "title" | "phone" | "email">): Promise<MergeContext> {
  return {
    prospect: { firstName: prospect.firstName, lastName: prospect.lastName, company: prospect.company },
    rep: { name: owner.name, title: owner.title, phone: owner.phone, email: owner.email },
    workspace: { companyName: (await workspace()).companyName },
  };
}

/** The page as its prospect sees it: their play (current version) with their own overrides (lib/plays/resolve.ts). */
export async function resolvedPageBySlug(slug: string, now = Date.now()): Promise<{ prospect: ProspectRow; owner: UserRow; page: ResolvedPage } | undefined> {
  const found = await findProspectBySlug(slug);
  if (!found) return undefined;
  const play: PlayForPage | undefined = found.prospect.playId ? (await findPlayById(found.prospect.playId)) : undefined;
  return { ...found, page: resolvePage(found.prospect, play, await mergeContextFor(found.prospect, found.owner), now) };
}

/** The blocks a page shows (for its Content-Security-Policy: the players it may frame). */
export async function pageBlocksBySlug(slug: string): Promise<unknown> {
  return (await resolvedPageBySlug(slug))?.page.blocks ?? [];
}
