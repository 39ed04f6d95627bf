/** Prospect pages as the console lists them and the public sees them. */
import { findPlayById } from "../db/queries/plays";
import { findProspectBySlug, listProspects, type ProspectRow } from "../db/queries/prospects";
import type { UserRow } from "../db/queries/users";
import { config } from "./config";
import type { MergeContext } from "./plays/merge";
import { resolvePage, type PlayForPage, type ResolvedPage } from "./plays/resolve";
import { workspace } from "./profiles";

/** A rep sees their own pages; an admin sees everyone's. */
export function listPagesFor(user: UserRow) {
  return listProspects(user.role === "admin" ? undefined : user.id);
}

/** The address a rep speaks on the voicemail, without the scheme: `acme.com/rob-mason`. */
export function publicUrl(slug: string): string {
  const base = config().PUBLIC_BASE_URL ?? workspace().publicBaseUrl;
  if (!base) return `/${slug}`;
  return `${base.replace(/^https?:\/\//, "").replace(/\/+$/, "")}/${slug}`;
}

export function pageBySlug(slug: string) {
  return findProspectBySlug(slug);
}

/** What merge fields are filled from, for this prospect and their rep. */
export function mergeContextFor(prospect: Pick<ProspectRow, "firstName" | "lastName" | "company">, owner: Pick<UserRow, "name" | "title" | "phone" | "email">): MergeContext {
  return {
    prospect: { firstName: prospect.firstName, lastName: prospect.lastName, company: prospect.company },
    rep: { name: owner.name, title: owner.title, phone: owner.phone, email: owner.email },
    workspace: { companyName: workspace().companyName },
  };
}

/** The page as its prospect sees it: their play (current version) with their own overrides (lib/plays/resolve.ts). */
export function resolvedPageBySlug(slug: string, now = Date.now()): { prospect: ProspectRow; owner: UserRow; page: ResolvedPage } | undefined {
  const found = findProspectBySlug(slug);
  if (!found) return undefined;
  const play: PlayForPage | undefined = found.prospect.playId ? findPlayById(found.prospect.playId) : undefined;
  return { ...found, page: resolvePage(found.prospect, play, mergeContextFor(found.prospect, found.owner), now) };
}

/** The blocks a page shows (for its Content-Security-Policy: the players it may frame). */
export function pageBlocksBySlug(slug: string): unknown {
  return resolvedPageBySlug(slug)?.page.blocks ?? [];
}
