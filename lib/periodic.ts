/**
 * Jobs that run every so often (the quiet-hours digest, the funnel's settling, sweeps). Every
 * server keeps the timer, so the job goes on when one server stops; a run happens only on the
 * server that claims the period's turn (db/queries/jobs.ts), so with several servers each job runs
 * once per period, not once per server. A failure is one log line; the next period tries again.
 */
import os from "node:os";
import { claimJobTurn, finishJobTurn } from "../db/queries/jobs";

const SERVER = `${os.hostname()}:${process.pid}`;

export type PeriodicJob = { stop: () => void; /** One turn now (if this server may take it); true when it ran. */ tick: () => Promise<boolean> };

export function every(name: string, everyMs: number, job: () => Promise<unknown>, opts: { firstAfterMs?: number } = {}): PeriodicJob {
  let running = false;
  const tick = async (): Promise<boolean> => {
    if (running) return false; // a slow run is never overlapped by the next one
    running = true;
    try {
      if (!(await claimJobTurn(name, everyMs, Date.now(), SERVER))) return false;
      await job();
      await finishJobTurn(name, Date.now());
      return true;
    } catch (err) {
      console.error(`[ringback] ${name} failed:`, (err as Error).message);
      return false;
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), opts.firstAfterMs ?? 0);
  first.unref();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return {
    tick,
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
