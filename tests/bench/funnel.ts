/**
 * The funnel's report queries at the scale: `node --import tsx tests/bench/funnel.ts`.
 * Seeds a temporary database with 100,000 voicemails (2,000 prospects, 20 reps, 6 scripts, 4 plays,
 * over a year) and 1,000,000 visit events on 150,000 visits, with outcomes in realistic proportions,
 * then times funnelTotals by script, by rep, for one experiment's voicemail ids and for one rep's
 * month: median and p95 of several runs. Target: ≤ 150 ms each. Prints a Markdown table (and JSON
 * with --json FILE).
 *
 * BENCH_FUNNEL_RUNS (default 15), BENCH_FUNNEL_SCALE (default 1: a fraction shrinks every count),
 * BENCH_FUNNEL_SQL: extra statements to run after seeding (e.g. a candidate index), to compare.
 * BENCH_FUNNEL_KEEP: a path to copy the seeded database to, to try queries on by hand.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;
const RUNS = Number(process.env.BENCH_FUNNEL_RUNS ?? 15);
const SCALE = Number(process.env.BENCH_FUNNEL_SCALE ?? 1);
const EXTRA_SQL = process.env.BENCH_FUNNEL_SQL;
const TARGET_MS = 150;

const DAY = 86_400_000;
// The year up to now: as a team's history is (nothing left in the future; the last weeks still open).
const START = Date.now() - 365 * 86_400_000;
const SPAN = 365 * DAY;
const N = {
  reps: 20,
  prospects: Math.round(2_000 * SCALE),
  scripts: 6,
  plays: 4,
  voicemails: Math.round(100_000 * SCALE),
  visits: Math.round(150_000 * SCALE),
  events: Math.round(1_000_000 * SCALE),
};

// A fixed seed, so every run measures the same data.
let seed = 12345;
function rand(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rb-bench-funnel-"));
process.env.DATABASE_PATH = path.join(dir, "ringback.db");

type Sqlite = { prepare: (s: string) => { run: (...a: unknown[]) => unknown; all: (...a: unknown[]) => unknown[]; get: (...a: unknown[]) => unknown }; transaction: <F extends () => void>(f: F) => F; exec: (s: string) => void };

function seedDatabase(sqlite: Sqlite): { voicemailIds: string[]; repIds: string[] } {
  const now = START + SPAN;
  const repIds = Array.from({ length: N.reps }, (_, i) => `usr_bench${i}`);
  const prospectIds = Array.from({ length: N.prospects }, (_, i) => `pro_bench${i}`);
  const scriptIds = Array.from({ length: N.scripts }, (_, i) => `scr_bench${i}`);
  const playIds = Array.from({ length: N.plays }, (_, i) => `ply_bench${i}`);
  const ownerOf = (p: number) => repIds[p % N.reps];
  // Each prospect's voicemails, sorted, to put visits and outcomes after them.
  const leftAts: number[][] = prospectIds.map(() => []);
  const voicemailIds: string[] = [];

  sqlite.transaction(() => {
    const user = sqlite.prepare("insert into users (id, email, name, password_hash, updated_at) values (?, ?, ?, 'x', ?)");
    repIds.forEach((id, i) => user.run(id, `rep${i}@bench.test`, `Rep ${i}`, now));
    const prospect = sqlite.prepare("insert into prospects (id, owner_id, slug, first_name, last_name, updated_at) values (?, ?, ?, ?, 'Bench', ?)");
    prospectIds.forEach((id, i) => prospect.run(id, ownerOf(i), `bench-${i}`, `P${i}`, now));

    const vm = sqlite.prepare("insert into voicemails (id, prospect_id, user_id, left_at, outcome, script_id, play_id, play_version) values (?, ?, ?, ?, 'left', ?, ?, 1)");
    const out = sqlite.prepare("insert into outcomes (id, prospect_id, user_id, kind, at) values (?, ?, ?, ?, ?)");
    let outs = 0;
    for (let i = 0; i < N.voicemails; i++) {
      const p = between(0, N.prospects);
      const at = START + between(0, SPAN);
      const id = `vm_bench${i}`;
      voicemailIds.push(id);
      leftAts[p].push(at);
      vm.run(id, prospectIds[p], ownerOf(p), at, pick(scriptIds), rand() < 0.8 ? pick(playIds) : null);
      // Leaving a voicemail is logged as an outcome too (lib/outcomes.ts).
      out.run(`out_bench${outs++}`, prospectIds[p], ownerOf(p), "voicemail", at);
    }
    for (const l of leftAts) l.sort((a, b) => a - b);
    const after = (p: number, maxDays: number) => {
      const l = leftAts[p];
      return (l.length ? pick(l) : START) + between(0, maxDays * DAY);
    };

    // Outcomes after the rep's calls: reached, returned calls, meetings, notes, the rest.
    const mix: [string, number][] = [["reached", 15_000], ["called_back", 6_000], ["meeting", 3_000], ["note", 5_000], ["not_interested", 2_000], ["wrong_number", 500]];
    for (const [kind, n] of mix)
      for (let i = 0; i < Math.round(n * SCALE); i++) {
        const p = between(0, N.prospects);
        out.run(`out_bench${outs++}`, prospectIds[p], ownerOf(p), kind, after(p, kind === "meeting" ? 25 : 10));
      }

    // Visits: 60 % people, 25 % link previews, 10 % bots, 5 % the rep's own look; most within days of a voicemail.
    const visit = sqlite.prepare("insert into visits (id, prospect_id, kind, started_at, last_seen_at, visible_ms) values (?, ?, ?, ?, ?, ?)");
    const event = sqlite.prepare("insert into visit_events (id, visit_id, type, at, data) values (?, ?, ?, ?, ?)");
    const kinds = ["human", "human", "human", "human", "human", "human", "human", "human", "human", "human", "human", "human", "preview", "preview", "preview", "preview", "preview", "bot", "bot", "rep"] as const;
    let events = 0;
    const perVisit = N.events / N.visits;
    for (let i = 0; i < N.visits; i++) {
      const p = between(0, N.prospects);
      const kind = pick(kinds);
      const at = after(p, 9);
      const id = `vis_bench${i}`;
      visit.run(id, prospectIds[p], kind, at, at + 60_000, 30_000);
      // Events: the view, heartbeats and video progress; a few taps on people's visits.
      const n = Math.max(1, Math.round(perVisit * (0.5 + rand())));
      for (let j = 0; j < n && events < N.events; j++) {
        const tap = kind === "human" && j === 1 && rand() < 0.08;
        const type = j === 0 ? "view" : tap ? "cta_click" : rand() < 0.7 ? "heartbeat" : "video_progress";
        const data = tap ? JSON.stringify({ cta: pick(["call", "call", "email", "book"]) }) : type === "video_progress" ? JSON.stringify({ percent: pick([25, 50, 75, 100]) }) : null;
        event.run(`evt_bench${events++}`, id, type, at + j * 5_000, data);
      }
    }
    // Top up to exactly N.events with heartbeats on random visits.
    while (events < N.events) {
      const v = between(0, N.visits);
      event.run(`evt_bench${events++}`, `vis_bench${v}`, "heartbeat", START + between(0, SPAN), null);
    }
  })();
  sqlite.exec("analyze");
  return { voicemailIds, repIds };
}

/**
 * What the three pages read, on top of the history: an experiment on two of the scripts (its
 * messages marked as carrying its arms), and a four-touch campaign with every other prospect enrolled
 * and its touches made (voicemail steps pointing at real messages).
 */
