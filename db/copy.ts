/**
 * Moving a workspace from the embedded SQLite database to PostgreSQL, once:
 * `npm run ringback -- db:copy --to postgres://…` (lib/cli.ts).
 *
 * - The SQLite file is opened read-only and read inside one read transaction, so a running server
 *   may keep writing meanwhile: what is copied is one consistent snapshot (writes after it are not
 *   copied: stop the server first for a switch-over).
 * - The target gets db/migrations-pg first, and must then be empty: a copy never merges into a
 *   database that already holds rows.
 * - Every table is copied inside ONE PostgreSQL transaction, parents before children (the order
 *   comes from schema-pg's foreign keys), by column name, in multi-row INSERTs; any failure rolls
 *   it all back, leaving the (migrated) target empty.
 * - Values keep their meaning: integers are read exactly (as BigInt, sent as text, so nothing
 *   past 2^53 is rounded), 0/1 become false/true in the columns that are boolean on PostgreSQL,
 *   JSON stays the same text, NULL stays NULL. Rows go in SQLite's rowid order, so tie-breaks
 *   by insertion order (visits, visit_events) stay what they were.
 * - Identity sequences (alerts.seq, outbox.seq, delivery_attempts.id, workspace_settings.id)
 *   are moved past the copied values, then every table's row count is compared.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { getTableConfig, PgTable, type PgColumn } from "drizzle-orm/pg-core";
import pg from "pg";
import * as pgSchema from "./schema-pg";
import { redactUrl } from "./dialect";

export type CopyOptions = {
  /** The SQLite database file (DATABASE_PATH). */
  sqlitePath: string;
  /** postgres://… of the (empty) target database. */
  postgresUrl: string;
  /** Called with one line per table copied ("visits: 1200 rows"). */
  log?: (line: string) => void;
  /** Rows per INSERT (capped so one statement stays under PostgreSQL's 65,535 parameters). */
  batchRows?: number;
};

export type CopyResult = { tables: { name: string; rows: number }[] };

/** Why a copy was refused before anything was written (the CLI shows the message alone). */
export class CopyRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CopyRefused";
  }
}

const SQLITE_MIGRATIONS = path.join(process.cwd(), "db", "migrations");
const PG_MIGRATIONS = path.join(process.cwd(), "db", "migrations-pg");
const PG_MAX_PARAMETERS = 65_535;

type ColumnPlan = { name: string; boolean: boolean; identity: boolean };
type TablePlan = { name: string; columns: ColumnPlan[] };

/** schema-pg's tables, parents before children (a topological sort of their foreign keys). */
export function tablesInForeignKeyOrder(): TablePlan[] {
  const configs = Object.values(pgSchema as Record<string, unknown>)
    .filter((t): t is PgTable => is(t, PgTable))
    .map((t) => getTableConfig(t));
  const byName = new Map(configs.map((c) => [c.name, c]));
  const ordered: TablePlan[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`The foreign keys of ${[...trail, name].join(" → ")} form a cycle; db/copy.ts cannot order them.`);
    state.set(name, "visiting");
    const c = byName.get(name)!;
    for (const fk of c.foreignKeys) {
      const parent = getTableConfig(fk.reference().foreignTable).name;
      // A table referring to itself needs its rows in dependency order, which rowid order gives
      // only if parents were written first; none exists today, so keep it simple and say so.
      if (parent === name) throw new Error(`${name} refers to itself; db/copy.ts does not order such rows.`);
      visit(parent, [...trail, name]);
    }
    state.set(name, "done");
    ordered.push({
      name,
      columns: c.columns.map((col: PgColumn) => ({ name: col.name, boolean: col.getSQLType() === "boolean", identity: Boolean(col.generatedIdentity) })),
    });
  };
  for (const c of [...configs].sort((a, b) => a.name.localeCompare(b.name))) visit(c.name, []);
  return ordered;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

export { redactUrl };

