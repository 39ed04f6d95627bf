/**
 * The outbox worker, in the server process: sends due deliveries (webhooks, e-mail) and retries
 * failures with exponential backoff. It wakes every OUTBOX_POLL_MS and whenever something is
 * enqueued (onOutboxKick).
 *
 * Guarantees:
 * - Order per prospect: for one destination (a webhook, or an e-mail recipient) a row is sent only
 *   when no earlier row of the same prospect is still pending (db/queries/outbox.ts).
 * - One delivery in flight per destination; different destinations in parallel, at most
 *   OUTBOX_CONCURRENCY at once.
 * - A delivered row is never sent again: a row's result is recorded only while it is pending, and
 *   a row is re-read before each try.
 * - Once across servers: with several servers on one database every worker runs, and a row is sent
 *   only by the worker that claimed it (db/queries/outbox.ts claimOutboxRow) for as long as a try
 *   can take; a worker that dies mid-try loses the claim when it runs out.
 * - A crash between a receiver's 2xx and that record can repeat a delivery, with the same
 *   X-Ringback-Delivery id, so receivers dedupe by it.
 * - Nothing here throws into the server: every error becomes one log line.
 */
import os from "node:os";
import { claimOutboxRow, findOutboxRow, recordOutboxAttempt, selectDueOutboxRows, type AttemptRecord, type OutboxRow } from "../../db/queries/outbox";
import { findWebhookById } from "../../db/queries/webhooks";
import { config } from "../config";
import { destinationProblem } from "./destination";
import { postJson } from "./post";
import { onOutboxKick } from "./bus";
import { mailTransport } from "./email";
import type { EmailPayload } from "./outbox";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, sign } from "./signing";

const BATCH = 200;
/** This server's worker, in the claims it makes. */
const WORKER = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
const ERROR_MAX = 300;

/**
 * Wait before the next try after `attempts` failed tries: base·2^(attempts−1), ±25% jitter so
 * many deliveries failing together do not retry together, never more than `capSeconds`.
 */
export function retryDelayMs(attempts: number, baseSeconds: number, capSeconds: number, random: () => number = Math.random): number {
  const raw = baseSeconds * 2 ** Math.max(0, Math.min(attempts - 1, 60));
  const jittered = raw * (0.75 + 0.5 * random());
  return Math.max(1, Math.round(Math.min(capSeconds, jittered) * 1000));
}

/** After a failed try (attempts already counts it): try again later, or give up for good. */
export function afterFailure(createdAt: number, attempts: number, now: number, opts: { baseSeconds: number; capSeconds: number; giveUpHours: number; random?: () => number }): { status: "failed" } | { status: "pending"; nextAttemptAt: number } {
  const giveUpAt = createdAt + opts.giveUpHours * 3_600_000;
  if (now >= giveUpAt) return { status: "failed" };
  // The last try falls on the give-up time rather than being skipped.
  return { status: "pending", nextAttemptAt: Math.min(now + retryDelayMs(attempts, opts.baseSeconds, opts.capSeconds, opts.random), Math.ceil(giveUpAt)) };
}

type Outcome = { ok: boolean; status: number | null; error: string | null };

function short(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > ERROR_MAX ? one.slice(0, ERROR_MAX - 1) + "…" : one;
}

function describeFetchError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError") return `No answer within ${config().WEBHOOK_TIMEOUT_SECONDS} s.`;
  if ((e as { code?: string })?.code) return `${(e as { code?: string }).code}: ${e.message ?? ""}`;
  if (e?.cause?.code) return `${e.cause.code}${e.cause.message ? `: ${e.cause.message}` : ""}`;
  return e?.message ?? String(err);
}

async function sendWebhook(row: OutboxRow, signal: AbortSignal): Promise<Outcome | "gone"> {
  const hook = await findWebhookById(row.webhookId ?? "");
  if (!hook) return "gone";
  const body = JSON.stringify(row.payload);
  const t = Math.floor(Date.now() / 1000);
  // Again at every delivery: a name can be pointed at a private address after it was added.
  const refused = await destinationProblem(hook.url);
  if (refused) return { ok: false, status: null, error: short(`Not sent: ${refused}`) };
  try {
    // Connects only where the guarded lookup allows (DNS rebinding included); redirects are not followed.
    const res = await postJson(
      hook.url,
      {
        "Content-Type": "application/json",
        "User-Agent": "Ringback-Webhooks/1",
        [SIGNATURE_HEADER]: sign(hook.secret, body, t),
        [DELIVERY_HEADER]: row.id,
        [EVENT_HEADER]: row.eventType,
      },
      body,
      { timeoutMs: Math.round(config().WEBHOOK_TIMEOUT_SECONDS * 1000), signal },
    );
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null };
    return { ok: false, status: res.status, error: short(`HTTP ${res.status}${res.body ? `: ${res.body}` : ""}`) };
  } catch (err) {
    return { ok: false, status: null, error: short(describeFetchError(err)) };
  }
}

