/**
 * The one connection to the embedded SQLite database. Only db/ imports the driver, so another
 * database can replace it without touching lib/ or app/.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { config } from "../lib/config";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

type Handle = { path: string; sqlite: Database.Database; db: Db };

/** The committed migrations, relative to the project root (the working directory of every entry point). */
export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

// Survives module reloads in `next dev`, and is shared by every route of one server process.
const globalForDb = globalThis as unknown as { __ringbackDb?: Handle };

/** Opens (creating the folder and file if missing) and migrates the database at `file`. */
export function openDatabase(file: string): Handle {
  let sqlite: Database.Database;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    sqlite = new Database(file);
  } catch (e) {
    throw new Error(`Cannot open the database at ${file}: ${(e as Error).message}. Check DATABASE_PATH and that its folder can be written.`);
  }
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // Safe with WAL: a power loss may lose the last transactions, never corrupt the file.
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { path: file, sqlite, db };
}

function handle(): Handle {
  const file = config().databasePath;
  let h = globalForDb.__ringbackDb;
  if (!h || h.path !== file) {
    h?.sqlite.close();
    h = openDatabase(file);
    globalForDb.__ringbackDb = h;
  }
  return h;
}

/** The process's drizzle database, opened and migrated on first use. */
export function getDb(): Db {
  return handle().db;
}

const statementCache = new WeakMap<Database.Database, Map<string, unknown>>();

/**
 * Statements for the hottest paths (the visit beacon), prepared once per connection: drizzle
 * builds and SQLite prepares every other query on each call, which is fine everywhere else.
 */
export function prepared<T>(name: string, make: (sqlite: Database.Database) => T): T {
  const sqlite = handle().sqlite;
  let cache = statementCache.get(sqlite);
  if (!cache) statementCache.set(sqlite, (cache = new Map()));
  let s = cache.get(name) as T | undefined;
  if (s === undefined) cache.set(name, (s = make(sqlite)));
  return s;
}

/** Applies pending migrations (idempotent). */
export function runMigrations(): string {
  return handle().path;
}

/** An online, consistent copy of the live database (SQLite's backup API), safe under load. */
export async function backupDatabase(destination: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  await handle().sqlite.backup(path.resolve(destination));
}

export function closeDatabase(): void {
  globalForDb.__ringbackDb?.sqlite.close();
  globalForDb.__ringbackDb = undefined;
}

/** What a storage failure means for the person who asked, or undefined for any other error. */
export function storageProblem(e: unknown): { status: number; code: string; message: string } | undefined {
  const code = (e as { code?: string } | null)?.code ?? "";
  if (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_") || code === "SQLITE_LOCKED")
    return { status: 503, code: "database_busy", message: "The database is busy. Try again in a few seconds." };
  if (code === "SQLITE_FULL" || (e as { code?: string } | null)?.code === "ENOSPC")
    return { status: 507, code: "storage_full", message: "The server's disk is full, so nothing was saved. Tell your Ringback admin." };
  if (code.startsWith("SQLITE_READONLY") || code === "EROFS" || code === "EACCES")
    return { status: 503, code: "storage_read_only", message: "The server cannot write its data right now, so nothing was saved. Tell your Ringback admin." };
  if (code.startsWith("SQLITE_IOERR") || code === "SQLITE_CANTOPEN")
    return { status: 503, code: "storage_error", message: "The server could not reach its data, so nothing was saved. Try again shortly." };
  return undefined;
}
