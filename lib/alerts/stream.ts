/**
 * The console's live feed as server-sent events. Each alert is sent with `id: <cursor>`, so a
 * browser that reconnects (by itself, with Last-Event-ID, or ours with ?after=) gets exactly what
 * it missed — across dropped connections and server restarts, because the feed is read from the
 * database, not from memory. The in-process bus only wakes the stream early; a slow poll covers
 * alerts written by another process.
 */
import { userForSessionToken } from "../auth/sessions";
import { onAlerts } from "./bus";
import { alertsPage, latestCursor, parseAlertCursor } from "./feed";

const POLL_MS = 5_000;
const HEARTBEAT_MS = 15_000;
const BATCH = 100;

export async function alertStream(opts: { userId: string; sessionToken: string; lastEventId: string | null; after: string | null; signal: AbortSignal }): Promise<Response | { invalid: string }> {
  const fromHeader = parseAlertCursor(opts.lastEventId);
  const fromQuery = parseAlertCursor(opts.after);
  if (fromQuery === "invalid") return { invalid: "after" };
  // The browser's own reconnect (Last-Event-ID) knows best; then ?after=; else only what is new from now.
  let cursor = fromHeader !== undefined && fromHeader !== "invalid" ? fromHeader : (fromQuery ?? (await latestCursor(opts.userId)));
  const encoder = new TextEncoder();
  let stop: () => void = () => {};

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let wake: (() => void) | null = null;
      const unsubscribe = onAlerts(opts.userId, () => wake?.());
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          // The reader went away without telling us: end this stream's loop.
          stop();
        }
      };
      stop = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        wake?.();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      opts.signal.addEventListener("abort", stop);
      send(`retry: 2000\n: connected at ${cursor}\n\n`);
      void (async () => {
        let lastWrite = Date.now();
        let lastAuthCheck = Date.now();
        while (!closed) {
          try {
            const page = await alertsPage(opts.userId, cursor, BATCH);
            for (const a of page.data) send(`id: ${a.cursor}\nevent: alert\ndata: ${JSON.stringify(a)}\n\n`);
            if (page.data.length) {
              cursor = Number(page.nextCursor);
              lastWrite = Date.now();
            }
            if (page.hasMore) continue;
          } catch (err) {
            console.error("[ringback] alert stream read failed:", (err as Error).message);
          }
          if (Date.now() - lastAuthCheck > 60_000) {
            lastAuthCheck = Date.now();
            // Signed out (or reset) elsewhere: the stream ends and the page finds out on reconnect.
            if (!(await userForSessionToken(opts.sessionToken))) {
              send("event: signed-out\ndata: {}\n\n");
              break;
            }
          }
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, POLL_MS);
            wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
          wake = null;
          if (Date.now() - lastWrite >= HEARTBEAT_MS) {
            send(": ping\n\n");
            lastWrite = Date.now();
          }
        }
        stop();
      })().catch((err) => {
        console.error("[ringback] alert stream failed:", (err as Error).message);
        stop();
      });
    },
    cancel() {
      stop();
    },
  });

  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: nothing between us and the browser may buffer or compress the stream.
      "Cache-Control": "no-cache, no-store, no-transform",
      "X-Accel-Buffering": "no",
      Connection: "keep-alive",
    },
  });
}
