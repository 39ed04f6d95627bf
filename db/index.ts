/**
 * The one way to the database. Only db/ imports a driver, so lib/ and app/ never know which
 * database serves them; they call the named functions in db/queries, which are all asynchronous.
 *
 * SQLite (the embedded default) keeps better-sqlite3's synchronous speed underneath, with two
 * connections to one file in WAL mode:
 * - the *reader* serves every statement outside a transaction; it is opened `query_only`, so a
 *   write that forgot to ask for a transaction fails loudly instead of slipping past the lock;
 * - the *writer* serves transactions, one at a time in this process (an async lock), because a
 *   transaction that awaits must not share its connection with whatever else runs meanwhile.
 * A read never waits for a write, and sees only what was committed.
 *
 * Inside `transaction(fn)`, `getDb()` anywhere below (any db/queries function) is that
 * transaction (AsyncLocalStorage), so lib/ composes query functions into one atomic step without
 * passing a handle around.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { config } from "../lib/config";
import * as schema from "./schema";

/** The query builder db/queries writes against. */
export type Db = BetterSQLite3Database<typeof schema>;

type Handle = {
  path: string;
  /** Serves transactions, one at a time (`lock`). */
  writer: Database.Database;
  writerDb: Db;
  /** Serves everything else; `query_only`. */
  reader: Database.Database;
  readerDb: Db;
  lock: Lock;
};

/** The committed migrations, relative to the project root (the working directory of every entry point). */
export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

// Survives module reloads in `next dev`, and is shared by every route of one server process.
const globalForDb = globalThis as unknown as { __ringbackDb?: Handle; __ringbackTx?: AsyncLocalStorage<Tx> };

/** An open transaction: `open` turns false at its end, so work it started but did not await cannot use it afterwards. */
type Tx = { db: Db; sqlite: Database.Database; open: boolean; depth: number };
const transactions = (globalForDb.__ringbackTx ??= new AsyncLocalStorage<Tx>());

/** A first-come, first-served async lock. */
class Lock {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

function connect(file: string, readOnly: boolean): Database.Database {
  const sqlite = new Database(file);
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  // Safe with WAL: a power loss may lose the last transactions, never corrupt the file.
  sqlite.pragma("synchronous = NORMAL");
  if (readOnly) sqlite.pragma("query_only = ON");
  return sqlite;
}

/** Opens (creating the folder and file if missing) and migrates the database at `file`. */
export function openDatabase(file: string): Handle {
  let writer: Database.Database;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writer = connect(file, false);
  } catch (e) {
    throw new Error(`Cannot open the database at ${file}: ${(e as Error).message}. Check DATABASE_PATH and that its folder can be written.`);
  }
  writer.pragma("journal_mode = WAL");
  const writerDb = drizzle(writer, { schema });
  migrate(writerDb, { migrationsFolder: MIGRATIONS_FOLDER });
  const reader = connect(file, true);
  return { path: file, writer, writerDb, reader, readerDb: drizzle(reader, { schema }), lock: new Lock() };
}

function handle(): Handle {
  const file = config().databasePath;
  let h = globalForDb.__ringbackDb;
  if (!h || h.path !== file) {
    if (h) closeHandle(h);
    h = openDatabase(file);
    globalForDb.__ringbackDb = h;
  }
  return h;
}

function currentTx(): Tx | undefined {
  const tx = transactions.getStore();
  return tx?.open ? tx : undefined;
}

/** The current transaction, or the shared connection outside one. */
export function getDb(): Db {
  return currentTx()?.db ?? handle().readerDb;
}

export type TransactionMode = "write" | "read";

/**
 * Runs `fn` in one transaction and returns what it returns; any error rolls everything back.
 * "write" (the default) takes the write lock first, so what `fn` checks stays true until it
 * commits (a slug checked free is still free when inserted). "read" is a consistent snapshot.
 * Nested calls become savepoints of the outer transaction.
 */
