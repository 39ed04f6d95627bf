/**
 * Turns of periodic jobs, so that with several servers each job runs once per period, whichever
 * server's timer fires first. A turn is claimed in one atomic upsert: it succeeds only when the
 * last turn began at least 90% of a period ago (timers drift, clocks differ a little).
 */
import { eq, lte, sql } from "drizzle-orm";
import { getDb, write } from "../index";
import { periodicJobs } from "../tables";

export type JobRow = typeof periodicJobs.$inferSelect;

/** True when this server got `name`'s turn for the period starting `now`. */
export async function claimJobTurn(name: string, everyMs: number, now: number, server: string): Promise<boolean> {
  const dueBefore = now - Math.floor(everyMs * 0.9);
  const rows = await write((db) =>
    db
      .insert(periodicJobs)
      .values({ name, lastStartedAt: now, lastServer: server, runs: 1 })
      .onConflictDoUpdate({
        target: periodicJobs.name,
        set: { lastStartedAt: now, lastServer: server, runs: sql`${periodicJobs.runs} + 1` },
        setWhere: lte(periodicJobs.lastStartedAt, dueBefore),
      })
      .returning({ name: periodicJobs.name }),
  );
  return rows.length > 0;
}

export async function finishJobTurn(name: string, now: number): Promise<void> {
  await write((db) => db.update(periodicJobs).set({ lastFinishedAt: now }).where(eq(periodicJobs.name, name)));
}

export async function jobRows(): Promise<JobRow[]> {
  return getDb().select().from(periodicJobs).orderBy(periodicJobs.name);
}
