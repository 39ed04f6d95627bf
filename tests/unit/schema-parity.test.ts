/**
 * db/schema.ts (SQLite) and db/schema-pg.ts (PostgreSQL) describe the same database: the same
 * tables under the same exported names, the same columns (JS property and SQL name), nullability,
 * keys, defaults, indexes and foreign keys, with only the types mapped (see db/schema-pg.ts). And
 * each dialect's committed migrations are in step with its schema.
 *
 * tests/unit/pg-migrations.test.ts applies db/migrations-pg to a real PostgreSQL and checks the result.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { Column, is, SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { getTableConfig as pgConfig, PgDialect, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, SQLiteSyncDialect, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as lite from "../../db/schema";
import * as pg from "../../db/schema-pg";

const root = path.resolve(__dirname, "../..");

// ---------------------------------------------------------------------------------------------
// Types: checked by `tsc --noEmit` (npm test runs it first); vitest's expectTypeOf is a no-op at run time.

type Lite = typeof lite;
type Pg = typeof pg;
type Selects<S> = { [K in keyof S]: S[K] extends { $inferSelect: infer R } ? R : never };
type Inserts<S> = { [K in keyof S]: S[K] extends { $inferInsert: infer R } ? R : never };

it("every table's row types ($inferSelect, $inferInsert) are the same in both schemas", () => {
  expectTypeOf<Selects<Pg>>().toEqualTypeOf<Selects<Lite>>();
  expectTypeOf<Inserts<Pg>>().toEqualTypeOf<Inserts<Lite>>();
});

// ---------------------------------------------------------------------------------------------
// Structure, from drizzle's table configs.

/** Times (UTC ms) by name: *_at, at, *_until. They must be bigint on PostgreSQL. */
const isTimeName = (name: string) => /(^|_)at$|_until$/.test(name);

/** SQL defaults and partial-index predicates written differently in each dialect: SQLite's text → PostgreSQL's. */
const sqlTranslations: Record<string, string> = {
  "(unixepoch('subsec') * 1000)": "(floor(extract(epoch from statement_timestamp()) * 1000))::bigint",
};

const liteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

function liteTables(): Map<string, SQLiteTable> {
  return new Map(Object.entries(lite as Record<string, unknown>).filter((e): e is [string, SQLiteTable] => is(e[1], SQLiteTable)));
}
function pgTables(): Map<string, PgTable> {
  return new Map(Object.entries(pg as Record<string, unknown>).filter((e): e is [string, PgTable] => is(e[1], PgTable)));
}

function sqlText(value: SQL, dialect: "sqlite" | "pg"): string {
  return (dialect === "sqlite" ? liteDialect.sqlToQuery(value) : pgDialect.sqlToQuery(value)).sql;
}

function normDefault(value: unknown, dialect: "sqlite" | "pg"): unknown {
  if (is(value, SQL)) {
    const text = sqlText(value, dialect);
    return { sql: dialect === "sqlite" ? (sqlTranslations[text] ?? text) : text };
  }
  return value;
}

/** SQLite's partial-index predicate as PostgreSQL spells it: booleans are 1/0 on SQLite, true/false on PostgreSQL. */
function liteWhereAsPg(where: SQL | undefined, booleans: Set<string>): string | undefined {
  if (!where) return undefined;
  let text = sqlText(where, "sqlite");
  text = sqlTranslations[text] ?? text;
  return text.replace(/("[a-z_]+"\."([a-z_]+)") = ([01])\b/g, (all, ref: string, col: string, bit: string) =>
    booleans.has(col) ? `${ref} = ${bit === "1" ? "true" : "false"}` : all,
  );
}

/** [JS property, SQL name] of a table's columns, in order (a PgTable also has methods such as enableRLS). */
const columnsByProperty = (table: object) => Object.entries(table).filter((e): e is [string, Column] => is(e[1], Column)).map(([prop, col]) => [prop, col.name]);

const colNames = (cols: Array<{ name: string }>) => cols.map((c) => c.name);

