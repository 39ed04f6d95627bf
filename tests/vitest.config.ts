import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const alias = { "@": root };

export default defineConfig({
  root,
  resolve: { alias },
  test: {
    reporters: ["default", path.join(root, "tests/support/totals-reporter.ts")],
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          root,
          include: ["tests/unit/**/*.test.ts"],
          // One throwaway PostgreSQL cluster for the unit run (about a second to start); a test file
          // takes a fresh database from it with freshPgDatabase() (tests/support/pg-database.ts).
          globalSetup: ["tests/support/pg-global-setup.ts"],
          environment: "node",
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          root,
          include: ["tests/integration/**/*.test.ts"],
          // Several servers on one database: PostgreSQL only (integration-pg).
          exclude: ["tests/integration/multi-server.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          environment: "node",
          // Each file starts its own production server; two cores run them best one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // The same integration tests, every server on PostgreSQL (a fresh database per server, on one
          // throwaway cluster), plus the tests of several servers on one database.
          name: "integration-pg",
          root,
          include: ["tests/integration/**/*.test.ts"],
          // SQLite's own file, its failure modes and the CLI's file commands: nothing to run on PostgreSQL.
          exclude: ["tests/integration/durability.test.ts", "tests/integration/cli.test.ts"],
          env: { RINGBACK_TEST_DB: "postgres" },
          globalSetup: ["tests/support/global-setup.ts", "tests/support/pg-global-setup.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          root,
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts", "tests/support/chromium-check.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
