/**
 * The visit pipeline: parse → classify → find the page → deduplicate and store. One function per
 * way a visit reaches us — the page's beacon, and automated fetches (previews and bots) seen by
 * the HTTP layer or the link-preview image. When an event is dropped, the outcome says at which
 * step and why.
 */
import { z } from "zod";
import { applyBeacon, getOrCreateSecret, recordAutomatedFetch } from "../../db/queries/visits";
import { randomSecret, sha256 } from "../auth/secrets";
import { alertOnBeacon, noteLinkPreview } from "../alerts/pipeline";
import { pauseCampaignsOnVisit } from "../campaigns/events";
import { config } from "../config";
import { newId } from "../ids";
import { slugIndex } from "../slug-index";
import { classifyAgent, type Agent } from "./agents";
import { parseAgent } from "./ua";

export const BEACON_TYPES = ["view", "heartbeat", "leave", "video_play", "video_progress", "presentation_open", "offer_code_copied", "cta_click"] as const;

/** Most a single beacon may add: the page sends one every 15 s while visible. */
const MAX_VISIBLE_MS_PER_BEACON = 60_000;

export const beaconSchema = z
  .object({
    slug: z.string().min(1).max(60).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Not a page address."),
    type: z.enum(BEACON_TYPES),
    /** Milliseconds the page was visible since the previous beacon. */
    visibleMs: z.number().int().min(0).max(MAX_VISIBLE_MS_PER_BEACON * 10).default(0),
    data: z
      .object({
        percent: z.union([z.literal(25), z.literal(50), z.literal(75), z.literal(100)]).optional(),
        cta: z.enum(["call", "email", "book"]).optional(),
        provider: z.string().max(20).optional(),
        inline: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** The play and version the page showed (lib/plays): stored with a new visit when they exist. */
    play: z
      .object({ id: z.string().regex(/^ply_[A-Za-z0-9]{1,32}$/, "Not a play id."), version: z.number().int().min(1).max(1_000_000) })
      .strict()
      .optional(),
  })
  .strict();

export type Beacon = z.infer<typeof beaconSchema>;

export type BeaconContext = { userAgent: string | null; ip: string; signedInRep: boolean; now?: number };

export type Outcome =
  | { stored: true; visitId: string; isNew: boolean; kind: "human" | "rep" }
  | { stored: false; step: "classify" | "page"; reason: string; agent?: Agent };

let salt: string | undefined;

/** A salted hash of the client's address: enough to tell one visitor from another, never the address. */
export async function visitorHash(ip: string): Promise<string> {
  salt ??= (await getOrCreateSecret("visit_salt", () => randomSecret(32)));
  return sha256(`${salt}:${ip}`);
}

/** Milestones and firsts happen once a visit; each click on a call to action counts. */
function eventOf(beacon: Beacon): { type: string; data: unknown; once: boolean } | null {
  if (beacon.type === "view" || beacon.type === "heartbeat" || beacon.type === "leave") return null;
  return { type: beacon.type, data: beacon.data ?? null, once: beacon.type !== "cta_click" };
}

/** What counts as engagement for the call-back queue's "engaged today". */
const ENGAGEMENT: ((type: string, data: Record<string, unknown>) => boolean)[] = [
  (type, d) => type === "video_progress" && Number(d.percent) >= 50, // the demo, past half
  (type) => type === "cta_click", // Call, E-mail, Book a time
  (type) => type === "presentation_open",
  (type) => type === "offer_code_copied",
];

/** A beacon from the prospect's page (already parsed with beaconSchema). */
export async function recordBeacon(beacon: Beacon, ctx: BeaconContext): Promise<Outcome> {
  const agent = classifyAgent(ctx.userAgent);
  if (agent.kind !== "human") return { stored: false, step: "classify", reason: `${agent.kind}: ${agent.source ?? "unknown"}`, agent };
  // The page's own slug: looked up in the in-memory index, not the database.
  const entry = (await slugIndex()).bySlug.get(beacon.slug);
  const prospectId = entry && entry.canonical === beacon.slug ? entry.prospectId : undefined;
  if (!prospectId) return { stored: false, step: "page", reason: `no page at /${beacon.slug}` };
  const cfg = config();
  const at = ctx.now ?? Date.now();
  const ua = parseAgent(ctx.userAgent);
  const kind = ctx.signedInRep ? "rep" : "human";
  const event = eventOf(beacon);
  const applied = await applyBeacon({
    newVisitId: newId("vis"),
    prospectId,
    kind,
    play: beacon.play ?? null,
    ipHash: await visitorHash(ctx.ip),
    userAgent: (ctx.userAgent ?? "").slice(0, 500),
    ...ua,
    at,
    sameVisitAfter: at - cfg.VISIT_SAME_WITHIN_MINUTES * 60_000,
    visibleMs: Math.min(beacon.visibleMs, MAX_VISIBLE_MS_PER_BEACON),
    maxVisibleMs: cfg.VISIT_MAX_VISIBLE_SECONDS * 1000,
    newEventId: () => newId("evt"),
    event,
    engaged: event !== null && ENGAGEMENT.some((rule) => rule(event.type, (event.data ?? {}) as Record<string, unknown>)),
  });
  const { visitId, isNew } = applied;
  if (kind === "human") {
    // The visit is stored; an alert problem must not lose the beacon (the visit shows in the console regardless).
    try {
      await alertOnBeacon({ prospectId, visitId, isNew, previousVisitAt: applied.previousVisitAt, event: applied.eventId && event ? { id: applied.eventId, type: event.type, data: (event.data ?? null) as Record<string, unknown> | null } : null, at });
    } catch (err) {
      console.error("[ringback] could not write the alert for a visit:", (err as Error).message);
    }
    // A new visit pauses the person's active campaigns (the rep calls them now). One indexed look-up when they are in none.
    if (isNew) {
      try {
        await pauseCampaignsOnVisit(prospectId, at);
      } catch (err) {
        console.error("[ringback] could not pause a campaign for a visit:", (err as Error).message);
      }
    }
  }
  return { stored: true, visitId, isNew, kind };
}

const AUTOMATED_DEDUPE_MS = 10 * 60_000;
const recentAutomated = new Map<string, number>();

/**
 * A previewer or bot fetched a prospect's page or its image: recorded as what it is ("link
 * previewed in Slack"), at most once per source every ten minutes, never as a visit.
 */
export async function recordAutomated(prospectId: string, userAgent: string | null, now = Date.now()): Promise<Outcome | { stored: true; kind: "preview" | "bot"; source: string }> {
  const agent = classifyAgent(userAgent);
  if (agent.kind === "human") return { stored: false, step: "classify", reason: "a person's browser: counted by the page's beacon instead", agent };
  const source = agent.source ?? (agent.kind === "preview" ? "Link preview" : "Bot");
  // A crawler hammering a page must not turn into a database write per request.
  const key = `${prospectId}:${agent.kind}:${source}`;
  const last = recentAutomated.get(key);
  if (last !== undefined && now - last < AUTOMATED_DEDUPE_MS && now >= last) return { stored: true, kind: agent.kind, source };
  if (recentAutomated.size > 10_000) recentAutomated.clear();
  recentAutomated.set(key, now);
  const visitId = newId("vis");
  const isNewRow = await recordAutomatedFetch({ id: visitId, prospectId, kind: agent.kind, source, userAgent: (userAgent ?? "").slice(0, 500), ...parseAgent(userAgent), at: now, dedupeAfter: now - AUTOMATED_DEDUPE_MS });
  if (isNewRow && agent.kind === "preview") {
    try {
      await noteLinkPreview(prospectId, visitId, source, now);
    } catch (err) {
      console.error("[ringback] could not note a link preview:", (err as Error).message);
    }
  }
  return { stored: true, kind: agent.kind, source };
}
