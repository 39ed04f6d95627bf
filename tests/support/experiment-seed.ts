/**
 * A seeded history for an experiment, written straight into the database (tests seed through SQL,
 * not thousands of HTTP calls): prospects, the voicemails each arm carried, and — at each arm's
 * rates — human visits, returned calls and meetings after them, deterministic from a seed.
 */
import type { TestServer } from "./server";
import { withServerDb } from "./server-db";

export type ArmPlan = { scriptId: string; messages: number; visitRate: number; callbackRate: number; meetingRate: number };

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes the history; returns how many of each step per arm it wrote (what the results must show). */
export async function seedExperimentHistory(server: Pick<TestServer, "dbPath" | "env">, o: { userId: string; experimentId: string; arms: ArmPlan[]; start: number; days: number; seed?: number; prefix?: string }) {
  const random = rng(o.seed ?? 7);
  const prefix = o.prefix ?? "seed";
  const counts = o.arms.map(() => ({ messages: 0, visits: 0, callbacks: 0, meetings: 0 }));
  // Rows are gathered first, then written in a few multi-row statements (the same SQL on SQLite and PostgreSQL).
  const rows: Record<"prospects" | "assignments" | "voicemails" | "visits" | "outcomes", unknown[][]> = { prospects: [], assignments: [], voicemails: [], visits: [], outcomes: [] };
  const first = ["Ava", "Ben", "Cara", "Dev", "Eli", "Faye", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lena", "Milo", "Nia", "Omar", "Pia"];
  const last = ["Stone", "Reyes", "Okafor", "Larsen", "Moreau", "Tanaka", "Novak", "Berg", "Rossi", "Shah"];
  let n = 0;
  o.arms.forEach((arm, ai) => {
    for (let i = 0; i < arm.messages; i++, n++) {
      const pid = `pro_${prefix}${n}`;
      const leftAt = Math.round(o.start + random() * o.days * 86_400_000);
      rows.prospects.push([pid, o.userId, `${prefix}-${n}`, first[n % first.length], `${last[n % last.length]} ${n}`, `Company ${n % 40}`, leftAt, leftAt - 3_600_000]);
      rows.assignments.push([o.experimentId, pid, arm.scriptId, "balancing", leftAt - 60_000, o.userId]);
      rows.voicemails.push([`vm_${prefix}${n}`, pid, o.userId, leftAt, arm.scriptId, `Seeded message ${n}`, o.experimentId, leftAt]);
      counts[ai].messages++;
      if (random() < arm.visitRate) {
        const at = leftAt + Math.round((0.2 + random() * 30) * 3_600_000);
        rows.visits.push([`vis_${prefix}${n}`, pid, at, at + 60_000]);
        counts[ai].visits++;
        if (random() < arm.callbackRate / arm.visitRate) {
          rows.outcomes.push([`out_${prefix}cb${n}`, pid, o.userId, "called_back", at + 3_600_000]);
          counts[ai].callbacks++;
          if (random() < arm.meetingRate / arm.callbackRate) {
            rows.outcomes.push([`out_${prefix}mt${n}`, pid, o.userId, "meeting", at + 2 * 86_400_000]);
            counts[ai].meetings++;
          }
        }
      }
    }
  });
  const insert = async (db: { run: (sql: string, ...params: unknown[]) => Promise<number> }, head: string, shape: string, list: unknown[][]) => {
    for (let i = 0; i < list.length; i += 200) {
      const chunk = list.slice(i, i + 200);
      if (chunk.length) await db.run(`${head} values ${chunk.map(() => shape).join(", ")}`, ...chunk.flat());
    }
  };
  await withServerDb(server, async (db) => {
    await db.run("BEGIN");
    await insert(db, "insert into prospects (id, owner_id, slug, first_name, last_name, company, blocks, updated_at, created_at)", "(?, ?, ?, ?, ?, ?, '[]', ?, ?)", rows.prospects);
    await insert(db, "insert into experiment_assignments (experiment_id, prospect_id, arm_id, reason, assigned_at, user_id)", "(?, ?, ?, ?, ?, ?)", rows.assignments);
    await insert(db, "insert into voicemails (id, prospect_id, user_id, left_at, script_id, text, outcome, experiment_id, created_at)", "(?, ?, ?, ?, ?, ?, 'left', ?, ?)", rows.voicemails);
    await insert(db, "insert into visits (id, prospect_id, kind, started_at, last_seen_at, visible_ms, device, os, browser)", "(?, ?, 'human', ?, ?, 20000, 'phone', 'iOS', 'Safari')", rows.visits);
    await insert(db, "insert into outcomes (id, prospect_id, user_id, kind, at)", "(?, ?, ?, ?, ?)", rows.outcomes);
    await db.run("COMMIT");
  });
  return counts;
}