function seedPages(sqlite: Sqlite, repIds: string[]): { experimentId: string; campaignId: string; experimentMessages: number; enrolments: number; touches: number } {
  const now = START + SPAN;
  const experimentId = "exp_bench";
  const campaignId = "cmp_bench";
  let touches = 0;
  let enrolments = 0;
  sqlite.transaction(() => {
    sqlite.prepare("update users set role = 'admin' where id = ?").run(repIds[0]);
    sqlite
      .prepare("insert into experiments (id, name, kind, goal, arms, user_ids, min_per_arm, starts_at, created_by, updated_at) values (?, 'Bench', 'script', 'visit', ?, null, 30, ?, ?, ?)")
      .run(experimentId, JSON.stringify(["scr_bench0", "scr_bench1"]), START, repIds[0], now);
    sqlite.prepare("update voicemails set experiment_id = ? where script_id in ('scr_bench0', 'scr_bench1') and rowid % 2 = 0").run(experimentId);
    const steps = [{ day: 1, kind: "voicemail", scriptId: "scr_bench0" }, { day: 3, kind: "email", subject: "Hi", body: "{{pageLink}}" }, { day: 6, kind: "voicemail", scriptId: "scr_bench1" }, { day: 10, kind: "call" }];
    sqlite.prepare("insert into campaigns (id, owner_id, name, steps, shared, updated_at) values (?, ?, 'Bench', ?, 1, ?)").run(campaignId, repIds[0], JSON.stringify(steps), now);
    const enrol = sqlite.prepare("insert into campaign_enrolments (id, campaign_id, prospect_id, owner_id, status, step_index, next_due_at, enrolled_at, last_touch_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const touch = sqlite.prepare("insert into campaign_touches (id, enrolment_id, campaign_id, prospect_id, step, kind, outcome, user_id, voicemail_id, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const firstVm = sqlite.prepare("select id, left_at from voicemails where prospect_id = ? order by left_at limit 2");
    for (let p = 0; p < N.prospects; p += 2) {
      const pid = `pro_bench${p}`;
      const owner = repIds[p % N.reps];
      const vms = firstVm.all(pid) as { id: string; left_at: number }[];
      const made = Math.min(4, 1 + (p % 4));
      const at0 = vms[0]?.left_at ?? START;
      enrol.run(`enr_bench${p}`, campaignId, pid, owner, made === 4 ? "finished" : "active", made, made === 4 ? null : at0 + 10 * DAY, at0 - DAY, at0 + made * DAY, now);
      enrolments++;
      for (let s = 0; s < made; s++) {
        const kind = steps[s].kind;
        const vm = kind === "voicemail" ? (vms[s === 0 ? 0 : 1]?.id ?? null) : null;
        touch.run(`tch_bench${touches++}`, `enr_bench${p}`, campaignId, pid, s, kind, kind === "email" ? "email_sent" : kind === "voicemail" ? "voicemail" : "no_answer", owner, vm, at0 + s * 2 * DAY);
      }
    }
  })();
  sqlite.exec("analyze");
  const experimentMessages = (sqlite.prepare("select count(*) as n from voicemails where experiment_id = ?").get(experimentId) as { n: number }).n;
  return { experimentId, campaignId, experimentMessages, enrolments, touches };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

async function main() {
  const { openDatabase, closeDatabase, getDb } = await import("../../db/index");
  const { funnelTotals, settleAll, DEFAULT_FUNNEL_OPTIONS } = await import("../../lib/experiments/funnel");
  const { sql } = await import("drizzle-orm");
  const handle = openDatabase(process.env.DATABASE_PATH!);
  let t = performance.now();
  const { voicemailIds, repIds } = seedDatabase(handle.writer as unknown as Sqlite);
  const pages = seedPages(handle.writer as unknown as Sqlite, repIds);
  console.error(`seeded ${N.voicemails} voicemails, ${N.visits} visits, ${N.events} visit events in ${Math.round(performance.now() - t)} ms`);
  if (EXTRA_SQL) {
    handle.writer.exec(EXTRA_SQL);
    handle.writer.exec("analyze");
    console.error(`ran: ${EXTRA_SQL}`);
  }
  handle.writer.close();
  if (process.env.BENCH_FUNNEL_KEEP) fs.copyFileSync(process.env.DATABASE_PATH!, process.env.BENCH_FUNNEL_KEEP);
  getDb(); // the app's own connection, as a server would use it
  // What the server's minute job does: keep the facts of messages whose windows have closed on their rows.
  if (!process.env.BENCH_FUNNEL_LIVE) {
    t = performance.now();
    const settled = await settleAll(Date.now(), DEFAULT_FUNNEL_OPTIONS);
    console.error(`settled ${settled} voicemails in ${Math.round(performance.now() - t)} ms (once; new ones settle a minute's worth at a time)`);
  }

  const { experimentResults } = await import("../../lib/experiments/experiments");
  const { teamReport } = await import("../../lib/experiments/team-report");
  const { campaignReport } = await import("../../lib/campaigns/store");
  const { findExperimentById } = await import("../../db/queries/experiments");
  const { findUserById } = await import("../../db/queries/users");
  const admin = (await findUserById(repIds[0]))!;
  // An experiment: two scripts tried on a quarter of the prospects for three months.
  const experimentIds = voicemailIds.filter((_, i) => i % 4 === 0).slice(0, Math.round(8_000 * SCALE));
  const month = { from: START + 180 * DAY, to: START + 210 * DAY };
  const quarter = { from: START + 180 * DAY, to: START + 270 * DAY };
  const cases: [string, () => unknown][] = [
    ["by script, all voicemails", async () => funnelTotals("script", {}, DEFAULT_FUNNEL_OPTIONS)],
    ["by rep, all voicemails", async () => funnelTotals("user", {}, DEFAULT_FUNNEL_OPTIONS)],
    ["by play, all voicemails", async () => funnelTotals("play", {}, DEFAULT_FUNNEL_OPTIONS)],
    [`one experiment (${experimentIds.length} voicemail ids) by script`, async () => funnelTotals("script", { voicemailIds: experimentIds }, DEFAULT_FUNNEL_OPTIONS)],
    ["team report: a month, by rep", async () => funnelTotals("user", month, DEFAULT_FUNNEL_OPTIONS)],
    ["team report: a quarter, by rep", async () => funnelTotals("user", quarter, DEFAULT_FUNNEL_OPTIONS)],
    ["one rep's month, by script", async () => funnelTotals("script", { ...month, userIds: [repIds[0]] }, DEFAULT_FUNNEL_OPTIONS)],
    // The three pages, as their server code computes them (everything but the HTML).
    [`experiment results (${pages.experimentMessages} messages, 2 arms, with the daily chance-to-be-best series)`, async () => (await experimentResults((await findExperimentById(pages.experimentId))!)).arms],
    ["team report: the last 30 days (per rep, per script, total)", async () => Object.values(await teamReport(admin, {})).filter(Array.isArray).flat()],
    ["team report: the last 365 days (per rep, per script, total)", async () => Object.values(await teamReport(admin, { from: new Date(START).toISOString().slice(0, 10) })).filter(Array.isArray).flat()],
    [`a campaign's page (${pages.enrolments} enrolled, ${pages.touches} touches, 4 steps)`, async () => (await campaignReport(admin, pages.campaignId))!.steps],
  ];
  const results: { name: string; medianMs: number; p95Ms: number; groups: number }[] = [];
  for (const [name, run] of cases) {
    const times: number[] = [];
    let groups = 0;
    run(); // warm the page cache and the statement
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      groups = (run() as unknown[]).length;
      times.push(performance.now() - t);
    }
    results.push({ name, medianMs: Math.round(median(times) * 10) / 10, p95Ms: Math.round(p95(times) * 10) / 10, groups });
    console.error(`  ${name}: median ${results[results.length - 1].medianMs} ms`);
  }
  if (process.env.BENCH_FUNNEL_PLAN) {
    const plan = getDb().all<{ detail: string }>(sql.raw(`explain query plan ${process.env.BENCH_FUNNEL_PLAN}`));
    console.error(plan.map((r) => r.detail).join("\n"));
  }
  await closeDatabase();
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(`| Funnel query (${N.voicemails} voicemails, ${N.events} visit events, ${RUNS} runs${EXTRA_SQL ? ", with: " + EXTRA_SQL : ""}) | median ms | p95 ms | groups | ≤ ${TARGET_MS} ms |`);
  console.log("|---|---:|---:|---:|:---:|");
  for (const r of results) console.log(`| ${r.name} | ${r.medianMs} | ${r.p95Ms} | ${r.groups} | ${r.p95Ms <= TARGET_MS ? "yes" : "no"} |`);
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ counts: N, runs: RUNS, extraSql: EXTRA_SQL ?? null, results }, null, 2));
}

main().catch((e) => {
  fs.rmSync(dir, { recursive: true, force: true });
  console.error(e);
  process.exit(1);
});
