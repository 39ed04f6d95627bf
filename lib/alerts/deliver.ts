/**
 * Writing what a rep hears about, for events already decided on (lib/alerts/pipeline.ts for
 * visits, lib/alerts/flood.ts for burst summaries): in one transaction an alert per recipient
 * (once per key, silent in quiet hours) and the e-mail and webhook deliveries; after it commits,
 * a nudge to the live feeds and the outbox worker. Nothing here touches the network.
 */
import { alertRecipients, insertAlert, type AlertRow } from "../../db/queries/alerts";
import { inWriteTransaction } from "../../db/queries/prospects";
import { config } from "../config";
import { newId } from "../ids";
import { workspace } from "../profiles";
import { announceAlerts, kickOutbox } from "./bus";
import type { ActivityEvent } from "./events";
import { enqueueAlertEmail, enqueueWebhooks } from "./outbox";
import { inQuietHours } from "./quiet";

type Person = { firstName: string; lastName: string; company: string | null };

/** "Rob Mason (Northwind)", or "Rob Mason" without a company. */
export function nameOf(p: Person): string {
  const name = `${p.firstName} ${p.lastName}`.trim();
  return p.company ? `${name} (${p.company})` : name;
}

/** The prospect as events and webhooks describe them. */
export function eventProspect(p: ActivityEvent["prospect"]): ActivityEvent["prospect"] {
  return { id: p.id, slug: p.slug, firstName: p.firstName, lastName: p.lastName, company: p.company, phone: p.phone, email: p.email };
}

/** The console's address of a path, for e-mails ("" when no public address is configured: a relative link). */
export async function consoleUrl(path: string): Promise<string> {
  const base = (config().PUBLIC_BASE_URL ?? (await workspace()).publicBaseUrl ?? "").replace(/\/+$/, "");
  return `${base}${path}`;
}

export const consoleLink = async (prospectId: string) => consoleUrl(`/prospects/${prospectId}`);

/** One alert per recipient and key: a visit's start, each kind of follow-up, a burst's summary. */
function dedupeKey(e: ActivityEvent): string {
  if (e.type === "visit.started") return `${e.visitId}:started`;
  return `${e.visitId ?? e.prospect.id}:${String(e.data.key ?? e.id)}`;
}

/** Writes the alerts and deliveries for these events, then nudges feeds and the outbox. */
export async function deliverActivity(events: ActivityEvent[], muted: boolean, now = Date.now()): Promise<AlertRow[]> {
  if (events.length === 0) return [];
  const created = await inWriteTransaction(async () => {
    const rows: AlertRow[] = [];
    for (const e of events) {
      await enqueueWebhooks(e);
      if (e.type === "link.previewed" || muted) continue;
      for (const r of await alertRecipients(e.ownerId)) {
        const quiet = inQuietHours(now, r);
        const alert = await insertAlert({
          id: newId("alr"),
          userId: r.id,
          prospectId: e.prospect.id,
          visitId: e.visitId,
          kind: e.type,
          message: e.message,
          data: { ...e.data, name: nameOf(e.prospect), phone: e.prospect.phone, slug: e.prospect.slug },
          dedupeKey: dedupeKey(e),
          quiet,
          createdAt: e.at,
        });
        if (!alert) continue;
        rows.push(alert);
        // Quiet hours: no e-mail now; the digest sums it up afterwards.
        if (!quiet) await enqueueAlertEmail(alert, await consoleLink(e.prospect.id));
      }
    }
    return rows;
  });
  if (created.length) announceAlerts(created.map((a) => a.userId));
  kickOutbox();
  return created;
}
