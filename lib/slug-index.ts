/**
 * The process's index of every slug, for resolving what a listener typed. Kept on globalThis:
 * Next.js bundles lib/ into its own chunks, and the HTTP layer in lib/server.ts loads it again;
 * both must see one index. Rebuilt when a slug changes here (invalidateSlugIndex) or another
 * connection writes to the database (SQLite's data_version).
 */
import { announceChange } from "../db/index";
import { allSlugTargets, externalDataVersion } from "../db/queries/prospects";
import { addToIndex, buildSlugIndex, type SlugIndex, type SlugTarget } from "./slug-resolver";

const shared = globalThis as unknown as { __ringbackSlugIndex?: { index: SlugIndex; version: number } };

export async function slugIndex(): Promise<SlugIndex> {
  const version = externalDataVersion();
  const cached = shared.__ringbackSlugIndex;
  if (cached && cached.version === version) return cached.index;
  const index = buildSlugIndex(await allSlugTargets());
  shared.__ringbackSlugIndex = { index, version };
  return index;
}

export function invalidateSlugIndex(): void {
  shared.__ringbackSlugIndex = undefined;
  announceChange();
}

/** A slug this process just created: added to the index in place (a CSV import adds thousands). */
export function rememberSlug(target: SlugTarget): void {
  shared.__ringbackSlugIndex?.index && addToIndex(shared.__ringbackSlugIndex.index, target);
  // The other servers (PostgreSQL) rebuild theirs: one notification however many slugs an import adds.
  announceChange();
}
