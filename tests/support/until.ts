/** Polls `fn` every `everyMs` until it returns something (not undefined); fails after `ms`, naming what it waited for. */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000, everyMs = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