function openSqlite(file: string): Database.Database {
  if (!fs.existsSync(file)) throw new CopyRefused(`There is no SQLite database at ${file} to copy; check DATABASE_PATH.`);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    sqlite.pragma("busy_timeout = 5000");
  } catch (e) {
    throw new CopyRefused(`Cannot open the SQLite database at ${file}: ${(e as Error).message}`);
  }
  return sqlite;
}

/** Refuses a database that the current code would still migrate (or that a newer Ringback has). */
function checkMigrated(sqlite: Database.Database, file: string): void {
  const hint = "run `npm run ringback -- migrate` first (with the same DATABASE_PATH), then copy again";
  const has = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!has) throw new CopyRefused(`${file} is not a migrated Ringback database (no __drizzle_migrations table): ${hint}.`);
  const last = sqlite.prepare("SELECT max(created_at) AS at, count(*) AS n FROM __drizzle_migrations").get() as { at: number | null; n: number };
  const journal = readMigrationFiles({ migrationsFolder: SQLITE_MIGRATIONS });
  const latest = journal[journal.length - 1].folderMillis;
  // drizzle's SQLite migrator applies every migration newer than the last one recorded: the same test.
  if (last.at === null || Number(last.at) < latest) {
    throw new CopyRefused(`${file} is not migrated to the latest migration (${last.n} of ${journal.length} applied): ${hint}.`);
  }
  if (Number(last.at) > latest) {
    throw new CopyRefused(`${file} was migrated by a newer Ringback than this one (a migration this code does not know); copy with that version.`);
  }
}

/** Every SQLite table must be one schema-pg knows, with the same columns: nothing is left behind silently. */
function checkShapes(sqlite: Database.Database, plans: TablePlan[]): void {
  const known = new Map(plans.map((p) => [p.name, p]));
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '__drizzle_migrations'").all() as { name: string }[]).map((r) => r.name);
  const problems: string[] = [];
  for (const t of tables) if (!known.has(t)) problems.push(`table ${t} is in SQLite but not in db/schema-pg.ts`);
  for (const p of plans) {
    if (!tables.includes(p.name)) {
      problems.push(`table ${p.name} is missing from SQLite`);
      continue;
    }
    const have = new Set((sqlite.prepare(`PRAGMA table_info(${quote(p.name)})`).all() as { name: string }[]).map((c) => c.name));
    const want = new Set(p.columns.map((c) => c.name));
    for (const c of have) if (!want.has(c)) problems.push(`${p.name}.${c} is in SQLite but not in db/schema-pg.ts`);
    for (const c of want) if (!have.has(c)) problems.push(`${p.name}.${c} is missing from SQLite`);
  }
  if (problems.length) throw new CopyRefused(`The SQLite database does not match db/schema-pg.ts:\n  ${problems.join("\n  ")}`);
}

/** A SQLite value (integers read as BigInt) as a pg parameter. */
function toPg(value: unknown, column: ColumnPlan, table: string): unknown {
  if (value === null || value === undefined) return null;
  if (column.boolean) {
    if (value === 0n || value === 0) return false;
    if (value === 1n || value === 1) return true;
    throw new Error(`${table}.${column.name} holds ${JSON.stringify(String(value))}, which is not 0 or 1 (a boolean on PostgreSQL).`);
  }
  // Exact: PostgreSQL reads the decimal text into bigint/integer.
  if (typeof value === "bigint") return value.toString();
  if (Buffer.isBuffer(value)) throw new Error(`${table}.${column.name} holds a blob; db/schema-pg.ts has no blob columns.`);
  return value;
}

