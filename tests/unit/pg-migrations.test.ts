/**
 * db/migrations-pg on a real PostgreSQL (the run's throwaway cluster, tests/support/pg-global-setup.ts):
 * drizzle's node-postgres migrator builds exactly db/schema-pg.ts's tables, columns, keys, indexes
 * and foreign keys; a second run changes nothing; and rows written through drizzle come back with
 * the JS types the app gets from SQLite.
 */
import path from "node:path";
import { eq, getTableColumns, is } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { getTableConfig, PgDialect, PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema-pg";
import { freshPgDatabase } from "../support/pg-database";

const migrationsFolder = path.resolve(__dirname, "../../db/migrations-pg");
const tables = Object.values(schema as Record<string, unknown>)
  .filter((t): t is PgTable => is(t, PgTable))
  .map((t) => getTableConfig(t));

let pool: pg.Pool;
let db: NodePgDatabase<typeof schema>;
const timings: Record<string, number> = {};

beforeAll(async () => {
  let t = performance.now();
  const url = await freshPgDatabase();
  timings.createDatabase = performance.now() - t;
  pool = new pg.Pool({ connectionString: url, max: 4 });
  db = drizzle(pool, { schema });
  t = performance.now();
  await migrate(db, { migrationsFolder });
  timings.migrate = performance.now() - t;
});

afterAll(async () => {
  await pool?.end();
  if (process.env.RINGBACK_PG_TIMING) console.log(`[pg] CREATE DATABASE ${Math.round(timings.createDatabase)} ms, migrations ${Math.round(timings.migrate)} ms`);
});

async function rows<T>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await pool.query(text, values)).rows as T[];
}

