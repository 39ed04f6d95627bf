/**
 * The same three figures on SQLite (one server), on PostgreSQL (one server) and on PostgreSQL with
 * two servers sharing the database (load split evenly between them):
 * - the prospect's page (GET /rob-mason, from each server's cache),
 * - visit ingest (POST /api/collect: taps on Call spread over 200 people's pages, every one stored —
 *   checked by counting rows),
 * - the call-back queue (GET /, signed in) at 2,000 prospects with visits, p95 of one request at a time;
 * - alert latency: a beacon sent to the first server → the alert on a live feed read from the last
 *   one (with two servers, across servers: LISTEN/NOTIFY), 50 new visits one after another.
 *
 * Run alone with `BENCH_ONLY=databases npm run bench`; `npm run bench` runs it too. Starts a
 * throwaway PostgreSQL cluster (tests/support/postgres.ts) and stops everything it started.
 */
import autocannon from "autocannon";
import Database from "better-sqlite3";
import pg from "pg";
import { startPostgres, type PgCluster } from "../support/postgres";
import { setUpAdmin, signIn, startServer, tempDir, type TestServer } from "../support/server";
import { openSse } from "../support/sse";

pg.types.setTypeParser(20, (v) => Number(v));

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 20;
const INGEST = Number(process.env.BENCH_INGEST ?? 10000);
const QUEUE_SAMPLES = 60;
const ALERT_SAMPLES = 50;
const SEED_PROSPECTS = 2000;
const HUMAN_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const ENV = { MISS_LIMIT_PER_MINUTE: "100000", COLLECT_LIMIT_PER_MINUTE: "1000000", ALERTS_MAX_PER_PROSPECT_PER_HOUR: "0" };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

type Figures = { setup: string; pageRps: number; pageP99: number; ingestRps: number; ingestP99: number; acknowledged: number; stored: number; queueP50: number; queueP95: number; alertP50: number; alertP95: number };

/** Runs autocannon against every server at once, the connections split between them; total req/s and the worst p99. */
async function spread(urls: string[], opts: Partial<autocannon.Options>): Promise<{ rps: number; p99: number; acknowledged: number }> {
  const started = performance.now();
  const results = await Promise.all(urls.map((url) => autocannon({ url, connections: Math.max(1, Math.round(CONNECTIONS / urls.length)), ...opts })));
  const seconds = (performance.now() - started) / 1000;
  // A fixed amount: every request answered, over the wall-clock time it took (autocannon's own duration is whole seconds).
  const rps = opts.amount ? results.reduce((n, r) => n + r.requests.total, 0) / seconds : results.reduce((n, r) => n + r.requests.average, 0);
  const acknowledged = results.reduce((n, r) => n + ((r.statusCodeStats as Record<string, { count: number }>)["202"]?.count ?? 0), 0);
  return { rps, p99: Math.max(...results.map((r) => r.latency.p99)), acknowledged };
}

/** 2,000 prospects of the admin, each with a visit and half with a follow-up: what the queue ranks. */
async function seed(run: (sql: string) => Promise<void>, owner: string): Promise<void> {
  const now = Date.now();
  const values: string[] = [];
  for (let i = 0; i < SEED_PROSPECTS; i++) values.push(`('pro_bench${i}', '${owner}', 'bench-person-${i}', 'Bench', 'Person${i}', '[]', ${now - i * 60_000}, ${now - i * 60_000}, ${i % 2 ? "NULL" : now + ((i * 7919) % 1_728_000_000) - 864_000_000})`);
  await run(`INSERT INTO prospects (id, owner_id, slug, first_name, last_name, blocks, created_at, updated_at, follow_up_at) VALUES ${values.join(",")}`);
  const visits: string[] = [];
  for (let i = 0; i < SEED_PROSPECTS; i++) visits.push(`('vis_bench${i}', 'pro_bench${i}', 'human', ${now - i * 7_000}, ${now - i * 7_000 + 60_000}, 30000, 'hash${i}', 'seed', 'mobile', 'iOS', 'Safari')`);
  await run(`INSERT INTO visits (id, prospect_id, kind, started_at, last_seen_at, visible_ms, ip_hash, user_agent, device, os, browser) VALUES ${visits.join(",")}`);
  await run(`INSERT INTO prospect_activity (prospect_id, owner_id, last_visit_id, last_visit_at, last_seen_at, human_visits)
    SELECT prospect_id, '${owner}', id, started_at, last_seen_at, 1 FROM visits WHERE id LIKE 'vis_bench%'`);
}

type BenchDb = { run: (sql: string) => Promise<void>; count: (sql: string) => Promise<number>; owner: () => Promise<string> };

