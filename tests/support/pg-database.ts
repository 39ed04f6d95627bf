/**
 * For a test file: a fresh, empty PostgreSQL database on the run's cluster (started once by
 * tests/support/pg-global-setup.ts, which the project must list in globalSetup).
 */
import { inject } from "vitest";
import { createDatabase } from "./postgres";

/** CREATE DATABASE on the shared cluster; resolves to its postgres:// URL. */
export async function freshPgDatabase(name?: string): Promise<string> {
  const adminUrl = inject("pgAdminUrl");
  if (!adminUrl) {
    throw new Error(inject("pgUnavailable") || "No PostgreSQL cluster: add tests/support/pg-global-setup.ts to this project's globalSetup in tests/vitest.config.ts.");
  }
  return createDatabase(adminUrl, name);
}
