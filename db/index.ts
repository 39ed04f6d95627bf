/**
 * The one way to the database. Only db/ imports a driver, so lib/ and app/ never know which
 * database serves them; they call the named functions in db/queries, which are all asynchronous.
 *
 * SQLite (the embedded default, DATABASE_PATH) keeps better-sqlite3's synchronous speed
 * underneath, with two connections to one file in WAL mode:
 * - the *reader* serves every statement outside a transaction; it is opened `query_only`, so a
 *   write that forgot to ask for a transaction fails loudly instead of slipping past the lock;
 * - the *writer* serves transactions, one at a time in this process (an async lock), because a
 *   transaction that awaits must not share its connection with whatever else runs meanwhile.
 * A read never waits for a write, and sees only what was committed.
 *
 * PostgreSQL (DATABASE_URL=postgres://…, for several app servers) is a node-postgres pool. A write
 * transaction first takes one cluster-wide advisory lock, so write transactions run one at a time
 * across every server, exactly as SQLite's BEGIN IMMEDIATE does on one: what a transaction checks
 * stays true until it commits, and sequence numbers (the alert feed's and the outbox's cursors)
 * become visible in the order they were taken. Reads take no lock.
 *
 * Inside `transaction(fn)`, `getDb()` anywhere below (any db/queries function) is that
 * transaction (AsyncLocalStorage), so lib/ composes query functions into one atomic step without
 * passing a handle around.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { config } from "../lib/config";
import { DIALECT, redactUrl, type Dialect } from "./dialect";
import * as schema from "./schema";
import * as schemaPg from "./schema-pg";

export { DIALECT, type Dialect };

/** The query builder db/queries writes against (SQLite's types; PostgreSQL's twin at run time). */
export type Db = BetterSQLite3Database<typeof schema>;

/** The committed migrations, relative to the project root (the working directory of every entry point). */
export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
export const PG_MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations-pg");

type SqliteHandle = {
  kind: "sqlite";
  key: string;
  path: string;
  /** Serves transactions, one at a time (`lock`). */
  writer: Database.Database;
  writerDb: Db;
  /** Serves everything else; `query_only`. */
  reader: Database.Database;
  readerDb: Db;
  lock: Lock;
};

type PgHandle = {
  kind: "postgres";
  key: string;
  pool: pg.Pool;
  db: Db;
  /** Migrations applied (every connection waits for it). */
  ready: Promise<void>;
  listener: Listener;
};

type Handle = SqliteHandle | PgHandle;

// Survives module reloads in `next dev`, and is shared by every copy of this module in one server
// process (Next.js bundles lib/ and db/ apart from the tsx-loaded HTTP layer in lib/server.ts).
const globalForDb = globalThis as unknown as { __ringbackDb?: Handle; __ringbackTx?: AsyncLocalStorage<Tx>; __ringbackInstance?: string };
/** This process, in notifications it sends (so it can ignore its own). */
const INSTANCE = (globalForDb.__ringbackInstance ??= randomUUID());

/** An open transaction: `open` turns false at its end, so work it started but did not await cannot use it afterwards. */
type Tx = { db: Db; sqlite?: Database.Database; open: boolean; depth: number };
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

// ---------------------------------------------------------------------------------------------
// SQLite

function connect(file: string, readOnly: boolean): Database.Database {
  const sqlite = new Database(file);
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  // Safe with WAL: a power loss may lose the last transactions, never corrupt the file.
  sqlite.pragma("synchronous = NORMAL");
  if (readOnly) sqlite.pragma("query_only = ON");
  return sqlite;
}

