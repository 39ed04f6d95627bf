/** Prospect pages as the console lists them and the public sees them. */
import { findProspectBySlug, listProspects } from "../db/queries/prospects";
import type { UserRow } from "../db/queries/users";
import { config } from "./config";
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