async function measure(setup: string, servers: TestServer[], db: BenchDb): Promise<Figures> {
  const first = servers[0];
  await setUpAdmin(servers[0].url, { addExample: true });
  await seed(db.run, await db.owner());
  const rep = await signIn(servers[servers.length - 1].url, "ada@acme.test", "correct horse battery");
  for (const s of servers) for (let i = 0; i < 20; i++) await fetch(s.url + "/rob-mason", { headers: { "user-agent": HUMAN_UA } }).then((r) => r.arrayBuffer());

  // The queue and the alerts first: the ingest below piles thousands of taps into one visit of Rob's.
  const cookie = [...rep.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const queueMs: number[] = [];
  for (let i = 0; i < QUEUE_SAMPLES; i++) {
    const s = servers[i % servers.length];
    const t = performance.now();
    const res = await fetch(s.url + "/", { headers: { Cookie: cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`queue: HTTP ${res.status}`);
    if (i >= 5) queueMs.push(performance.now() - t);
  }
  const feed = await openSse(`${servers[servers.length - 1].url}/api/console/alerts/stream`, { Cookie: cookie });
  const alertMs: number[] = [];
  try {
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < ALERT_SAMPLES; i++) {
      const seen = feed.events.length;
      const t = performance.now();
      await fetch(`${first.url}/api/collect`, { method: "POST", headers: { "content-type": "text/plain", "user-agent": HUMAN_UA.replace("Safari/", `Safari/${i}.`) }, body: JSON.stringify({ slug: "rob-mason", type: "view", visibleMs: 2000 }) });
      await feed.waitFor(seen + 1, 10_000);
      alertMs.push(performance.now() - t);
    }
  } finally {
    feed.close();
  }
  const page: { rps: number; p99: number }[] = [];
  const ingest: { rps: number; p99: number }[] = [];
  let acknowledged = 0;
  const before = await db.count("SELECT count(*) AS n FROM visit_events WHERE type = 'cta_click'");
  for (let r = 0; r < ROUNDS; r++) {
    page.push(await spread(servers.map((s) => `${s.url}/rob-mason`), { duration: SECONDS, headers: { "user-agent": HUMAN_UA } }));
    // Taps spread over 200 people's pages, as a day's visitors are (one page's own beacons are written one at a time).
    let k = 0;
    const i = await spread(servers.map((s) => `${s.url}/api/collect`), {
      amount: Math.round(INGEST / servers.length),
      method: "POST",
      headers: { "content-type": "text/plain", "user-agent": HUMAN_UA },
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ slug: `bench-person-${k++ % 200}`, type: "cta_click", visibleMs: 0, data: { cta: "call" } }) }) }],
    });
    ingest.push(i);
    acknowledged += i.acknowledged;
  }
  const stored = (await db.count("SELECT count(*) AS n FROM visit_events WHERE type = 'cta_click'")) - before;

  const pick = (xs: { rps: number; p99: number }[]) => ({ rps: median(xs.map((x) => x.rps)), p99: median(xs.map((x) => x.p99)) });
  return { setup, pageRps: pick(page).rps, pageP99: pick(page).p99, ingestRps: pick(ingest).rps, ingestP99: pick(ingest).p99, acknowledged, stored, queueP50: median(queueMs), queueP95: p95(queueMs), alertP50: median(alertMs), alertP95: p95(alertMs) };
}

async function main() {
  const out: Figures[] = [];
  // SQLite, one server.
  {
    const server = await startServer({ env: ENV });
    try {
      const file = server.dbPath;
      const db = {
        run: async (sql: string) => {
          const d = new Database(file);
          d.pragma("busy_timeout = 5000");
          d.exec(sql);
          d.close();
        },
        count: async (sql: string) => {
          const d = new Database(file, { readonly: true });
          const n = (d.prepare(sql).get() as { n: number }).n;
          d.close();
          return n;
        },
        owner: async () => {
          const d = new Database(file, { readonly: true });
          const id = (d.prepare("SELECT id FROM users LIMIT 1").get() as { id: string }).id;
          d.close();
          return id;
        },
      };
      out.push(await measure("SQLite, one server", [server], db));
    } finally {
      await server.stop();
    }
  }
  let cluster: PgCluster | undefined;
  try {
    cluster = await startPostgres();
    for (const count of [1, 2]) {
      const url = await cluster.createDatabase();
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      const servers: TestServer[] = [];
      try {
        for (let i = 0; i < count; i++) servers.push(await startServer({ env: { ...ENV, DATABASE_URL: url }, dataDir: tempDir() }));
        const db = {
          run: async (sql: string) => void (await pool.query(sql)),
          count: async (sql: string) => Number((await pool.query(sql)).rows[0].n),
          owner: async () => (await pool.query("SELECT id FROM users LIMIT 1")).rows[0].id as string,
        };
        out.push(await measure(`PostgreSQL, ${count === 1 ? "one server" : "two servers"}`, servers, db));
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
        await pool.end();
      }
    }
  } finally {
    await cluster?.stop();
  }
  const lines = [
    `| Setup | Page req/s | Page p99 ms | Ingest req/s | Ingest p99 ms | Beacons acknowledged / stored | Queue p50 ms | Queue p95 ms | Alert p50 ms | Alert p95 ms |`,
    `| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |`,
    ...out.map(
      (f) =>
        `| ${f.setup} | ${f.pageRps.toFixed(0)} | ${f.pageP99} | ${f.ingestRps.toFixed(0)} | ${f.ingestP99} | ${f.acknowledged} / ${f.stored} ${f.acknowledged === f.stored ? "✓" : "✗"} | ${f.queueP50.toFixed(1)} | ${f.queueP95.toFixed(1)} | ${f.alertP50.toFixed(1)} | ${f.alertP95.toFixed(1)} |`,
    ),
  ];
  console.log(lines.join("\n"));
  if (process.env.BENCH_DATABASES_JSON) {
    const fs = await import("node:fs");
    fs.writeFileSync(process.env.BENCH_DATABASES_JSON, JSON.stringify(out, null, 2));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
