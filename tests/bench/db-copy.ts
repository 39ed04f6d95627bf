/**
 * db:copy throughput: `node --import tsx tests/bench/db-copy.ts [visitEvents=100000]`.
 * Makes a migrated SQLite file (the CLI's `migrate`), fills it with one user, one prospect, one
 * visit per 10 events and the events, starts a throwaway PostgreSQL cluster, copies, prints rows/s,
 * and stops the cluster.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { copySqliteToPostgres } from "../../db/copy";
import { startPostgres } from "../support/postgres";
import { runCli, tempDir } from "../support/server";

const EVENTS = Number(process.argv[2] ?? 100_000);
const dir = tempDir("rb-copy-bench-");
const dbPath = path.join(dir, "ringback.db");
const cluster = await startPostgres();
try {
  const m = runCli(["migrate"], { DATABASE_PATH: dbPath });
  if (m.code !== 0) throw new Error(m.stderr);
  const db = new Database(dbPath);
  const t0 = 1_780_000_000_000;
  db.transaction(() => {
    db.prepare("INSERT INTO users (id, email, name, password_hash, updated_at) VALUES ('usr_1', 'a@b.test', 'A', 'x', ?)").run(t0);
    db.prepare("INSERT INTO prospects (id, owner_id, slug, first_name, last_name, updated_at) VALUES ('pro_1', 'usr_1', 'rob', 'Rob', 'Mason', ?)").run(t0);
    const visit = db.prepare("INSERT INTO visits (id, prospect_id, requested_path, kind, started_at, last_seen_at, visible_ms, ip_hash, user_agent) VALUES (?, 'pro_1', '/rob', 'human', ?, ?, ?, ?, ?)");
    const event = db.prepare("INSERT INTO visit_events (id, visit_id, type, at, data) VALUES (?, ?, ?, ?, ?)");
    for (let v = 0; v < EVENTS / 10; v++) visit.run(`vis_${v.toString(36).padStart(8, "0")}`, t0 + v * 1000, t0 + v * 1000 + 5000, 4200, `hash${v}`, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36");
    for (let e = 0; e < EVENTS; e++) event.run(`evt_${e.toString(36).padStart(10, "0")}`, `vis_${Math.floor(e / 10).toString(36).padStart(8, "0")}`, e % 3 ? "video" : "cta", t0 + e * 100, JSON.stringify({ pct: e % 100, cta: "call" }));
  })();
  db.close();
  const url = await cluster.createDatabase();
  const started = performance.now();
  const { tables } = await copySqliteToPostgres({ sqlitePath: dbPath, postgresUrl: url, batchRows: Number(process.env.COPY_BATCH ?? 1000) });
  const seconds = (performance.now() - started) / 1000;
  const rows = tables.reduce((n, t) => n + t.rows, 0);
  console.log(`${rows} rows (${EVENTS} visit_events) in ${seconds.toFixed(2)} s (migrations, checks and counts included): ${Math.round(rows / seconds)} rows/s; SQLite file ${(fs.statSync(dbPath).size / 1e6).toFixed(1)} MB`);
} finally {
  await cluster.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
