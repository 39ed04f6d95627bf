/**
 * `npm run bench`: builds if needed, starts a production server on a temporary database, seeds
 * it, measures each figure side by side with its reference in several rounds, prints a Markdown
 * table (and JSON with --json FILE), and stops everything it started.
 */
import fs from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { ensureBuild } from "../../lib/build";
import { runCli, setUpAdmin, startServer, type TestServer } from "../support/server";

const args = process.argv.slice(2);
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 20;
const INGEST_PER_ROUND = Number(process.env.BENCH_INGEST ?? 5000);

type Load = { rps: number; p50: number; p99: number; errors: number; non2xx: number };

async function load(url: string, opts: Partial<autocannon.Options> = {}): Promise<Load> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...opts });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function sideBySide(name: string, subject: string, reference: string): Promise<{ name: string; subject: Load; reference: Load; ratio: number }> {
  const subj: Load[] = [];
  const ref: Load[] = [];
  // Alternate so both see the same machine noise.
  for (let i = 0; i < ROUNDS; i++) {
    ref.push(await load(reference));
    subj.push(await load(subject));
  }
  const s = pickMedian(subj);
  const r = pickMedian(ref);
  return { name, subject: s, reference: r, ratio: s.rps / r.rps };
}

const HUMAN_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

function pickMedian(ls: Load[]): Load {
  return {
    rps: median(ls.map((l) => l.rps)),
    p50: median(ls.map((l) => l.p50)),
    p99: median(ls.map((l) => l.p99)),
    errors: ls.reduce((a, l) => a + l.errors, 0),
    non2xx: ls.reduce((a, l) => a + l.non2xx, 0),
  };
}

function countClicks(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM visit_events WHERE type = 'cta_click'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function timed(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return performance.now() - t;
}

function peakRss(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  if (!ensureBuild()) throw new Error("build failed");
  let server: TestServer | undefined;
  try {
    server = await startServer({ env: { MISS_LIMIT_PER_MINUTE: "100000", COLLECT_LIMIT_PER_MINUTE: "1000000" } });
    await setUpAdmin(server.url, { addExample: true });
    runCli(["token:create", "--email", "ada@acme.test"], { DATABASE_PATH: server.dbPath });
    // Warm both paths (first render, page cache).
    for (const p of ["/privacy", "/rob-mason"]) for (let i = 0; i < 20; i++) await fetch(server.url + p).then((r) => r.arrayBuffer());

    const rows = [await sideBySide("Prospect page (GET /rob-mason) vs static page (GET /privacy)", `${server.url}/rob-mason`, `${server.url}/privacy`)];

    // Visit ingest: every acknowledged beacon must be exactly one stored row.
    const before = countClicks(server.dbPath);
    const ingest: Load[] = [];
    const ref: Load[] = [];
    let acknowledged = 0;
    for (let i = 0; i < ROUNDS; i++) {
      ref.push(await load(`${server.url}/privacy`));
      const r = await autocannon({
        url: `${server.url}/api/collect`,
        connections: CONNECTIONS,
        // A fixed number of requests, not a duration: every one is answered and counted.
        amount: INGEST_PER_ROUND,
        method: "POST",
        headers: { "content-type": "text/plain", "user-agent": HUMAN_UA },
        body: JSON.stringify({ slug: "rob-mason", type: "cta_click", visibleMs: 0, data: { cta: "call" } }),
      });
      acknowledged += (r.statusCodeStats as Record<string, { count: number }>)["202"]?.count ?? 0;
      ingest.push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx });
    }
    const stored = countClicks(server.dbPath) - before;
    const ingestRow = { name: "Visit ingest (POST /api/collect) vs static page", subject: pickMedian(ingest), reference: pickMedian(ref), ratio: 0 };
    ingestRow.ratio = ingestRow.subject.rps / ingestRow.reference.rps;
    rows.push(ingestRow);

    // Link-preview image: first render of a new card, then from memory.
    const token = runCli(["token:create", "--email", "ada@acme.test"], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
    const firstRenders: number[] = [];
    const cachedRenders: number[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await fetch(`${server.url}/api/v1/prospects`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify({ firstName: `Bench${"abcde"[i]}`, lastName: "Card", company: "Northwind" }) });
      const { slug } = (await created.json()) as { slug: string };
      firstRenders.push(await timed(`${server.url}/og/${slug}`));
      for (let j = 0; j < 5; j++) cachedRenders.push(await timed(`${server.url}/og/${slug}`));
    }
    const rss = peakRss(server.process.pid!);

    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    const lines = [
      `Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections, 127.0.0.1, median of rounds.`,
      "",
      "| Measure | req/s | p50 ms | p99 ms | Reference req/s | Ratio | Goal | Errors |",
      "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.subject.rps.toFixed(0)} | ${r.subject.p50} | ${r.subject.p99} | ${r.reference.rps.toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.name.startsWith("Prospect") ? `≥ 0.80 ${r.ratio >= 0.8 ? "✓" : "✗"}` : "—"} | ${r.subject.errors + r.subject.non2xx} |`,
      ),
      "",
      `Visit ingest: ${acknowledged} beacons acknowledged (202), ${stored} rows stored — ${acknowledged === stored ? "none lost, none doubled ✓" : "MISMATCH ✗"}.`,
      `Link-preview image (1200×630 PNG): first render ${median(firstRenders).toFixed(0)} ms, from memory ${median(cachedRenders).toFixed(1)} ms (median; includes the HTTP round trip).`,
      `Server peak RSS: ${rss.toFixed(0)} MB`,
    ];
    console.log(lines.join("\n"));
    if (jsonOut)
      fs.writeFileSync(
        jsonOut,
        JSON.stringify({ machine: { cpus: os.cpus().length, cpu, node: process.version }, rows, ingest: { acknowledged, stored }, ogImageMs: { first: median(firstRenders), cached: median(cachedRenders) }, peakRssMb: rss }, null, 2),
      );
  } finally {
    await server?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
