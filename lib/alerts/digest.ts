/**
 * Quiet hours hold alerts back; when they end, the rep gets one digest alert (and e-mail) that
 * sums up what happened meanwhile: "While you were away: 3 visits — Rob Mason (2), Jane Doe".
 * The same once-a-minute sweep sends the summaries of floods held back (lib/alerts/flood.ts).
 */
import { findUserById } from "../../db/queries/users";
import { insertAlert, markDigested, undigestedQuietAlerts, type AlertRow } from "../../db/queries/alerts";
import { inWriteTransaction } from "../../db/queries/prospects";
import { newId } from "../ids";
import { announceAlerts, kickOutbox } from "./bus";
import { enqueueDigestEmail } from "./outbox";
import { consoleUrl } from "./deliver";
import { sendDueBurstSummaries } from "./flood";
import { inQuietHours } from "./quiet";

/** How many visits an alert stands for: one for a visit's start, the held count for a burst's summary. */
function visitsIn(a: AlertRow): number {
  if (a.kind === "visit.started") return 1;
  if (a.kind === "visit.burst") return Number((a.data as { count?: number } | null)?.count ?? 0);
  return 0;
}

function summary(alerts: AlertRow[]): { message: string; lines: string[] } {
  const counts = new Map<string, number>();
  let visits = 0;
  for (const a of alerts) {
    const n = visitsIn(a);
    if (n === 0) continue;
    visits += n;
    const name = String((a.data as { name?: string } | null)?.name ?? "Someone");
    counts.set(name, (counts.get(name) ?? 0) + n);
  }
  const who = [...counts].map(([name, n]) => (n > 1 ? `${name} (${n})` : name));
  const shown = who.slice(0, 5).join(", ") + (who.length > 5 ? ` and ${who.length - 5} more` : "");
  const others = alerts.filter((a) => a.kind !== "visit.started" && a.kind !== "visit.burst").length;
  const head = `While your quiet hours were on: ${visits} visit${visits === 1 ? "" : "s"}${others ? ` and ${others} follow-up${others === 1 ? "" : "s"}` : ""}`;
  return { message: visits ? `${head} — ${shown}` : head, lines: alerts.map((a) => a.message) };
}

/**
 * Sends a digest to every rep whose quiet hours have ended and who has held-back alerts, after the
 * summaries of floods that are due. Returns the digests written.
 */
export async function sendDueDigests(now = Date.now()): Promise<AlertRow[]> {
  // First the floods' summaries: one written during quiet hours is then summed up here too.
  await sendDueBurstSummaries(now);
  const byUser = new Map<string, AlertRow[]>();
  for (const a of await undigestedQuietAlerts()) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  const written: AlertRow[] = [];
  for (const [userId, held] of byUser) {
    const user = await findUserById(userId);
    if (!user || inQuietHours(now, user)) continue;
    const { message, lines } = summary(held);
    const digest = await inWriteTransaction(async () => {
      const row = await insertAlert({ id: newId("alr"), userId, prospectId: null, visitId: null, kind: "digest", message, data: { count: held.length }, dedupeKey: `digest:${held[0].seq}-${held[held.length - 1].seq}`, quiet: false, createdAt: now });
      await markDigested(held.map((a) => a.id), now);
      if (row) await enqueueDigestEmail(userId, lines, await consoleUrl("/"));
      return row;
    });
    if (digest) written.push(digest);
  }
  if (written.length) {
    announceAlerts(written.map((a) => a.userId));
    kickOutbox();
  }
  return written;
}
