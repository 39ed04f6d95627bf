/** A prospect's visits as the API and the console show them. */
import { listVisits, type VisitEventRow, type VisitRow } from "../../db/queries/visits";
import type { UserRow } from "../../db/queries/users";
import type { ApiVisit } from "../api/schemas";
import { prospectFor } from "../prospects";

export type { ApiVisit };

export function toApiVisit(v: VisitRow, events: VisitEventRow[]): ApiVisit {
  return {
    id: v.id,
    startedAt: new Date(v.startedAt).toISOString(),
    lastSeenAt: new Date(v.lastSeenAt).toISOString(),
    visibleSeconds: Math.round(v.visibleMs / 1000),
    human: v.kind === "human",
    kind: v.kind,
    source: v.source,
    requestedPath: v.requestedPath,
    device: v.device,
    os: v.os,
    browser: v.browser,
    playId: v.playId,
    playVersion: v.playId ? v.playVersion : null,
    events: events.map((e) => ({ type: e.type, at: new Date(e.at).toISOString(), data: e.data ?? null })),
  };
}

export type VisitCursor = { startedAt: number; id: string };

export function encodeVisitCursor(c: VisitCursor): string {
  return Buffer.from(`${c.startedAt}:${c.id}`).toString("base64url");
}

export function decodeVisitCursor(text: string | null): VisitCursor | undefined | "invalid" {
  if (!text) return undefined;
  const [ms, id] = Buffer.from(text, "base64url").toString("utf8").split(":");
  const startedAt = Number(ms);
  return Number.isSafeInteger(startedAt) && /^vis_[A-Za-z0-9]+$/.test(id ?? "") ? { startedAt, id } : "invalid";
}

/** Undefined when the user may not see this prospect (the API answers 404). */
export async function visitsPage(user: UserRow, prospectId: string, after: VisitCursor | undefined, limit: number): Promise<{ data: ApiVisit[]; nextCursor: string | null } | undefined> {
  if (!(await prospectFor(user, prospectId))) return undefined;
  const rows = await listVisits(prospectId, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => toApiVisit(r.visit, r.events)),
    nextCursor: rows.length > limit && last ? encodeVisitCursor({ startedAt: last.visit.startedAt, id: last.visit.id }) : null,
  };
}
