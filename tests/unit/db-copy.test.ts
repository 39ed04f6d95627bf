/**
 * `npm run ringback -- db:copy --to postgres://…` (db/copy.ts) and `backup` on PostgreSQL
 * (db/pg-backup.ts), through the CLI as an operator runs them, against the run's throwaway cluster.
 *
 * The SQLite source is made by the CLI's own `migrate`, then filled with hand-written rows that
 * test the conversions: booleans both ways, JSON text with unicode and quotes, times past 2^31,
 * an integer past 2^53, NULLs, identity values with gaps, and rowid order that differs from id order.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as pgSchema from "../../db/schema-pg";
import { findPgDump } from "../../db/pg-backup";
import { freshPgDatabase } from "../support/pg-database";
import { runCli, tempDir } from "../support/server";

const tables = Object.values(pgSchema as Record<string, unknown>)
  .filter((t): t is PgTable => is(t, PgTable))
  .map((t) => getTableConfig(t));

const BIG = 9_007_199_254_740_993n; // 2^53 + 1: a JS number cannot hold it
const T = 1_780_000_000_123; // ms, well past 2^31
const JSON_TEXT = JSON.stringify({ note: 'He said "hi" — ça va? 日本語 🚀', back: "a\\b", nested: [1, null, true] });

let dir: string;
let dbPath: string;
let url: string;
let firstCopy: ReturnType<typeof runCli>;

function seed(file: string): void {
  const db = new Database(file);
  const run = (sql: string, ...rows: unknown[][]) => {
    const s = db.prepare(sql);
    for (const r of rows) s.run(...r);
  };
  db.transaction(() => {
    run(
      "INSERT INTO users (id, email, name, title, phone, role, password_hash, time_zone, quiet_start, quiet_end, email_alerts, alert_scope, holidays, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      ["usr_b", "bea@acme.test", "Béa \"Quote\" O'Neil", null, null, "admin", "scrypt$x", "Europe/Paris", 1320, 480, 0, "all", '["2026-12-25","2027-01-01"]', T, T + 1],
      ["usr_a", "al@acme.test", "Al 日本", "AE", "+15550102030", "rep", "scrypt$y", "UTC", null, null, 1, "own", "[]", T + 2, T + 3],
    );
    run("INSERT INTO workspace_settings (id, company_name, brand_color, spoken_dash, updated_at) VALUES (?,?,?,?,?)", [1, "Acme ✓", "#112233", "hyphen", T]);
    run("INSERT INTO secrets (name, value, created_at) VALUES (?,?,?)", ["ip_salt", "s3cr3t", T]);
    run("INSERT INTO plays (id, owner_id, name, shared, version, archived_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)", ["ply_1", "usr_b", "Intro", 1, 2, null, T, T], [
      "ply_2",
      "usr_a",
      "Mine",
      0,
      1,
      T + 50,
      T,
      T,
    ]);
    run("INSERT INTO play_versions (play_id, version, message, blocks, ctas, promise_days, created_by, created_at) VALUES (?,?,?,?,?,?,?,?)", ["ply_1", 1, "Hi {{first_name}}", JSON_TEXT, '{"call":true,"email":false,"book":true}', 3, "usr_b", T], [
      "ply_1",
      2,
      null,
      "[]",
      '{"call":false,"email":true,"book":false}',
      null,
      null,
      T,
    ]);
    run("INSERT INTO scripts (id, owner_id, name, style, body, shared, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)", ["scr_1", "usr_b", "Short", "direct", "Hi, it's {{rep}}", 1, T, T]);
    run(
      "INSERT INTO prospects (id, owner_id, slug, first_name, last_name, company, phone, email, message, private_note, follow_up_at, blocks, muted_at, play_id, ctas, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      ["pro_z", "usr_a", "zoe-ng", "Zoë", "Ng", "Ng & Co", "+15550100001", "zoe@ng.test", "Line 1\nLine 2 \"quoted\"", "private", T + 86_400_000, JSON_TEXT, null, "ply_1", null, T, T],
      ["pro_a", "usr_b", "rob-mason", "Rob", "Mason", null, null, null, null, null, null, "[]", T, null, '{"call":true,"email":true,"book":false}', T, T],
    );
    run("INSERT INTO prospect_slugs (slug, prospect_id, created_at) VALUES (?,?,?)", ["rob-mason-old", "pro_a", T], ["zoe", "pro_z", T + 5]);
    run(
      "INSERT INTO voicemails (id, prospect_id, user_id, left_at, script_id, text, settled_windows, settled_visited_at, settled_call_returned, settled_meeting, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      ["vm_1", "pro_z", "usr_a", T, "scr_example_direct", "Hi Zoë", "604800000/1814400000", T + 10, 1, 0, T],
      ["vm_2", "pro_a", "usr_b", T + 1, null, null, null, null, null, null, T],
    );
    // Rowid order differs from id order on purpose: the copy must keep rowid order.
    run(
      "INSERT INTO visits (id, prospect_id, requested_path, kind, source, started_at, last_seen_at, visible_ms, ip_hash, user_agent, play_id, play_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      ["vis_c", "pro_z", "/zoe-ng", "human", null, T, T + 1000, BIG, "h1", "Mozilla/5.0 (X11) ☃", "ply_1", 2],
      ["vis_a", "pro_z", "/zoe-ng", "preview", "Slack", T, T, 0, null, null, null, null],
      ["vis_b", null, "/nobody", "miss", null, T + 5, T + 5, 0, "h2", null, null, null],
    );
    run(
      "INSERT INTO visit_events (id, visit_id, type, at, data) VALUES (?,?,?,?,?)",
      ["evt_3", "vis_c", "video", T + 10, '{"pct":50}'],
      ["evt_1", "vis_c", "video", T + 10, '{"pct":50}'],
      ["evt_2", "vis_c", "cta", T + 20, JSON_TEXT],
      ["evt_0", "vis_a", "copy", T + 30, null],
    );
    // Identity values with gaps: the sequences must continue after the largest.
    run(
      "INSERT INTO alerts (seq, id, user_id, prospect_id, visit_id, kind, message, data, dedupe_key, quiet, digested_at, created_at, read_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
      [1000, "alr_1", "usr_a", "pro_z", "vis_c", "visit.started", "Zoë Ng is on her page now", JSON_TEXT, "vis_c:started", 1, null, T, null],
      [5000, "alr_2", "usr_b", "pro_z", null, "digest", "2 visits", null, "digest:1", 0, T + 7, T, T + 9],
    );
    run("INSERT INTO prospect_activity (prospect_id, owner_id, last_visit_id, last_visit_at, human_visits, burst_visits) VALUES (?,?,?,?,?,?)", ["pro_z", "usr_a", "vis_c", T, 1, 0]);
    run("INSERT INTO outcomes (id, prospect_id, user_id, kind, note, at, follow_up_at) VALUES (?,?,?,?,?,?,?)", ["out_1", "pro_z", "usr_a", "note", "Called — left \"msg\"", T, null]);
    run("INSERT INTO webhooks (id, owner_id, scope, url, format, secret, events, active, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", [
      "wh_1",
      "usr_b",
      "workspace",
      "https://hooks.example.test/x",
      "slack",
      "whsec",
      '["visit.started"]',
      0,
      T,
      T,
    ]);
    run(
      "INSERT INTO outbox (seq, id, channel, webhook_id, user_id, prospect_id, event_type, payload, status, attempts, next_attempt_at, last_error, last_status, created_at, delivered_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      [42, "dlv_1", "webhook", "wh_1", null, "pro_z", "visit.started", JSON_TEXT, "delivered", 1, T, null, 200, T, T + 1],
      [7, "dlv_2", "email", null, "usr_a", null, "digest", "{}", "pending", 0, T, "timeout", null, T, null],
    );
    run("INSERT INTO delivery_attempts (id, outbox_seq, at, status, error, duration_ms) VALUES (?,?,?,?,?,?)", [9, 42, T, 200, null, 12], [3, 7, T, null, "ECONNREFUSED", 5000]);
  })();
  db.close();
}

/** Every row of `table` in SQLite, rowid order, as strings (booleans as 0/1) for exact comparison. */
function sqliteRows(file: string, table: string, booleans: Set<string>): Record<string, string | null>[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).safeIntegers(true).all() as Record<string, unknown>[];
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : booleans.has(k) ? String(Number(v)) : String(v)])));
  } finally {
    db.close();
  }
}

