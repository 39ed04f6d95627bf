/**
 * Vitest globalSetup: ONE throwaway PostgreSQL cluster for the whole run (tests/support/postgres.ts),
 * stopped at teardown. Test files get their own empty database from it with freshPgDatabase()
 * (tests/support/pg-database.ts), so files running side by side never see each other's rows.
 *
 * Without PostgreSQL the run still goes on: the reason is handed to the workers instead, and only
 * the tests that ask for a database fail, saying what to install.
 */
import type { TestProject } from "vitest/node";
import { PostgresUnavailableError, startPostgres, type PgCluster } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** The cluster's superuser URL (postgres://postgres@127.0.0.1:<port>/postgres), or "" when none started. */
    pgAdminUrl: string;
    /** Why there is no cluster ("" when there is one). */
    pgUnavailable: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: PgCluster | undefined;
  try {
    const started = performance.now();
    cluster = await startPostgres();
    if (process.env.RINGBACK_PG_TIMING) console.log(`[pg] cluster on 127.0.0.1:${cluster.port} in ${Math.round(performance.now() - started)} ms`);
    project.provide("pgAdminUrl", cluster.adminUrl);
    project.provide("pgUnavailable", "");
  } catch (err) {
    if (!(err instanceof PostgresUnavailableError)) throw err;
    project.provide("pgAdminUrl", "");
    project.provide("pgUnavailable", err.message);
  }
  return async () => {
    await cluster?.stop();
  };
}