describe("db/migrations-pg on PostgreSQL", () => {
  it("creates exactly schema-pg's tables", async () => {
    const found = await rows<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
    expect(found.map((r) => r.table_name)).toEqual(tables.map((t) => t.name).sort());
  });

  /** Columns only PostgreSQL has, added by a hand-written migration (db/migrations-pg/0001_row_order.sql): SQLite's rowid. */
  const PG_ONLY = new Set(["visits.row_order", "visit_events.row_order"]);

  it("adds only the documented PostgreSQL-only columns (insertion order, SQLite's rowid)", async () => {
    const found = await rows<{ table_name: string; column_name: string; data_type: string; is_identity: string }>(
      "SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'row_order' ORDER BY table_name",
    );
    expect(found.map((r) => `${r.table_name}.${r.column_name} ${r.data_type} ${r.is_identity}`)).toEqual(["visit_events.row_order bigint YES", "visits.row_order bigint YES"]);
  });

  it("creates every column with schema-pg's type, nullability, default and identity", async () => {
    const found = await rows<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string; identity_generation: string | null }>(
      "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity, identity_generation FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
    );
    for (const t of tables) {
      const actual = found
        .filter((r) => r.table_name === t.name && !PG_ONLY.has(`${r.table_name}.${r.column_name}`))
        .map((r) => ({ name: r.column_name, type: r.data_type, notNull: r.is_nullable === "NO", hasDefault: r.column_default !== null || r.is_identity === "YES", identity: r.identity_generation }));
      const expected = t.columns.map((c) => ({
        name: c.name,
        type: c.getSQLType(),
        notNull: c.notNull,
        hasDefault: c.default !== undefined || !!c.generatedIdentity,
        identity: c.generatedIdentity ? (c.generatedIdentity.type === "always" ? "ALWAYS" : "BY DEFAULT") : null,
      }));
      expect(actual, t.name).toEqual(expected);
    }
  });

  it("creates every primary key, index (columns, uniqueness, partial predicate) and foreign key", async () => {
    const indexes = await rows<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[]; predicate: string | null }>(
      `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
              array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns,
              pg_get_expr(x.indpred, x.indrelid) AS predicate
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
        WHERE s.nspname = 'public' ORDER BY t.relname, i.relname`,
    );
    const fks = await rows<{ table: string; name: string; columns: string[]; foreign_table: string; foreign_columns: string[]; on_delete: string; on_update: string }>(
      `SELECT t.relname AS table, c.conname AS name, f.relname AS foreign_table,
              array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns,
              array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS foreign_columns,
              c.confdeltype AS on_delete, c.confupdtype AS on_update
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid JOIN pg_namespace s ON s.oid = t.relnamespace
        WHERE c.contype = 'f' AND s.nspname = 'public' ORDER BY t.relname, c.conname`,
    );
    const action: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };
    const dialect = new PgDialect();
    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

    for (const t of tables) {
      // Primary keys: a column's own (named <table>_pkey by PostgreSQL) or a composite one with its name.
      const pkColumns = t.columns.filter((c) => c.primary).map((c) => c.name);
      const expectedIndexes = [
        ...(pkColumns.length ? [{ name: `${t.name}_pkey`, unique: true, primary: true, columns: pkColumns, partial: false }] : []),
        ...t.primaryKeys.map((pk) => ({ name: pk.getName(), unique: true, primary: true, columns: pk.columns.map((c) => c.name), partial: false })),
        ...t.indexes.map((i) => ({ name: i.config.name!, unique: i.config.unique, primary: false, columns: i.config.columns.map((c) => (c as { name: string }).name), partial: !!i.config.where })),
      ].sort(byName);
      const actualIndexes = indexes.filter((i) => i.table === t.name).map((i) => ({ name: i.name, unique: i.unique, primary: i.primary, columns: i.columns, partial: i.predicate !== null }));
      expect(actualIndexes, t.name).toEqual(expectedIndexes);

      // Partial indexes: PostgreSQL stores the predicate normalised; it must still name the same columns.
      for (const i of t.indexes.filter((x) => x.config.where)) {
        const stored = indexes.find((x) => x.name === i.config.name)!.predicate!;
        const written = dialect.sqlToQuery(i.config.where!).sql;
        for (const col of t.columns.map((c) => c.name).filter((n) => written.includes(n))) expect(stored, i.config.name).toContain(col);
      }

      const expectedFks = t.foreignKeys
        .map((fk) => {
          const r = fk.reference();
          return { name: fk.getName(), columns: r.columns.map((c) => c.name), foreign_table: getTableConfig(r.foreignTable).name, foreign_columns: r.foreignColumns.map((c) => c.name), on_delete: fk.onDelete ?? "no action", on_update: fk.onUpdate ?? "no action" };
        })
        .sort(byName);
      const actualFks = fks.filter((f) => f.table === t.name).map(({ table: _table, ...f }) => ({ ...f, on_delete: action[f.on_delete], on_update: action[f.on_update] }));
      expect(actualFks, t.name).toEqual(expectedFks);
    }
  });

  it("does nothing when applied a second time", async () => {
    const before = await rows<{ hash: string; created_at: string }>("SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id");
    const columnsBefore = await rows("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2");
    await migrate(db, { migrationsFolder });
    expect(await rows("SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id")).toEqual(before);
    expect(await rows("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2")).toEqual(columnsBefore);
    expect(before.length).toBeGreaterThan(0);
  });

  it("stores and reads rows with the app's JS types (numbers, booleans, JSON) and SQL defaults", async () => {
    const now = Date.now();
    await db.insert(schema.users).values({ id: "usr_pg1", email: "rep@example.com", name: "Rep", passwordHash: "x", updatedAt: now, holidays: ["2026-12-25"] });
    const [user] = await db.select().from(schema.users).where(eq(schema.users.id, "usr_pg1"));
    expect(user.holidays).toEqual(["2026-12-25"]);
    expect(user.emailAlerts).toBe(true);
    expect(user.role).toBe("rep");
    expect(typeof user.updatedAt).toBe("number");
    expect(user.updatedAt).toBe(now);
    // created_at's default: whole milliseconds, now (the server is on this machine).
    expect(Number.isInteger(user.createdAt)).toBe(true);
    expect(Math.abs(user.createdAt - now)).toBeLessThan(60_000);
    // JSON kept as text: the database holds the JSON text, as on SQLite.
    expect((await rows<{ holidays: string }>("SELECT holidays FROM users WHERE id = 'usr_pg1'"))[0].holidays).toBe('["2026-12-25"]');

    // Identity keys: given by default, and explicit values accepted (a copy from SQLite writes them).
    const inserted = await db
      .insert(schema.alerts)
      .values([
        { id: "alr_1", userId: "usr_pg1", kind: "visit.started", message: "m", dedupeKey: "k1", quiet: true, data: { visitId: "vis_1", n: [1, 2] } },
        { id: "alr_2", userId: "usr_pg1", kind: "visit.started", message: "m", dedupeKey: "k2", data: null },
      ])
      .returning({ seq: schema.alerts.seq, quiet: schema.alerts.quiet, data: schema.alerts.data });
    expect(inserted).toEqual([
      { seq: 1, quiet: true, data: { visitId: "vis_1", n: [1, 2] } },
      { seq: 2, quiet: false, data: null },
    ]);
    await db.insert(schema.alerts).values({ seq: 3_000_000_000, id: "alr_3", userId: "usr_pg1", kind: "digest", message: "m", dedupeKey: "k3" });
    const [big] = await db.select({ seq: schema.alerts.seq }).from(schema.alerts).where(eq(schema.alerts.id, "alr_3"));
    expect(big.seq).toBe(3_000_000_000);
    // Times past 2^31 ms (every time since 1970-01-25) fit.
    await db.insert(schema.sessions).values({ id: "ses_1", userId: "usr_pg1", tokenHash: "h", expiresAt: 4_102_444_800_000, lastSeenAt: now });
    expect((await db.select().from(schema.sessions))[0].expiresAt).toBe(4_102_444_800_000);

    // The held-alerts partial index (quiet = true and digested_at is null) accepts and serves its rows.
    const held = await rows<{ seq: string }>("SELECT seq FROM alerts WHERE quiet = true AND digested_at IS NULL");
    expect(held.map((r) => Number(r.seq))).toEqual([1]);

    // The one settings row: id 1 written explicitly, as the app does.
    const [settings] = await db.insert(schema.workspaceSettings).values({ id: 1, companyName: "Ringback", updatedAt: now }).returning();
    expect(settings).toMatchObject({ id: 1, brandColor: "#2563eb", spokenDash: "dash" });
    expect(Object.keys(settings).sort()).toEqual(Object.keys(getTableColumns(schema.workspaceSettings)).sort());
  });

  it("sorts text by bytes, like SQLite (the cluster's C locale)", async () => {
    const sorted = await rows<{ v: string }>("SELECT v FROM unnest(ARRAY['b', 'B', 'a', 'A', '_', 'é', 'z']) AS v ORDER BY v");
    expect(sorted.map((r) => r.v)).toEqual(["A", "B", "_", "a", "b", "z", "é"]);
  });
});