/** The same from PostgreSQL, in physical order (a freshly filled table's is its insertion order). */
async function pgRows(client: pg.Client, table: string): Promise<Record<string, string | null>[]> {
  const { rows } = await client.query(`SELECT * FROM "${table}" ORDER BY ctid`);
  return (rows as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : typeof v === "boolean" ? (v ? "1" : "0") : String(v)])),
  );
}

async function withPg<T>(target: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function counts(target: string): Promise<Record<string, number>> {
  return withPg(target, async (c) => {
    const out: Record<string, number> = {};
    for (const t of tables) out[t.name] = Number((await c.query(`SELECT count(*) AS n FROM "${t.name}"`)).rows[0].n);
    return out;
  });
}

beforeAll(async () => {
  dir = tempDir("rb-copy-");
  dbPath = path.join(dir, "ringback.db");
  const migrated = runCli(["migrate"], { DATABASE_PATH: dbPath });
  if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  seed(dbPath);
  url = await freshPgDatabase();
  firstCopy = runCli(["db:copy", "--to", url], { DATABASE_PATH: dbPath });
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("db:copy", () => {
  it("copies, says what it copied per table, and that it verified", () => {
    expect(firstCopy.stderr).toBe("");
    expect(firstCopy.code).toBe(0);
    expect(firstCopy.stdout).toMatch(/^users: 2 rows$/m);
    expect(firstCopy.stdout).toMatch(/^visit_events: 4 rows$/m);
    expect(firstCopy.stdout).toMatch(/^campaigns: 0 rows$/m);
    const total = 2 + 1 + 1 + 2 + 2 + 1 + 2 + 2 + 2 + 3 + 4 + 2 + 1 + 1 + 1 + 2 + 2;
    expect(firstCopy.stdout).toContain(`Copied ${total} rows in ${tables.length} tables to ${url}. Verified by row counts.`);
  });

  it("every table holds exactly SQLite's rows, in rowid order, booleans and big integers included", async () => {
    await withPg(url, async (c) => {
      let nonEmpty = 0;
      for (const t of tables) {
        const booleans = new Set(t.columns.filter((col) => col.getSQLType() === "boolean").map((col) => col.name));
        const expected = sqliteRows(dbPath, t.name, booleans);
        // row_order is PostgreSQL's stand-in for SQLite's rowid (db/migrations-pg/0001): it must follow the copied order.
        const actual = (await pgRows(c, t.name)).map(({ row_order: order, ...rest }: Record<string, unknown>) => (void order, rest));
        expect(actual, t.name).toEqual(expected);
        if (t.name === "visits" || t.name === "visit_events") {
          const orders = (await pgRows(c, t.name)).map((r: Record<string, unknown>) => Number(r.row_order));
          expect(orders, `${t.name}.row_order`).toEqual([...orders].sort((x, y) => x - y));
        }
        if (expected.length) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThanOrEqual(17);
      // Spot checks in PostgreSQL's own types.
      const v = await c.query("SELECT visible_ms::text AS v FROM visits WHERE id = 'vis_c'");
      expect(v.rows[0].v).toBe(BIG.toString());
      const u = await c.query("SELECT id, email_alerts FROM users ORDER BY id");
      expect(u.rows).toEqual([
        { id: "usr_a", email_alerts: true },
        { id: "usr_b", email_alerts: false },
      ]);
      const j = await c.query("SELECT data FROM alerts WHERE id = 'alr_1'");
      expect(j.rows[0].data).toBe(JSON_TEXT);
      const vm = await c.query("SELECT id, settled_call_returned, settled_meeting FROM voicemails ORDER BY id");
      expect(vm.rows).toEqual([
        { id: "vm_1", settled_call_returned: true, settled_meeting: false },
        { id: "vm_2", settled_call_returned: null, settled_meeting: null },
      ]);
      expect((await c.query("SELECT id FROM visit_events ORDER BY ctid")).rows.map((r) => r.id)).toEqual(["evt_3", "evt_1", "evt_2", "evt_0"]);
    });
  });

  it("moves every identity sequence past the copied values", async () => {
    await withPg(url, async (c) => {
      await c.query("BEGIN");
      try {
        const a = await c.query("INSERT INTO alerts (id, user_id, kind, message, dedupe_key) VALUES ('alr_new', 'usr_a', 'digest', 'x', 'new') RETURNING seq");
        expect(Number(a.rows[0].seq)).toBe(5001);
        const o = await c.query("INSERT INTO outbox (id, channel, event_type, payload, next_attempt_at) VALUES ('dlv_new', 'email', 'digest', '{}', 1) RETURNING seq");
        expect(Number(o.rows[0].seq)).toBe(43);
        const d = await c.query("INSERT INTO delivery_attempts (outbox_seq, at, duration_ms) VALUES (42, 1, 1) RETURNING id");
        expect(Number(d.rows[0].id)).toBe(10);
        const w = await c.query("INSERT INTO workspace_settings (company_name, updated_at) VALUES ('x', 1) RETURNING id");
        expect(Number(w.rows[0].id)).toBe(2);
      } finally {
        await c.query("ROLLBACK");
      }
    });
  });

  it("refuses to copy into a database that already holds rows, and changes nothing there", async () => {
    const before = await counts(url);
    const again = runCli(["db:copy", "--to", url], { DATABASE_PATH: dbPath });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already holds rows");
    expect(again.stderr).toContain("never merges");
    expect(await counts(url)).toEqual(before);
  });

  it("rolls everything back when a row cannot be copied, leaving the target empty", async () => {
    const broken = path.join(dir, "broken.db");
    fs.copyFileSync(dbPath, broken);
    const db = new Database(broken);
    db.pragma("foreign_keys = OFF");
    // An orphan in one of the last tables copied: everything before it was already inserted.
    db.prepare("INSERT INTO delivery_attempts (id, outbox_seq, at, duration_ms) VALUES (77, 999, 1, 1)").run();
    db.close();
    const target = await freshPgDatabase();
    const r = runCli(["db:copy", "--to", target], { DATABASE_PATH: broken });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Copying delivery_attempts failed/);
    expect(Object.values(await counts(target)).every((n) => n === 0)).toBe(true);
  });

  it("refuses a SQLite database that is missing or not migrated to the latest migration", async () => {
    const missing = runCli(["db:copy", "--to", url], { DATABASE_PATH: path.join(dir, "nope", "ringback.db") });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("There is no SQLite database at");
    expect(fs.existsSync(path.join(dir, "nope"))).toBe(false);

    const behind = path.join(dir, "behind.db");
    fs.copyFileSync(dbPath, behind);
    const db = new Database(behind);
    db.prepare("DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)").run();
    db.close();
    const target = await freshPgDatabase();
    const r = runCli(["db:copy", "--to", target], { DATABASE_PATH: behind });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("run `npm run ringback -- migrate` first");
  });

  it("validates --to before touching anything (exit 2)", () => {
    for (const args of [["db:copy"], ["db:copy", "--to", "mysql://x@127.0.0.1/db"], ["db:copy", "--to", "not a url"], ["db:copy", "--to", url, "extra"]]) {
      const r = runCli(args, { DATABASE_PATH: dbPath });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toContain("Usage: npm run ringback -- db:copy --to");
    }
    expect(runCli(["db:copy", "--to", "ftp://x"], { DATABASE_PATH: dbPath }).stderr).toContain("--to must be a postgres:// or postgresql:// URL");
  });

  it("never prints the password of --to", async () => {
    const u = new URL(await freshPgDatabase());
    u.password = "hunter2-secret";
    // Trust authentication ignores the password: the copy succeeds, and must not echo it.
    const r = runCli(["db:copy", "--to", u.toString()], { DATABASE_PATH: dbPath });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain("hunter2-secret");
    expect(r.stdout).toContain(`to postgres://postgres@${u.host}${u.pathname}. Verified by row counts.`);
  });
});

describe("backup on PostgreSQL (DATABASE_URL)", () => {
  it("writes a pg_dump custom-format file that pg_restore can read", () => {
    const pgDump = findPgDump();
    expect(pgDump, "pg_dump must be installed for this test").not.toBeNull();
    const dest = path.join(dir, "backups", "ringback.pgdump");
    const r = runCli(["backup", dest], { DATABASE_URL: url, DATABASE_PATH: path.join(dir, "unused.db") });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Backed up to ${dest}`);
    expect(fs.readFileSync(dest).subarray(0, 5).toString("latin1")).toBe("PGDMP");
    const list = spawnSync(path.join(path.dirname(pgDump!), "pg_restore"), ["--list", dest], { encoding: "utf8" });
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/TABLE DATA public visit_events/);
    expect(fs.readdirSync(path.dirname(dest))).toEqual(["ringback.pgdump"]);
    // The SQLite path was never created: the backup read PostgreSQL only.
    expect(fs.existsSync(path.join(dir, "unused.db"))).toBe(false);
  });

  it("says clearly when pg_dump is not installed", () => {
    const dest = path.join(dir, "nodump.pgdump");
    const r = runCli(["backup", dest], { DATABASE_URL: url, PG_BINDIR: path.join(dir, "no-such-bin") });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("pg_dump was not found: install the postgresql-client package, or back up with your provider's tools");
    expect(fs.existsSync(dest)).toBe(false);
  });

  it("without a PG_BINDIR, finds pg_dump on PATH or in /usr/lib/postgresql/*/bin, and nowhere else", () => {
    const empty = tempDir("rb-nopath-");
    try {
      const found = findPgDump({ PATH: empty });
      // PATH alone lacks it: found only where Debian installs it, if there.
      const debian = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/pg_dump`)) : false;
      if (debian) expect(found).toMatch(/^\/usr\/lib\/postgresql\/[\d.]+\/bin\/pg_dump$/);
      else expect(found).toBeNull();
      expect(findPgDump({ PG_BINDIR: empty, PATH: process.env.PATH })).toBeNull();
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
