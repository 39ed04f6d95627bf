/**
 * The routes under app/, found by walking it as Next.js routes it, for tests that must cover every
 * route (protection, CSRF probes) without anyone having to remember to add a new one.
 */
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./server";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export type Found = { kind: "page" | "handler"; file: string; pattern: string; methods: string[] };

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : [full];
  });
}

/**
 * The URL pattern of a folder under app/, as Next.js routes it: route groups `(x)` and parallel
 * slots `@x` add no segment; a private folder `_x` (and everything in it) is not routed at all.
 */
export function patternOf(relDir: string): string | null {
  const segments = relDir.split(path.sep).filter(Boolean);
  if (segments.some((s) => s.startsWith("_"))) return null;
  return "/" + segments.filter((s) => !(s.startsWith("(") && s.endsWith(")")) && !s.startsWith("@")).join("/");
}

/** The HTTP methods a route.ts exports, read from its source. */
export function exportedMethods(source: string): string[] {
  const names = new Set<string>();
  const alternatives = HTTP_METHODS.join("|");
  for (const m of source.matchAll(new RegExp(`export\\s+(?:const|let|var)\\s+(${alternatives})\\b`, "g"))) names.add(m[1]);
  for (const m of source.matchAll(new RegExp(`export\\s+(?:async\\s+)?function\\s*\\*?\\s*(${alternatives})\\b`, "g"))) names.add(m[1]);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const spec of m[1].split(",")) {
      const exported = spec.trim().split(/\s+as\s+/).pop()!.trim();
      if ((HTTP_METHODS as readonly string[]).includes(exported)) names.add(exported);
    }
  }
  return HTTP_METHODS.filter((x) => names.has(x));
}

export function enumerateRoutes(): Found[] {
  const appDir = path.join(ROOT, "app");
  const found: Found[] = [];
  for (const file of walk(appDir)) {
    const base = path.basename(file);
    const isPage = /^page\.(tsx|ts|jsx|js|mdx)$/.test(base);
    const isHandler = /^route\.(ts|js|tsx|jsx)$/.test(base);
    if (!isPage && !isHandler) continue;
    const pattern = patternOf(path.relative(appDir, path.dirname(file)));
    if (pattern === null) continue;
    const rel = path.relative(ROOT, file);
    found.push(isPage ? { kind: "page", file: rel, pattern, methods: ["GET"] } : { kind: "handler", file: rel, pattern, methods: exportedMethods(fs.readFileSync(file, "utf8")) });
  }
  return found.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** A concrete URL for a pattern: every dynamic segment gets a dummy value. */
export function urlFor(pattern: string): string {
  return pattern
    .replace(/\[\[\.\.\.[^\]]+\]\]/g, "dummy/path")
    .replace(/\[\.\.\.[^\]]+\]/g, "dummy/path")
    .replace(/\[[^\]]+\]/g, "dummy-value");
}