export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyResult> {
  const log = options.log ?? (() => {});
  const plans = tablesInForeignKeyOrder();
  const sqlite = openSqlite(path.resolve(options.sqlitePath));
  try {
    checkMigrated(sqlite, options.sqlitePath);
    checkShapes(sqlite, plans);

    const client = new pg.Client({ connectionString: options.postgresUrl, application_name: "ringback db:copy" });
    try {
      await client.connect();
    } catch (e) {
      throw new CopyRefused(`Cannot connect to ${redactUrl(options.postgresUrl)}: ${(e as Error).message}`);
    }
    try {
      await migrate(drizzle(client), { migrationsFolder: PG_MIGRATIONS });

      // One snapshot of SQLite for every table (a server may be writing meanwhile).
      sqlite.exec("BEGIN");
      await client.query("BEGIN");
      try {
        // No one else writes while we check and copy; a concurrent writer waits, then sees the copy.
        await client.query(`LOCK TABLE ${plans.map((p) => quote(p.name)).join(", ")} IN SHARE ROW EXCLUSIVE MODE`);
        const nonEmpty: string[] = [];
        for (const p of plans) {
          const r = await client.query(`SELECT EXISTS (SELECT 1 FROM ${quote(p.name)}) AS has`);
          if (r.rows[0].has) nonEmpty.push(p.name);
        }
        if (nonEmpty.length) {
          throw new CopyRefused(
            `The target database ${redactUrl(options.postgresUrl)} already holds rows (in ${nonEmpty.join(", ")}); db:copy only fills an empty database and never merges. Use a new database.`,
          );
        }

        const tables: CopyResult["tables"] = [];
        for (const p of plans) {
          const rows = await copyTable(sqlite, client, p, options.batchRows ?? 1000);
          tables.push({ name: p.name, rows });
          log(`${p.name}: ${rows} rows`);
        }

        for (const p of plans) {
          for (const c of p.columns.filter((c) => c.identity)) {
            await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(c.name)}) FROM ${quote(p.name)}), 0) + 1, false)`, [
              quote(p.name),
              c.name,
            ]);
          }
        }

        // Verify inside the transaction: what commits is what was counted.
        const differ: string[] = [];
        for (const t of tables) {
          const source = Number((sqlite.prepare(`SELECT count(*) AS n FROM ${quote(t.name)}`).get() as { n: number }).n);
          const target = Number((await client.query(`SELECT count(*) AS n FROM ${quote(t.name)}`)).rows[0].n);
          if (source !== target || target !== t.rows) differ.push(`${t.name}: SQLite ${source}, PostgreSQL ${target}`);
        }
        if (differ.length) throw new Error(`Row counts differ after the copy, so nothing was kept:\n  ${differ.join("\n  ")}`);

        await client.query("COMMIT");
        return { tables };
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      }
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    sqlite.close();
  }
}

async function copyTable(sqlite: Database.Database, client: pg.Client, plan: TablePlan, batchRows: number): Promise<number> {
  const columns = plan.columns;
  const perBatch = Math.max(1, Math.min(batchRows, Math.floor(PG_MAX_PARAMETERS / columns.length)));
  const select = sqlite.prepare(`SELECT ${columns.map((c) => quote(c.name)).join(", ")} FROM ${quote(plan.name)} ORDER BY rowid`).raw(true).safeIntegers(true);
  const head = `INSERT INTO ${quote(plan.name)} (${columns.map((c) => quote(c.name)).join(", ")}) VALUES `;
  const tuple = (row: number) => `(${columns.map((_, i) => `$${row * columns.length + i + 1}`).join(", ")})`;
  const statements = new Map<number, string>();
  const statementFor = (n: number) => {
    let s = statements.get(n);
    if (!s) statements.set(n, (s = head + Array.from({ length: n }, (_, r) => tuple(r)).join(", ")));
    return s;
  };

  let copied = 0;
  let values: unknown[] = [];
  let rows = 0;
  const flush = async () => {
    if (!rows) return;
    try {
      // Named statements are prepared once per size (the full batch, then the last one).
      await client.query({ name: `copy_${plan.name}_${rows}`, text: statementFor(rows), values });
    } catch (e) {
      const err = e as Error & { detail?: string };
      throw new Error(`Copying ${plan.name} failed near row ${copied + 1}: ${err.message}${err.detail ? ` (${err.detail})` : ""}`);
    }
    copied += rows;
    values = [];
    rows = 0;
  };
  for (const row of select.iterate() as IterableIterator<unknown[]>) {
    for (let i = 0; i < columns.length; i++) values.push(toPg(row[i], columns[i], plan.name));
    if (++rows === perBatch) await flush();
  }
  await flush();
  return copied;
}
