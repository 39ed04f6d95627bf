/**
 * Direct access to a test server's database, on SQLite or PostgreSQL alike, for tests that seed or
 * inspect rows behind the server's back:
 *
 *   const db = serverDb(server);
 *   try {
 *     const row = await db.get<{ n: number }>("SELECT count(*) AS n FROM visits WHERE kind = ?", "miss");
 *   } finally {
 *     await db.close();
 *   }
 *
 * - SQLite (the `integration` project): better-sqlite3 on server.dbPath, busy_timeout 5000 so a
 *   write waits for the server's own writes.
 * - PostgreSQL (`integration-pg`, TEST_DB === "postgres"): a pg.Client on server.env.DATABASE_URL,
 *   connected on first use. `?` placeholders are rewritten to $1, $2, … (not inside '…' strings,
 *   "…" identifiers or comments), so the same SQL text works on both (which rules out PostgreSQL's
 *   jsonb `?` operators: use jsonb_exists() instead).
 *
 * What still differs between the two, for the SQL a test writes:
 * - Booleans come back as stored: 0/1 on SQLite, true/false on PostgreSQL. Compare with
 *   Boolean(x), or select something both agree on (CASE WHEN flag THEN 1 ELSE 0 END). To write a
 *   boolean column, bind dbBool(b) rather than writing 0/1 (or true/false) into the SQL text.
 * - bigint (times) and numeric come back as JS numbers on both (this client's own type parsers,
 *   not pg's global ones, so nothing else in the test process is affected); count(*) is bigint on
 *   PostgreSQL, so it is a number too.
 * - No rowid on PostgreSQL: visits and visit_events have row_order there (insertion order).
 * - JSON is text on both; SQLite's json_extract(x, '$.k') is (x::jsonb ->> 'k') on PostgreSQL.
 * - sqlite_master does not exist on PostgreSQL: use tables().
 */
import Database from "better-sqlite3";
import pg from "pg";
import { TEST_DB, type TestServer } from "./server";

export type ServerDb = {
  /** Every row. */
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** A statement without rows (INSERT, UPDATE, DELETE); resolves to the number of rows it changed. */
  run(sql: string, ...params: unknown[]): Promise<number>;
  /** The application's tables, sorted by name (not drizzle's migrations table, nor SQLite's own). */
  tables(): Promise<string[]>;
  close(): Promise<void>;
};

/** The database a server uses, as a test sees it: SQLite's file or PostgreSQL's DATABASE_URL. */
export function serverDb(server: Pick<TestServer, "dbPath" | "env">): ServerDb {
  const url = server.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? pgDb(url) : sqliteDb(server.dbPath);
}

/** Opens the server's database, runs fn with it, and closes it (also when fn throws). */
export async function withServerDb<T>(server: Pick<TestServer, "dbPath" | "env">, fn: (db: ServerDb) => Promise<T>): Promise<T> {
  const db = serverDb(server);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** The value to bind for a boolean column: 0/1 on SQLite, true/false on PostgreSQL. */
export const dbBool = (b: boolean): boolean | number => (TEST_DB === "postgres" ? b : b ? 1 : 0);

/**
 * The environment for runCli() to work on the same database as the server: DATABASE_PATH, and on
 * PostgreSQL DATABASE_URL too (without it the CLI would open an empty SQLite file in the data folder).
 */
export function cliEnv(server: Pick<TestServer, "dbPath" | "env">): Record<string, string> {
  const url = server.env.DATABASE_URL;
  return { DATABASE_PATH: server.dbPath, ...(url ? { DATABASE_URL: url } : {}) };
}

function sqliteDb(file: string): ServerDb {
  let db: Database.Database | undefined;
  const open = () => {
    if (!db) {
      db = new Database(file, { fileMustExist: true });
      db.pragma("busy_timeout = 5000");
    }
    return db;
  };
  return {
    async all<T>(sql: string, ...params: unknown[]) {
      return open().prepare(sql).all(...params) as T[];
    },
    async get<T>(sql: string, ...params: unknown[]) {
      return open().prepare(sql).get(...params) as T | undefined;
    },
    async run(sql: string, ...params: unknown[]) {
      return open().prepare(sql).run(...params).changes;
    },
    async tables() {
      const rows = open()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '__drizzle_migrations' ORDER BY name")
        .all() as { name: string }[];
      return rows.map((r) => r.name);
    },
    async close() {
      db?.close();
      db = undefined;
    },
  };
}

/** int8 (20: bigint, count(*)) and numeric (1700) as JS numbers, like better-sqlite3 gives them. */
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 20 || oid === 1700) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function pgDb(url: string): ServerDb {
  let client: Promise<pg.Client> | undefined;
  const connect = () =>
    (client ??= (async () => {
      const c = new pg.Client({ connectionString: url, types: pgTypes });
      await c.connect();
      return c;
    })());
  const query = async (sql: string, params: unknown[]) => (await connect()).query(toPgPlaceholders(sql), params);
  return {
    async all<T>(sql: string, ...params: unknown[]) {
      return (await query(sql, params)).rows as T[];
    },
    async get<T>(sql: string, ...params: unknown[]) {
      return (await query(sql, params)).rows[0] as T | undefined;
    },
    async run(sql: string, ...params: unknown[]) {
      return (await query(sql, params)).rowCount ?? 0;
    },
    async tables() {
      const { rows } = await query(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '__drizzle_migrations' ORDER BY table_name",
        [],
      );
      return (rows as { name: string }[]).map((r) => r.name);
    },
    async close() {
      const c = client;
      client = undefined;
      if (c) await (await c).end();
    },
  };
}

/** `?` → `$1`, `$2`, …, skipping '…' strings, "…" identifiers, -- and /* *\/ comments. */
export function toPgPlaceholders(sql: string): string {
  let out = "";
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      // A quoted run, with '' / "" as the escaped quote: copy it through to its closing quote.
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j++;
          else break;
        }
      }
      out += sql.slice(i, j + 1);
      i = j;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const j = end === -1 ? sql.length : end;
      out += sql.slice(i, j);
      i = j - 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      const j = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, j);
      i = j - 1;
    } else if (c === "?") {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  return out;
}