/** What must be equal: each table described the same way from either schema. */
function describeLite(t: SQLiteTable) {
  const c = sqliteConfig(t);
  const booleans = new Set(c.columns.filter((col) => col.columnType === "SQLiteBoolean").map((col) => col.name));
  return {
    name: c.name,
    columns: c.columns.map((col) => ({
      name: col.name,
      notNull: col.notNull,
      primary: col.primary,
      unique: col.isUnique,
      enumValues: col.enumValues ?? null,
      default: normDefault(col.default, "sqlite"),
    })),
    primaryKeys: c.primaryKeys.map((pk) => ({ name: pk.getName(), columns: colNames(pk.columns) })),
    uniqueConstraints: c.uniqueConstraints.map((u) => ({ name: u.getName(), columns: colNames(u.columns) })),
    checks: c.checks.map((ch) => ch.name),
    indexes: c.indexes
      .map((i) => ({
        name: i.config.name,
        columns: i.config.columns.map((col) => (col as Column).name),
        unique: i.config.unique,
        where: liteWhereAsPg(i.config.where, booleans),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: c.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return { name: fk.getName(), columns: colNames(ref.columns), foreignTable: sqliteConfig(ref.foreignTable).name, foreignColumns: colNames(ref.foreignColumns), onDelete: fk.onDelete ?? "no action", onUpdate: fk.onUpdate ?? "no action" };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function describePg(t: PgTable) {
  const c = pgConfig(t);
  return {
    name: c.name,
    columns: c.columns.map((col) => ({
      name: col.name,
      notNull: col.notNull,
      primary: col.primary,
      unique: col.isUnique,
      enumValues: col.enumValues ?? null,
      default: normDefault(col.default, "pg"),
    })),
    primaryKeys: c.primaryKeys.map((pk) => ({ name: pk.getName(), columns: colNames(pk.columns) })),
    uniqueConstraints: c.uniqueConstraints.map((u) => ({ name: u.getName(), columns: colNames(u.columns) })),
    checks: c.checks.map((ch) => ch.name),
    indexes: c.indexes
      .map((i) => ({
        name: i.config.name!,
        columns: i.config.columns.map((col) => (col as Column).name),
        unique: i.config.unique,
        where: i.config.where ? sqlText(i.config.where, "pg") : undefined,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: c.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return { name: fk.getName(), columns: colNames(ref.columns), foreignTable: pgConfig(ref.foreignTable).name, foreignColumns: colNames(ref.foreignColumns), onDelete: fk.onDelete ?? "no action", onUpdate: fk.onUpdate ?? "no action" };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

describe("db/schema-pg.ts mirrors db/schema.ts", () => {
  it("exports the same tables under the same names, with the same SQL names", () => {
    const l = liteTables();
    const p = pgTables();
    expect([...p.keys()].sort()).toEqual([...l.keys()].sort());
    for (const [key, table] of l) expect(pgConfig(p.get(key)!).name, key).toBe(sqliteConfig(table).name);
  });

  it("has the same JS property names for the same columns, in the same order", () => {
    const p = pgTables();
    for (const [key, table] of liteTables()) {
      const liteProps = columnsByProperty(table);
      const pgProps = columnsByProperty(p.get(key)!);
      expect(pgProps, key).toEqual(liteProps);
    }
  });

  it("has the same columns, nullability, keys, defaults, indexes and foreign keys in every table", () => {
    const p = pgTables();
    for (const [key, table] of liteTables()) {
      expect(describePg(p.get(key)!), key).toEqual(describeLite(table));
    }
  });

  it("maps each column's type by the rules in db/schema-pg.ts", () => {
    const p = pgTables();
    const problems: string[] = [];
    for (const [key, table] of liteTables()) {
      const pgCols = new Map(pgConfig(p.get(key)!).columns.map((col) => [col.name, col]));
      for (const col of sqliteConfig(table).columns) {
        const other = pgCols.get(col.name);
        if (!other) continue; // the structure test reports it
        const where = `${key}.${col.name}: SQLite ${col.columnType} → PostgreSQL ${other.columnType} ${other.getSQLType()}`;
        const identity = other.generatedIdentity?.type;
        switch (col.columnType) {
          case "SQLiteInteger": {
            const rowid = col.primary && col.getSQLType() === "integer";
            if (rowid) {
              // An integer primary key is SQLite's rowid: optional on insert. Identity BY DEFAULT keeps
              // that, and lets a copy from SQLite write the existing values.
              if (identity !== "byDefault") problems.push(`${where}: want GENERATED BY DEFAULT AS IDENTITY`);
              if ((col as unknown as { autoIncrement?: boolean }).autoIncrement && other.columnType !== "PgBigInt53") problems.push(`${where}: an autoincrement key wants bigint({ mode: "number" })`);
            } else if (identity) problems.push(`${where}: only SQLite's integer primary keys are identities`);
            if (isTimeName(col.name) && other.columnType !== "PgBigInt53") problems.push(`${where}: a time in ms wants bigint({ mode: "number" })`);
            if (other.columnType !== "PgInteger" && other.columnType !== "PgBigInt53") problems.push(`${where}: want integer or bigint({ mode: "number" })`);
            break;
          }
          case "SQLiteBoolean":
            if (other.columnType !== "PgBoolean") problems.push(`${where}: want boolean`);
            break;
          case "SQLiteText":
            if (other.columnType !== "PgText") problems.push(`${where}: want text`);
            break;
          case "SQLiteTextJson": {
            // JSON stays text (the app reads it as text in SQL), parsed like SQLite's json mode.
            if (other.getSQLType() !== "text") problems.push(`${where}: want JSON kept in text (jsonText)`);
            const sample = { a: [1, "b", null] };
            const stored = other.mapToDriverValue(sample);
            if (stored !== col.mapToDriverValue(sample) || JSON.stringify(other.mapFromDriverValue(stored)) !== JSON.stringify(sample)) problems.push(`${where}: does not store JSON like SQLite's json mode`);
            break;
          }
          default:
            problems.push(`${where}: no rule for this SQLite type yet; add one here and in db/schema-pg.ts`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("keeps every constraint and index name within PostgreSQL's 63 bytes (longer ones are cut, and would differ)", () => {
    const long: string[] = [];
    for (const t of pgTables().values()) {
      const c = pgConfig(t);
      const names = [c.name, ...c.columns.map((col) => col.name), ...c.indexes.map((i) => i.config.name!), ...c.foreignKeys.map((fk) => fk.getName()), ...c.primaryKeys.map((pk) => pk.getName()), ...c.uniqueConstraints.map((u) => u.getName()!)];
      long.push(...names.filter((n) => Buffer.byteLength(n) > 63));
    }
    expect(long).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Migrations in step with the schemas.

/**
 * drizzle-kit generate against a copy of the committed migrations: when the schema has changes the
 * migrations lack, it writes a new migration. Nothing new: in step.
 */
function pendingMigration(dialect: "sqlite" | "postgresql", schema: string, migrations: string): string | null {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ringback-drizzle-check-"));
  try {
    const out = path.join(tmp, "migrations");
    fs.cpSync(path.join(root, migrations), out, { recursive: true });
    const before = new Set(fs.readdirSync(out));
    // drizzle-kit puts "./" before --out, so it must be relative; and it exits 0 on errors, so its output is checked too.
    const r = spawnSync(
      process.execPath,
      [path.join(root, "node_modules/drizzle-kit/bin.cjs"), "generate", `--dialect=${dialect}`, `--schema=${schema}`, `--out=${path.relative(root, out)}`, "--name=pending"],
      { cwd: root, encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] },
    );
    const said = `${r.stdout}\n${r.stderr}`;
    if (r.status !== 0 || !/No schema changes|Your SQL migration file/.test(said)) throw new Error(`drizzle-kit generate failed:\n${said}`);
    const added = fs.readdirSync(out).filter((f) => !before.has(f) && f.endsWith(".sql"));
    return added.length ? fs.readFileSync(path.join(out, added[0]), "utf8") : null;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

describe("committed migrations are in step with the schemas", () => {
  it("db/migrations has everything in db/schema.ts (else: npm run db:generate)", () => {
    expect(pendingMigration("sqlite", "./db/schema.ts", "db/migrations")).toBeNull();
  });

  it("db/migrations-pg has everything in db/schema-pg.ts (else: npm run db:generate:pg)", () => {
    expect(pendingMigration("postgresql", "./db/schema-pg.ts", "db/migrations-pg")).toBeNull();
  });

  it("db/migrations, applied to an empty SQLite database, give exactly db/schema.ts's tables, columns and indexes", () => {
    const sqlite = new Database(":memory:");
    try {
      migrate(drizzle(sqlite), { migrationsFolder: path.join(root, "db/migrations") });
      const tables = sqlite
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
        .all()
        .map((r) => r.name);
      const expected = [...liteTables().values()].map((t) => sqliteConfig(t));
      expect(tables).toEqual(expected.map((c) => c.name).sort());
      for (const c of expected) {
        const cols = sqlite.prepare<[], { name: string; notnull: number; pk: number }>(`PRAGMA table_info("${c.name}")`).all();
        // By name: columns added by ALTER TABLE come last in the database, wherever the schema lists them.
        const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
        expect(
          cols.map((col) => ({ name: col.name, notNull: col.notnull === 1 || col.pk > 0 })).sort(byName),
          c.name,
        ).toEqual(c.columns.map((col) => ({ name: col.name, notNull: col.notNull || col.primary })).sort(byName));
        const indexes = sqlite
          .prepare<[], { name: string; unique: number; origin: string; partial: number }>(`PRAGMA index_list("${c.name}")`)
          .all()
          .filter((i) => i.origin === "c")
          .map((i) => ({ name: i.name, unique: i.unique === 1, partial: i.partial === 1, columns: sqlite.prepare<[], { name: string }>(`PRAGMA index_info("${i.name}")`).all().map((x) => x.name) }))
          .sort((a, b) => a.name.localeCompare(b.name));
        expect(indexes, c.name).toEqual(
          c.indexes.map((i) => ({ name: i.config.name, unique: i.config.unique, partial: !!i.config.where, columns: i.config.columns.map((col) => (col as Column).name) })).sort((a, b) => a.name.localeCompare(b.name)),
        );
        const fks = sqlite.prepare<[], { table: string; from: string; to: string; on_delete: string }>(`PRAGMA foreign_key_list("${c.name}")`).all();
        expect(
          fks.map((f) => `${f.from}→${f.table}.${f.to} ${f.on_delete.toLowerCase()}`).sort(),
          c.name,
        ).toEqual(c.foreignKeys.map((fk) => { const r = fk.reference(); return `${r.columns[0].name}→${sqliteConfig(r.foreignTable).name}.${r.foreignColumns[0].name} ${fk.onDelete ?? "no action"}`; }).sort());
      }
    } finally {
      sqlite.close();
    }
  });
});
