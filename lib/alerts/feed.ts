/**
 * A rep's alerts as the API and the live feed give them out: oldest first after a cursor. The
 * cursor is the alert's feed position (`seq`), which only grows, so "everything after what I saw"
 * is exact across dropped connections and server restarts.
 */
import type { ApiAlert } from "../api/schemas";
import { alertsAfter, latestAlertSeq, recentAlerts, type AlertRow } from "../../db/queries/alerts";

export type { ApiAlert };

export function toApiAlert(a: AlertRow): ApiAlert {
  const d = (a.data ?? {}) as Record<string, unknown>;
  const { name, phone, slug, key: _key, ...rest } = d;
  return {
    id: a.id,
    cursor: String(a.seq),
    prospectId: a.prospectId,
    visitId: a.visitId,
    kind: a.kind,
    message: a.message,
    quiet: a.quiet,
    createdAt: new Date(a.createdAt).toISOString(),
    prospect: a.prospectId ? { name: String(name ?? ""), phone: (phone as string | null) ?? null, slug: (slug as string | null) ?? null } : null,
    data: rest,
  };
}

/** A cursor as given out ("123"), or undefined for "from the start"; "invalid" for anything else. */
export function parseAlertCursor(text: string | null | undefined): number | undefined | "invalid" {
  if (text === null || text === undefined || text === "") return undefined;
  if (!/^(0|[1-9]\d{0,15})$/.test(text)) return "invalid";
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : "invalid";
}

export async function alertsPage(userId: string, after: number, limit: number): Promise<{ data: ApiAlert[]; nextCursor: string; hasMore: boolean }> {
  const rows = await alertsAfter(userId, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { data: page.map(toApiAlert), nextCursor: String(last ? last.seq : after), hasMore: rows.length > limit };
}

export async function latestCursor(userId: string): Promise<number> {
  return latestAlertSeq(userId);
}

/** A user's latest alerts, newest first (the console's alert menu on load). */
export async function recentApiAlerts(userId: string, limit: number): Promise<ApiAlert[]> {
  return (await recentAlerts(userId, limit)).map(toApiAlert);
}