export async function transaction<T>(fn: (db: Db) => Promise<T>, mode: TransactionMode = "write"): Promise<T> {
  const outer = currentTx();
  if (outer) {
    const name = `sp${++outer.depth}`;
    outer.sqlite.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(outer.db);
      outer.sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (e) {
      outer.sqlite.exec(`ROLLBACK TO ${name}`);
      outer.sqlite.exec(`RELEASE ${name}`);
      throw e;
    }
  }
  const h = handle();
  const release = await h.lock.acquire();
  const tx: Tx = { db: h.writerDb, sqlite: h.writer, open: true, depth: 0 };
  try {
    h.writer.exec(mode === "write" ? "BEGIN IMMEDIATE" : "BEGIN");
    try {
      const result = await transactions.run(tx, () => fn(tx.db));
      h.writer.exec("COMMIT");
      return result;
    } catch (e) {
      if (h.writer.inTransaction) h.writer.exec("ROLLBACK");
      throw e;
    }
  } finally {
    tx.open = false;
    release();
  }
}

/** One write statement (or a few), in a transaction of its own: `await write((db) => db.delete(t).where(…))`. */
export async function write<T>(statement: (db: Db) => PromiseLike<T>): Promise<T> {
  return transaction(async (db) => statement(db));
}

/** How many rows an insert, update or delete (without `returning`) changed. */
export function rowsChanged(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/** The rows of a hand-written statement (column names as written in its SQL). */
export async function sqlAll<T>(query: SQL): Promise<T[]> {
  return getDb().all<T>(query);
}

/** The first row of a hand-written statement, if any. */
export async function sqlGet<T>(query: SQL): Promise<T | undefined> {
  return getDb().get<T>(query) ?? undefined;
}

/** Runs a hand-written write (in a transaction of its own outside one); how many rows it changed. */
export async function sqlRun(query: SQL): Promise<number> {
  if (currentTx()) return rowsChanged(getDb().run(query));
  return transaction(async (db) => rowsChanged(db.run(query)));
}

/**
 * A number that changes whenever another process commits to the database (SQLite's
 * data_version, read on the writer connection so this process's own commits do not count):
 * a cheap, synchronous staleness check for the page cache and the slug index.
 */
export function externalChangeVersion(): number {
  return Number(handle().writer.pragma("data_version", { simple: true }));
}

/**
 * SQLite only: runs `fn` with the writer connection under the write lock (or inside the current
 * transaction), for the hottest path (the visit beacon) whose statements are prepared once and
 * run in one native transaction, with no await in between.
 */
export async function withSqliteWriter<T>(fn: (sqlite: Database.Database) => T): Promise<T> {
  const tx = currentTx();
  if (tx) return fn(tx.sqlite);
  const h = handle();
  const release = await h.lock.acquire();
  try {
    return fn(h.writer);
  } finally {
    release();
  }
}

/**
 * The writer connection without its lock, synchronous: only for tests and benchmarks that seed
 * rows in bulk while nothing else runs. Application code uses `transaction` or `write`.
 */
export function unlockedWriter(): Db {
  return handle().writerDb;
}

const statementCache = new WeakMap<Database.Database, Map<string, unknown>>();

/**
 * Statements for the hottest paths, prepared once per connection: drizzle builds and SQLite
 * prepares every other query on each call, which is fine everywhere else. `sqlite` is the
 * connection to prepare on (the writer's inside `withSqliteWriter`, else the reader's).
 */
export function prepared<T>(name: string, make: (sqlite: Database.Database) => T, sqlite: Database.Database = currentTx()?.sqlite ?? handle().reader): T {
  let cache = statementCache.get(sqlite);
  if (!cache) statementCache.set(sqlite, (cache = new Map()));
  let s = cache.get(name) as T | undefined;
  if (s === undefined) cache.set(name, (s = make(sqlite)));
  return s;
}

/** Opens the database and applies pending migrations (idempotent); says where it is. */
export async function runMigrations(): Promise<string> {
  return handle().path;
}

/** An online, consistent copy of the live database (SQLite's backup API), safe under load. */
export async function backupDatabase(destination: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  await handle().reader.backup(path.resolve(destination));
}

function closeHandle(h: Handle): void {
  h.reader.close();
  h.writer.close();
}

export async function closeDatabase(): Promise<void> {
  const h = globalForDb.__ringbackDb;
  globalForDb.__ringbackDb = undefined;
  if (h) closeHandle(h);
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