/** Opens (creating the folder and file if missing) and migrates the SQLite database at `file`. */
export function openDatabase(file: string): SqliteHandle {
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
  return { kind: "sqlite", key: `sqlite:${file}`, path: file, writer, writerDb, reader, readerDb: drizzle(reader, { schema }), lock: new Lock() };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

// Column types node-postgres would hand over as strings: every time (bigint milliseconds) and every
// count(*) is a JS number below 2^53, like SQLite's integers.
pg.types.setTypeParser(20, (v) => Number(v)); // int8
pg.types.setTypeParser(1700, (v) => Number(v)); // numeric (sum, avg)

/** The advisory lock every write transaction takes first (one writer at a time, cluster-wide). */
const WRITE_LOCK = 7_248_301;
/** The advisory lock that lets one server at a time apply migrations. */
const MIGRATION_LOCK = 7_248_302;
/** The channel servers tell each other what changed on. */
const CHANNEL = "ringback";

/** A NUL character, which PostgreSQL's text cannot hold (SQLite's can): never meaningful in a name, a path or a message. */
const dropNul = (v: unknown) => (typeof v === "string" && v.includes("\0") ? v.replaceAll("\0", "") : v);

/** Every statement's text parameters lose their NUL characters, so "/%00" is a miss, not a 500. */
function withoutNul(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (config: unknown, values?: unknown, cb?: unknown) => {
    if (config && typeof config === "object" && Array.isArray((config as { values?: unknown[] }).values))
      config = { ...(config as object), values: (config as { values: unknown[] }).values.map(dropNul) };
    if (Array.isArray(values)) values = values.map(dropNul);
    return query(config, values, cb);
  };
}

/** A pool whose connections wait until migrations are applied. */
class ReadyPool extends pg.Pool {
  ready: Promise<void> = Promise.resolve();
  constructor(options: pg.PoolConfig) {
    super(options);
    this.on("connect", withoutNul);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  connect(...args: any[]): any {
    if (args.length > 0) {
      const cb = args[0] as (err: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void;
      this.ready.then(() => super.connect(cb), (err) => cb(err));
      return undefined;
    }
    return this.ready.then(() => super.connect());
  }
}

async function applyPgMigrations(url: string): Promise<void> {
  // One server at a time: the others wait, then find nothing to do.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: PG_MIGRATIONS_FOLDER });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

function openPostgres(url: string): PgHandle {
  const pool = new ReadyPool({ connectionString: url, max: config().DATABASE_POOL_MAX, application_name: "ringback" });
  // An idle connection that breaks (the database restarted) is dropped by the pool; a query on it
  // fails and says so. Without this listener the error would end the process.
  pool.on("error", (err) => console.error("[ringback] database connection lost:", err.message));
  const ready = applyPgMigrations(url).catch((e) => {
    throw new Error(`Cannot reach PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}. Check DATABASE_URL.`);
  });
  // Nothing is left unhandled if no one asks before it fails; the next query reports it.
  ready.catch(() => {});
  pool.ready = ready;
  const db = drizzlePg(pool, { schema: schemaPg }) as unknown as Db;
  return { kind: "postgres", key: `postgres:${url}`, pool, db, ready, listener: new Listener(url) };
}

/**
 * LISTEN on one dedicated connection: what other servers announce (alerts for a user, a change
 * that makes cached pages stale) arrives here within milliseconds. While the connection is down
 * caches last at most a second (`version` changes every second: a page or the slug index is not
 * rebuilt on every request meanwhile), and on reconnecting every listener is woken, so a missed
 * notification delays, never loses.
 */
class Listener {
  private client: pg.Client | undefined;
  private connected = false;
  private stopped = false;
  private retryMs = 250;
  private counter = 0;
  readonly handlers = new Set<(topic: string, data: unknown) => void>();

  constructor(private url: string) {}

  start(): void {
    if (this.client || this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, application_name: "ringback-listen" });
    this.client = client;
    const fail = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.connected = false;
      client.end().catch(() => {});
      if (this.stopped) return;
      if (err) console.error("[ringback] listening for other servers' changes failed, retrying:", err.message);
      setTimeout(() => this.start(), this.retryMs).unref();
      this.retryMs = Math.min(this.retryMs * 2, 5_000);
    };
    client.on("error", fail);
    client.on("end", () => fail());
    client.on("notification", (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      let msg: { from?: string; topic?: string; data?: unknown };
      try {
        msg = JSON.parse(n.payload);
      } catch {
        return;
      }
      if (msg.from === INSTANCE || typeof msg.topic !== "string") return;
      if (msg.topic === "changed") this.counter++;
      for (const h of this.handlers) h(msg.topic, msg.data);
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHANNEL}`))
      .then(() => {
        if (this.client !== client) return;
        this.connected = true;
        this.retryMs = 250;
        // Whatever was announced while deaf: caches start afresh, streams look again.
        this.counter++;
        for (const h of this.handlers) h("reconnected", null);
      })
      .catch(fail);
  }

  version(): number {
    return this.connected ? this.counter : -Math.floor(Date.now() / 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const c = this.client;
    this.client = undefined;
    this.connected = false;
    await c?.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// The process's handle

function handle(): Handle {
  const cfg = config();
  const key = DIALECT === "postgres" ? `postgres:${cfg.DATABASE_URL}` : `sqlite:${cfg.databasePath}`;
  let h = globalForDb.__ringbackDb;
  if (!h || h.key !== key) {
    if (h) void closeHandle(h);
    h = DIALECT === "postgres" ? openPostgres(cfg.DATABASE_URL!) : openDatabase(cfg.databasePath);
    globalForDb.__ringbackDb = h;
  }
  return h;
}

function currentTx(): Tx | undefined {
  const tx = transactions.getStore();
  return tx?.open ? tx : undefined;
}

/** The current transaction, or the shared connection(s) outside one. */
export function getDb(): Db {
  const tx = currentTx();
  if (tx) return tx.db;
  const h = handle();
  return h.kind === "sqlite" ? h.readerDb : h.db;
}

export type TransactionMode = "write" | "read";

/**
 * Runs `fn` in one transaction and returns what it returns; any error rolls everything back.
 * "write" (the default) takes the write lock first, so what `fn` checks stays true until it
 * commits (a slug checked free is still free when inserted). "read" is a consistent snapshot.
 * Nested calls become savepoints of the outer transaction.
 *
 * `lockKey` (PostgreSQL): a write that touches only one prospect's rows and inserts no sequence
 * number a cursor reads (the visit beacon) takes that key's lock instead of the cluster-wide one,
 * so beacons for different people are written side by side, on every server.
 */
export async function transaction<T>(fn: (db: Db) => Promise<T>, mode: TransactionMode = "write", lockKey?: string): Promise<T> {
  const outer = currentTx();
  if (outer) return savepoint(outer, fn);
  const h = handle();
  if (h.kind === "postgres") {
    const pgDb = h.db as unknown as NodePgDatabase<typeof schemaPg>;
    return pgDb.transaction(
      async (t) => {
        if (mode === "write")
          await t.execute(lockKey === undefined ? sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK})` : sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK}, hashtext(${lockKey}))`);
        const tx: Tx = { db: t as unknown as Db, open: true, depth: 0 };
        try {
          return await transactions.run(tx, () => fn(tx.db));
        } finally {
          tx.open = false;
        }
      },
      mode === "read" ? { isolationLevel: "repeatable read", accessMode: "read only" } : undefined,
    );
  }
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

async function savepoint<T>(outer: Tx, fn: (db: Db) => Promise<T>): Promise<T> {
  if (!outer.sqlite) {
    // drizzle's nested transaction is a savepoint on PostgreSQL.
    const pgTx = outer.db as unknown as { transaction: (f: (t: unknown) => Promise<T>) => Promise<T> };
    return pgTx.transaction(async (t) => {
      const inner: Tx = { db: t as Db, open: true, depth: outer.depth + 1 };
      try {
        return await transactions.run(inner, () => fn(inner.db));
      } finally {
        inner.open = false;
      }
    });
  }
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

/** One write statement (or a few), in a write transaction of its own: `await write((db) => db.delete(t).where(…))`. */
export function write<T>(statement: (db: Db) => PromiseLike<T>): Promise<T> {
  return transaction(async (db) => statement(db));
}

/**
 * One statement that is atomic by itself (an upsert of a counter), without the write lock on
 * PostgreSQL: for hot counters that need no other check. On SQLite, the same as `write`.
 */
export function atomic<T>(statement: (db: Db) => PromiseLike<T>): Promise<T> {
  if (currentTx() || handle().kind === "sqlite") return write(statement);
  return Promise.resolve(statement(getDb()));
}

/** How many rows an insert, update or delete (without `returning`) changed. */
export function rowsChanged(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/** The rows of a hand-written statement (column names as written in its SQL). */
export async function sqlAll<T>(query: SQL): Promise<T[]> {
  const db = getDb();
  if (DIALECT === "postgres") return (await (db as unknown as NodePgDatabase).execute(query)).rows as T[];
  return db.all<T>(query);
}

/** The first row of a hand-written statement, if any. */
export async function sqlGet<T>(query: SQL): Promise<T | undefined> {
  return (await sqlAll<T>(query))[0];
}

/** Runs a hand-written write (in a transaction of its own outside one); how many rows it changed. */
export async function sqlRun(query: SQL): Promise<number> {
  const run = async (db: Db) => (DIALECT === "postgres" ? rowsChanged(await (db as unknown as NodePgDatabase).execute(query)) : rowsChanged(db.run(query)));
  if (currentTx()) return run(getDb());
  return transaction(run);
}

/**
 * A number that changes whenever another process may have changed what caches hold: SQLite's
 * data_version (read on the writer connection, so this process's own commits do not count); on
 * PostgreSQL, the count of other servers' announcements (`announceChange`). Synchronous and cheap:
 * the page cache and the slug index ask on every request.
 */
export function externalChangeVersion(): number {
  const h = handle();
  if (h.kind === "sqlite") return Number(h.writer.pragma("data_version", { simple: true }));
  h.listener.start();
  return h.listener.version();
}

let announcePending = false;

/**
 * Tells the other servers that what caches hold (pages, the slug index) changed: their
 * `externalChangeVersion` moves on within milliseconds. Coalesced to one notification per tick, so
 * an import of thousands of rows sends one. Nothing to do on SQLite (one server; other processes
 * show up in data_version).
 */
export function announceChange(): void {
  if (DIALECT !== "postgres" || announcePending) return;
  announcePending = true;
  setImmediate(() => {
    announcePending = false;
    void broadcast("changed", null);
  });
}

/** Sends `topic` (and small JSON `data`) to every other server; PostgreSQL only, a no-op on SQLite. */
export async function broadcast(topic: string, data: unknown): Promise<void> {
  const h = handle();
  if (h.kind !== "postgres") return;
  try {
    await h.pool.query("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify({ from: INSTANCE, topic, data })]);
  } catch (err) {
    console.error(`[ringback] could not tell the other servers (${topic}):`, (err as Error).message);
  }
}

/** What other servers broadcast (and "reconnected" after a gap); returns the unsubscribe. */
export function onBroadcast(listener: (topic: string, data: unknown) => void): () => void {
  const h = handle();
  if (h.kind !== "postgres") return () => {};
  h.listener.handlers.add(listener);
  h.listener.start();
  return () => h.listener.handlers.delete(listener);
}

/**
 * SQLite only: runs `fn` with the writer connection under the write lock (or inside the current
 * transaction), for the hottest path (the visit beacon) whose statements are prepared once and
 * run in one native transaction, with no await in between.
 */
export async function withSqliteWriter<T>(fn: (sqlite: Database.Database) => T): Promise<T> {
  const tx = currentTx();
  if (tx?.sqlite) return fn(tx.sqlite);
  const h = handle();
  if (h.kind !== "sqlite") throw new Error("withSqliteWriter is for SQLite only");
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
  const h = handle();
  if (h.kind !== "sqlite") return h.db;
  return h.writerDb;
}

const statementCache = new WeakMap<Database.Database, Map<string, unknown>>();

/**
 * SQLite only: statements for the hottest paths, prepared once per connection (drizzle builds and
 * SQLite prepares every other query on each call, which is fine everywhere else). `sqlite` is the
 * connection to prepare on (the writer's inside `withSqliteWriter`, else the reader's).
 */
export function prepared<T>(name: string, make: (sqlite: Database.Database) => T, sqlite?: Database.Database): T {
  let conn = sqlite ?? currentTx()?.sqlite;
  if (!conn) {
    const h = handle();
    if (h.kind !== "sqlite") throw new Error("prepared statements are for SQLite only");
    conn = h.reader;
  }
  let cache = statementCache.get(conn);
  if (!cache) statementCache.set(conn, (cache = new Map()));
  let s = cache.get(name) as T | undefined;
  if (s === undefined) cache.set(name, (s = make(conn)));
  return s;
}

/** Opens the database and applies pending migrations (idempotent); says which database it is. */
export async function runMigrations(): Promise<string> {
  const h = handle();
  if (h.kind === "sqlite") return h.path;
  await h.ready;
  return redactUrl(config().DATABASE_URL!);
}

/**
 * An online, consistent copy of the live database: SQLite's backup API (safe under load), or
 * `pg_dump` for PostgreSQL.
 */
export async function backupDatabase(destination: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const h = handle();
  if (h.kind === "sqlite") {
    await h.reader.backup(path.resolve(destination));
    return;
  }
  const { backupPostgres } = await import("./pg-backup");
  await backupPostgres(config().DATABASE_URL!, path.resolve(destination));
}

async function closeHandle(h: Handle): Promise<void> {
  if (h.kind === "sqlite") {
    h.reader.close();
    h.writer.close();
    return;
  }
  await h.listener.stop();
  await h.pool.end().catch(() => {});
}

export async function closeDatabase(): Promise<void> {
  const h = globalForDb.__ringbackDb;
  globalForDb.__ringbackDb = undefined;
  if (h) await closeHandle(h);
}

/** What a storage failure means for the person who asked, or undefined for any other error. */
export function storageProblem(e: unknown): { status: number; code: string; message: string } | undefined {
  const code = String((e as { code?: string } | null)?.code ?? "");
  if (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_") || code === "SQLITE_LOCKED" || code === "40001" || code === "40P01" || code === "55P03")
    return { status: 503, code: "database_busy", message: "The database is busy. Try again in a few seconds." };
  if (code === "SQLITE_FULL" || code === "ENOSPC" || code === "53100")
    return { status: 507, code: "storage_full", message: "The server's disk is full, so nothing was saved. Tell your Ringback admin." };
  if (code.startsWith("SQLITE_READONLY") || code === "EROFS" || code === "EACCES" || code === "25006")
    return { status: 503, code: "storage_read_only", message: "The server cannot write its data right now, so nothing was saved. Tell your Ringback admin." };
  // Connection refused or lost, too many connections, the server shutting down: try again shortly.
  if (code.startsWith("SQLITE_IOERR") || code === "SQLITE_CANTOPEN" || code === "ECONNREFUSED" || code === "ECONNRESET" || code === "57P01" || code === "57P03" || code === "53300" || code.startsWith("08"))
    return { status: 503, code: "storage_error", message: "The server could not reach its data, so nothing was saved. Try again shortly." };
  return undefined;
}
