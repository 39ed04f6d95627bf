/**
 * Rendered prospect pages, kept in memory so a page costs the server about what a static file
 * costs. Any change to what a page shows (a prospect, a rep's profile, the workspace) bumps one
 * version and every entry is rendered afresh on its next request; entries also expire, because a
 * page's promise ("I'll call you on Thursday") and offers depend on the date. Shared on globalThis
 * so the Next.js bundle (which edits) and lib/server.ts (which serves) see the same cache.
 */
import { announceChange } from "../db/index";
import { gzipSync } from "node:zlib";

export type CachedPage = {
  status: number;
  headers: [string, string][];
  body: Buffer;
  gzip: Buffer;
  storedAt: number;
  /** The cache's version and the database's data_version when stored: either moving on makes it stale. */
  version: number;
  externalVersion: number;
};

type State = { version: number; entries: Map<string, CachedPage> };
const shared = globalThis as unknown as { __ringbackPageCache?: State };

function state(): State {
  shared.__ringbackPageCache ??= { version: 0, entries: new Map() };
  return shared.__ringbackPageCache;
}

/** Every cached page is stale from now on, here and (PostgreSQL) on every other server. */
export function invalidatePages(): void {
  const s = state();
  s.version++;
  s.entries.clear();
  announceChange();
}

export function cachedPage(key: string, ttlMs: number, externalVersion: number, now = Date.now()): CachedPage | undefined {
  const s = state();
  const hit = s.entries.get(key);
  if (!hit) return undefined;
  if (hit.version !== s.version || hit.externalVersion !== externalVersion || now - hit.storedAt > ttlMs) {
    s.entries.delete(key);
    return undefined;
  }
  // Map order is insertion order: re-inserting keeps the most recently used at the end.
  s.entries.delete(key);
  s.entries.set(key, hit);
  return hit;
}

export function storePage(key: string, page: Omit<CachedPage, "gzip" | "storedAt" | "version" | "externalVersion">, maxEntries: number, externalVersion: number, now = Date.now()): void {
  const s = state();
  while (s.entries.size >= maxEntries) {
    const oldest = s.entries.keys().next().value;
    if (oldest === undefined) break;
    s.entries.delete(oldest);
  }
  s.entries.set(key, { ...page, gzip: gzipSync(page.body, { level: 6 }), storedAt: now, version: s.version, externalVersion });
}