async function sendEmail(row: OutboxRow): Promise<Outcome> {
  const mail = row.payload as EmailPayload;
  try {
    const transport = mailTransport();
    if (!transport) return { ok: false, status: null, error: "E-mail is not configured (SMTP_URL is not set)." };
    await transport.sendMail({
      from: config().ALERT_FROM,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // The same id on every try lets mail systems drop a repeat.
      messageId: `<${row.id}@ringback>`,
      headers: { [DELIVERY_HEADER]: row.id },
    });
    return { ok: true, status: null, error: null };
  } catch (err) {
    const e = err as { responseCode?: number; message?: string; code?: string };
    return { ok: false, status: e.responseCode ?? null, error: short(e.message ?? e.code ?? String(err)) };
  }
}

/** Which line a row waits in: one delivery at a time per destination. */
function destinationOf(row: OutboxRow): string {
  return row.channel === "webhook" ? `webhook:${row.webhookId}` : `email:${row.userId}`;
}

export type OutboxWorker = { stop(): Promise<void> };

export function startOutboxWorker(opts: { log?: (line: string) => void } = {}): OutboxWorker {
  const log = opts.log ?? ((line: string) => console.error(`[ringback] outbox: ${line}`));
  const cfg = config();
  const busy = new Set<string>();
  const running = new Set<Promise<void>>();
  const abort = new AbortController();
  let stopped = false;
  let scheduled = false;

  async function deliver(queued: OutboxRow): Promise<void> {
    // Longer than any one try can take (a webhook's timeout; an SMTP exchange), so a claim never runs out mid-try.
    const claimMs = Math.max(60, 2 * cfg.WEBHOOK_TIMEOUT_SECONDS + 30) * 1000;
    if (!(await claimOutboxRow(queued.seq, WORKER, Date.now(), Date.now() + claimMs))) return;
    // Re-read: it may have been delivered, deleted (its webhook removed) or rescheduled meanwhile.
    const row = await findOutboxRow(queued.seq);
    if (!row || row.status !== "pending" || row.nextAttemptAt > Date.now()) return;
    const started = Date.now();
    const outcome = row.channel === "webhook" ? await sendWebhook(row, abort.signal) : await sendEmail(row);
    if (outcome === "gone") return;
    // Cut short by shutdown: not the receiver's failure, so not counted; tried again after restart.
    if (stopped && !outcome.ok && abort.signal.aborted) return;
    const at = Date.now();
    const attempt: AttemptRecord = { at, status: outcome.status, error: outcome.error, durationMs: at - started };
    const next = outcome.ok
      ? ({ status: "delivered" } as const)
      : afterFailure(row.createdAt, row.attempts + 1, at, { baseSeconds: cfg.WEBHOOK_RETRY_BASE_SECONDS, capSeconds: cfg.WEBHOOK_RETRY_MAX_SECONDS, giveUpHours: cfg.OUTBOX_GIVE_UP_HOURS });
    await recordOutboxAttempt(row.seq, attempt, next);
    if (next.status === "failed") log(`gave up on ${row.id} (${row.channel} ${row.eventType}) after ${row.attempts + 1} tries: ${outcome.error ?? "no answer"}`);
  }

  function runLine(key: string, rows: OutboxRow[]): void {
    busy.add(key);
    const p = (async () => {
      for (const row of rows) {
        if (stopped) break;
        try {
          await deliver(row);
        } catch (err) {
          log(`delivering ${row.id} failed: ${(err as Error)?.message ?? String(err)}`);
        }
      }
    })().finally(() => {
      busy.delete(key);
      running.delete(p);
      schedule();
    });
    running.add(p);
  }

  async function tick(): Promise<void> {
    scheduled = false;
    if (stopped) return;
    try {
      const lines = new Map<string, OutboxRow[]>();
      for (const row of await selectDueOutboxRows(Date.now(), BATCH)) {
        const key = destinationOf(row);
        if (busy.has(key)) continue;
        lines.set(key, [...(lines.get(key) ?? []), row]);
      }
      for (const [key, rows] of lines) {
        if (running.size >= cfg.OUTBOX_CONCURRENCY) break;
        runLine(key, rows);
      }
    } catch (err) {
      log(`could not read the outbox: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  /** Deferred, never inline: a kick can come from inside an open transaction whose rows are not committed yet. */
  function schedule(): void {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(tick);
  }

  const timer = setInterval(schedule, cfg.OUTBOX_POLL_MS);
  timer.unref();
  const unsubscribe = onOutboxKick(schedule);
  schedule();

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      abort.abort();
      await Promise.allSettled([...running]);
    },
  };
}
