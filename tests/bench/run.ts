/**
 * `npm run bench`: builds if needed, starts a production server on a temporary database, seeds
 * it, measures each figure side by side with its reference in several rounds, prints a Markdown
 * table (and JSON with --json FILE), and stops everything it started.
 */
import fs from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import { ensureBuild } from "../../lib/build";
import { runCli, setUpAdmin, startServer, type TestServer } from "../support/server";

const args = process.argv.slice(2);
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 20;

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
  const pick = (ls: Load[]): Load => ({
    rps: median(ls.map((l) => l.rps)),
    p50: median(ls.map((l) => l.p50)),
    p99: median(ls.map((l) => l.p99)),
    errors: ls.reduce((a, l) => a + l.errors, 0),
    non2xx: ls.reduce((a, l) => a + l.non2xx, 0),
  });
  const s = pick(subj);
  const r = pick(ref);
  return { name, subject: s, reference: r, ratio: s.rps / r.rps };
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
    server = await startServer({ env: { MISS_LIMIT_PER_MINUTE: "100000" } });
    await setUpAdmin(server.url, { addExample: true });
    runCli(["token:create", "--email", "ada@acme.test"], { DATABASE_PATH: server.dbPath });
    // Warm both paths (first render, page cache).
    for (const p of ["/privacy", "/rob-mason"]) for (let i = 0; i < 20; i++) await fetch(server.url + p).then((r) => r.arrayBuffer());

    const rows = [await sideBySide("Prospect page (GET /rob-mason) vs static page (GET /privacy)", `${server.url}/rob-mason`, `${server.url}/privacy`)];
    const rss = peakRss(server.process.pid!);

    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    const lines = [
      `Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections, 127.0.0.1, median of rounds.`,
      "",
      "| Measure | req/s | p50 ms | p99 ms | Reference req/s | Ratio | Goal | Errors |",
      "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.subject.rps.toFixed(0)} | ${r.subject.p50} | ${r.subject.p99} | ${r.reference.rps.toFixed(0)} | ${r.ratio.toFixed(2)} | ≥ 0.80 ${r.ratio >= 0.8 ? "✓" : "✗"} | ${r.subject.errors + r.subject.non2xx} |`,
      ),
      "",
      `Server peak RSS: ${rss.toFixed(0)} MB`,
    ];
    console.log(lines.join("\n"));
    if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ machine: { cpus: os.cpus().length, cpu, node: process.version }, rows, peakRssMb: rss }, null, 2));
  } finally {
    await server?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
