/**
 * A real, temporary SQLite database for unit tests of lib/ code that reaches db/.
 *
 * lib/config.ts caches the configuration on first use and db/index.ts caches the connection on
 * globalThis, so the environment must be set before those modules load. Call this at the top of a
 * test file, then import lib/ and db/ modules dynamically:
 *
 *   const tmp = await useTempDatabase({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" });
 *   const { recordFailure } = await import("../../lib/auth/throttle");
 *   afterAll(tmp.cleanup);
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { vi } from "vitest";

export type TempDatabase = { dir: string; dbPath: string; cleanup: () => Promise<void> };

export async function useTempDatabase(env: Record<string, string> = {}): Promise<TempDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rb-unit-"));
  const dbPath = path.join(dir, "ringback.db");
  const vars: Record<string, string> = { DATABASE_PATH: dbPath, PASSWORD_SCRYPT_COST: "1024", ...env };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  // A fresh module registry: a new config() cache that reads the variables just set.
  vi.resetModules();
  const db = await import("../../db/index");
  await db.closeDatabase();

  return {
    dir,
    dbPath,
    async cleanup() {
      await db.closeDatabase();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
