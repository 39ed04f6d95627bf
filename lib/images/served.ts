/**
 * Which photo and logo addresses a page may show. Only images Ringback re-encoded and serves itself
 * qualify: a link to another host would tell that host every prospect's address, and a broken or
 * hostile one would break the page. Safe to import from client components (no Node APIs).
 */

/** A re-encoded photo or logo: named by a hash of its bytes, so an address never changes meaning. */
export const IMAGE_PATH = /^\/uploads\/[a-f0-9]{32}\.webp$/;

/** The address to render, or null for nothing (no image, or a link left from before images were stored here). */
export function servedImage(url: string | null | undefined): string | null {
  return url && IMAGE_PATH.test(url) ? url : null;
}

/** A stored value that is a link to another site: kept from before, never shown to prospects. */
export function isRemoteImage(url: string | null | undefined): boolean {
  return !!url && /^https?:\/\//i.test(url);
}
