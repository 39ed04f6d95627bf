/** A fixed one-minute window per client, in memory: cheap enough for the beacon's request path. */
export function minuteLimiter(limit: () => number) {
  const windows = new Map<string, { start: number; count: number }>();
  return (client: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } => {
    let w = windows.get(client);
    if (!w || now - w.start >= 60_000) {
      if (windows.size > 100_000) windows.clear(); // bounded memory
      w = { start: now, count: 0 };
      windows.set(client, w);
    }
    w.count++;
    return w.count <= limit() ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000)) };
  };
}
