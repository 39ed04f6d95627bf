/**
 * Alert floods. A prospect's page is public, so anyone can script page views for it from many
 * browsers and addresses, and each would look like a person and alert the rep. Every visit is
 * still recorded (the timeline shows them all), but a prospect raises at most
 * ALERTS_MAX_PER_PROSPECT_PER_HOUR visit alerts in any rolling hour (ALERTS_RATE_WINDOW_SECONDS).
 * Visits beyond that are held with their follow-ups — no feed alert, e-mail or webhook — and an
 * hour after the first held one, one `visit.burst` alert sums them up:
 * "Rob Mason (Northwind): and 50 more visits in the last hour — possibly automated".
 * The call-back queue counts the burst as one visit (db/queries/alerts.ts holdInBurst).
 *
 * The limit is on visits, not on alerts: a visit alerts only if it is among the first N people's
 * visits to the prospect in the window up to its start. So no window ever holds more than N visit
 * alerts, a visit's follow-ups share its fate, and the decision needs no state of its own.
 */
import { closeBurst, dueBursts, holdInBurst, prospectForAlert, visitRankInWindow, type AlertRow } from "../../db/queries/alerts";
import { inWriteTransaction } from "../../db/queries/prospects";
import { config } from "../config";
import { newId } from "../ids";
import { deliverActivity, eventProspect, nameOf } from "./deliver";
import type { ActivityEvent } from "./events";

/** The configured rate: at most `limit` visit alerts per prospect per `windowMs` (0: no limit). */
function rate(): { limit: number; windowMs: number } {
  const cfg = config();
  return { limit: cfg.ALERTS_MAX_PER_PROSPECT_PER_HOUR, windowMs: cfg.ALERTS_RATE_WINDOW_SECONDS * 1000 };
}

/** Whether a visit ranked `rank` among its prospect's visits in the window is held (limit 0: never). */
export function beyondRate(rank: number, limit: number): boolean {
  return limit > 0 && rank > limit;
}

/** Whether this visit's alerts are held back: one bounded, indexed count on the beacon path. */
export async function visitIsHeld(visitId: string): Promise<boolean> {
  const { limit, windowMs } = rate();
  if (limit === 0) return false;
  return beyondRate(await visitRankInWindow(visitId, windowMs, limit + 1), limit);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "hour", "2 hours", "30 minutes", "20 seconds". */
function windowWords(ms: number): string {
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? "hour" : plural(ms / 3_600_000, "hour");
  if (ms % 60_000 === 0) return ms === 60_000 ? "minute" : plural(ms / 60_000, "minute");
  const s = Math.max(1, Math.round(ms / 1000));
  return s === 1 ? "second" : plural(s, "second");
}

/** "Rob Mason (Northwind): and 50 more visits (3 follow-ups) in the last hour — possibly automated" */
export function burstMessage(p: { firstName: string; lastName: string; company: string | null }, held: { visits: number; followUps: number }, windowMs: number): string {
  const what =
    held.visits > 0
      ? `and ${held.visits} more visit${held.visits === 1 ? "" : "s"}${held.followUps ? ` (${plural(held.followUps, "follow-up")})` : ""}`
      : `and ${held.followUps} more follow-up${held.followUps === 1 ? "" : "s"}`;
  return `${nameOf(p)}: ${what} in the last ${windowWords(windowMs)} — possibly automated`;
}

/**
 * Holds a beacon's events (a visit start and/or its follow-ups) in the prospect's burst. The first
 * held event of a burst also sets a timer for its summary, so it goes out on time; the minute
 * sweep (sendDueDigests) catches any a restart lost.
 */
export async function holdForFlood(h: { prospectId: string; at: number; visits: number; followUps: number }): Promise<void> {
  const { limit, windowMs } = rate();
  const burst = await inWriteTransaction(async () => holdInBurst({ ...h, windowMs, limit }));
  if (burst.opened) {
    // Measured on the event's own clock: the summary is due one window after the first held event.
    const timer = setTimeout(
      async () => {
        try {
          await sendDueBurstSummaries();
        } catch (err) {
          console.error("[ringback] could not sum up held-back alerts:", (err as Error).message);
        }
      },
      Math.max(0, burst.dueAt - h.at) + 100,
    );
    timer.unref();
  }
}

/**
 * Writes one `visit.burst` alert per recipient (feed and e-mail, quiet in quiet hours, then in the
 * digest) and one `visit.burst` webhook event for every burst whose window is over. Returns the
 * alerts written.
 */
export async function sendDueBurstSummaries(now = Date.now()): Promise<AlertRow[]> {
  const { windowMs } = rate();
  const written: AlertRow[] = [];
  for (const b of await dueBursts(now)) {
    const rows = await inWriteTransaction(async () => {
      // Gone already: summed up by the timer or the sweep a moment ago.
      if (!(await closeBurst(b.prospectId, b.startedAt))) return [];
      const p = await prospectForAlert(b.prospectId);
      if (!p || b.visits + b.followUps === 0) return [];
      const event: ActivityEvent = {
        id: newId("evt"),
        type: "visit.burst",
        at: now,
        ownerId: p.ownerId,
        visitId: null,
        prospect: eventProspect(p),
        data: { key: `burst:${b.startedAt}`, count: b.visits, followUps: b.followUps, firstAt: new Date(b.startedAt).toISOString(), lastAt: new Date(b.lastAt).toISOString(), windowSeconds: windowMs / 1000 },
        message: burstMessage(p, b, windowMs),
      };
      return deliverActivity([event], p.mutedAt !== null, now);
    });
    written.push(...rows);
  }
  return written;
}
