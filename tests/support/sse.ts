/** A small server-sent events client for tests: reads events off a real streaming response. */
export type SseEvent = { id: string; event: string; data: string };

export type SseConnection = {
  status: number;
  events: SseEvent[];
  /** Resolves when at least `n` events have arrived (or rejects after `ms`). */
  waitFor: (n: number, ms?: number) => Promise<SseEvent[]>;
  close: () => void;
  closed: Promise<void>;
};

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { Accept: "text/event-stream", ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const notify = () => {
    for (const w of [...waiters]) if (events.length >= w.n) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };
  let closed: Promise<void> = Promise.resolve();
  if (res.body && (res.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    closed = (async () => {
      let buffer = "";
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let i: number;
          while ((i = buffer.indexOf("\n\n")) !== -1) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const e: SseEvent = { id: "", event: "message", data: "" };
            let hasData = false;
            for (const line of block.split("\n")) {
              if (line.startsWith(":")) continue;
              const [field, ...rest] = line.split(":");
              const v = rest.join(":").replace(/^ /, "");
              if (field === "id") e.id = v;
              else if (field === "event") e.event = v;
              else if (field === "data") {
                e.data += (hasData ? "\n" : "") + v;
                hasData = true;
              }
            }
            if (hasData) {
              events.push(e);
              notify();
            }
          }
        }
      } catch {
        // aborted or the server went away
      }
    })();
  }
  return {
    status: res.status,
    events,
    waitFor: (n, ms = 10_000) =>
      new Promise((resolve, reject) => {
        if (events.length >= n) return resolve(events.slice());
        const t = setTimeout(() => reject(new Error(`expected ${n} events within ${ms} ms, got ${events.length}: ${JSON.stringify(events)}`)), ms);
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve(events.slice())) });
      }),
    close: () => controller.abort(),
    closed,
  };
}
