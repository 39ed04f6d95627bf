/**
 * The process's index of every slug, for resolving what a listener typed. Rebuilt when this
 * process changes a slug (invalidateSlugIndex) or another process writes to the database.
 */
import { allSlugTargets, externalDataVersion } from "../db/queries/prospects";
import { addToIndex, buildSlugIndex, type SlugIndex, type SlugTarget } from "./slug-resolver";

let cached: { index: SlugIndex; version: number } | undefined;

export function slugIndex(): SlugIndex {
  const version = externalDataVersion();
  if (!cached || cached.version !== version) cached = { index: buildSlugIndex(allSlugTargets()), version };
  return cached.index;
}

export function invalidateSlugIndex(): void {
  cached = undefined;
}

/** A slug this process just created: added to the index in place (a CSV import adds thousands). */
export function rememberSlug(target: SlugTarget): void {
  if (cached) addToIndex(cached.index, target);
}
