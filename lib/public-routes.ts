/**
 * What to do with a request for `/<something>` before Next.js sees it: serve a prospect's page,
 * redirect what a listener typed to the page meant, or record a miss (and throttle probing).
 * Runs in lib/server.ts, in front of the page cache, for every GET and HEAD.
 */
import { isbot } from "isbot";
import { insertMiss } from "../db/queries/misses";
import { config } from "./config";
import { newId } from "./ids";
import { slugIndex } from "./slug-index";
import { MAX_TYPED_LENGTH, resolveTyped } from "./slug-resolver";
import { minuteLimiter } from "./visits/rate-limit";
import { RESERVED_SLUGS } from "./slugs";

export type RouteDecision =
  | { action: "next" }
  | { action: "page"; slug: string; prospectId: string }
  | { action: "redirect"; location: string }
  | { action: "miss"; typed: string }
  | { action: "throttled"; retryAfterSeconds: number };

const RESERVED = new Set(RESERVED_SLUGS);

/** Paths that are files or framework routes, never a typed name. */
function isFrameworkPath(segment: string): boolean {
  return segment.startsWith("_next") || segment.startsWith(".") || /\.(ico|png|jpe?g|svg|webp|gif|txt|xml|json|js|css|map|webmanifest|woff2?)$/i.test(segment);
}

/** Unknown addresses tried per client in the current minute, across every server. */
const missAllowed = minuteLimiter("miss", () => config().MISS_LIMIT_PER_MINUTE);

export async function decidePublicRoute(method: string, rawPath: string, client: string, userAgent: string | null = null, now = Date.now()): Promise<RouteDecision> {
  if (method !== "GET" && method !== "HEAD") return { action: "next" };
  const q = rawPath.indexOf("?");
  const pathname = q === -1 ? rawPath : rawPath.slice(0, q);
  const search = q === -1 ? "" : rawPath.slice(q);
  // One segment, with at most a trailing slash: /rob-mason or /rob-mason/; or a name typed with
  // slashes for dashes (/rob/mason), up to three parts.
  const m = pathname.match(/^\/([^/]+(?:\/[^/]+){0,2})\/?$/);
  if (!m) return { action: "next" };
  const parts = m[1].split("/");
  if (RESERVED.has(parts[0].toLowerCase()) || parts.some(isFrameworkPath)) return { action: "next" };
  const segment = parts.join("-");
  if (segment.length > MAX_TYPED_LENGTH * 3) return { action: "miss", typed: segment.slice(0, MAX_TYPED_LENGTH) };

  const index = await slugIndex();
  const exact = index.bySlug.get(segment);
  if (exact && exact.canonical === segment) {
    return pathname === `/${segment}` ? { action: "page", slug: segment, prospectId: exact.prospectId } : { action: "redirect", location: `/${segment}${search}` };
  }
  const r = resolveTyped(segment, index);
  if (r.kind === "exact" || r.kind === "match") return { action: "redirect", location: `/${r.target.canonical}${search}` };

  const allowed = await missAllowed(client, now);
  if (!allowed.ok) return { action: "throttled", retryAfterSeconds: allowed.retryAfterSeconds };
  const nearest = r.kind === "ambiguous" ? r.candidates : r.nearest;
  // Crawlers and scanners try addresses nobody said; a rep only wants to hear about people.
  if (isbot(userAgent) || method === "HEAD") return { action: "miss", typed: segment };
  try {
    await insertMiss({
      id: newId("vis"),
      eventId: newId("evt"),
      requestedPath: `/${segment}`.slice(0, 300),
      nearestProspectId: nearest[0]?.prospectId ?? null,
      nearestSlugs: nearest.map((n) => n.canonical),
      userAgent: userAgent?.slice(0, 300) ?? null,
      at: now,
    });
  } catch (err) {
    // A miss that cannot be written must not turn the generic page into an error page.
    console.error("[ringback] could not record a miss:", err);
  }
  return { action: "miss", typed: segment };
}
