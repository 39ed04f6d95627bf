/**
 * A seeded history for an experiment, written straight into the database (tests seed through SQL,
 * not thousands of HTTP calls): prospects, the voicemails each arm carried, and — at each arm's
 * rates — human visits, returned calls and meetings after them, deterministic from a seed.
 */
import Database from "better-sqlite3";

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
export function seedExperimentHistory(dbPath: string, o: { userId: string; experimentId: string; arms: ArmPlan[]; start: number; days: number; seed?: number; prefix?: string }) {
  const db = new Database(dbPath);
  db.pragma("busy_timeout = 5000");
  const random = rng(o.seed ?? 7);
  const prefix = o.prefix ?? "seed";
  const counts = o.arms.map(() => ({ messages: 0, visits: 0, callbacks: 0, meetings: 0 }));
  const addProspect = db.prepare("insert into prospects (id, owner_id, slug, first_name, last_name, company, blocks, updated_at, created_at) values (?, ?, ?, ?, ?, ?, '[]', ?, ?)");
  const addAssignment = db.prepare("insert into experiment_assignments (experiment_id, prospect_id, arm_id, reason, assigned_at, user_id) values (?, ?, ?, ?, ?, ?)");
  const addVoicemail = db.prepare("insert into voicemails (id, prospect_id, user_id, left_at, script_id, text, outcome, experiment_id, created_at) values (?, ?, ?, ?, ?, ?, 'left', ?, ?)");
  const addVisit = db.prepare("insert into visits (id, prospect_id, kind, started_at, last_seen_at, visible_ms, device, os, browser) values (?, ?, 'human', ?, ?, 20000, 'phone', 'iOS', 'Safari')");
  const addOutcome = db.prepare("insert into outcomes (id, prospect_id, user_id, kind, at) values (?, ?, ?, ?, ?)");
  const first = ["Ava", "Ben", "Cara", "Dev", "Eli", "Faye", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lena", "Milo", "Nia", "Omar", "Pia"];
  const last = ["Stone", "Reyes", "Okafor", "Larsen", "Moreau", "Tanaka", "Novak", "Berg", "Rossi", "Shah"];
  db.transaction(() => {
    let n = 0;
    o.arms.forEach((arm, ai) => {
      for (let i = 0; i < arm.messages; i++, n++) {
        const pid = `pro_${prefix}${n}`;
        const leftAt = Math.round(o.start + random() * o.days * 86_400_000);
        addProspect.run(pid, o.userId, `${prefix}-${n}`, first[n % first.length], `${last[n % last.length]} ${n}`, `Company ${n % 40}`, leftAt, leftAt - 3_600_000);
        addAssignment.run(o.experimentId, pid, arm.scriptId, "balancing", leftAt - 60_000, o.userId);
        addVoicemail.run(`vm_${prefix}${n}`, pid, o.userId, leftAt, arm.scriptId, `Seeded message ${n}`, o.experimentId, leftAt);
        counts[ai].messages++;
        if (random() < arm.visitRate) {
          const at = leftAt + Math.round((0.2 + random() * 30) * 3_600_000);
          addVisit.run(`vis_${prefix}${n}`, pid, at, at + 60_000);
          counts[ai].visits++;
          if (random() < arm.callbackRate / arm.visitRate) {
            addOutcome.run(`out_${prefix}cb${n}`, pid, o.userId, "called_back", at + 3_600_000);
            counts[ai].callbacks++;
            if (random() < arm.meetingRate / arm.callbackRate) {
              addOutcome.run(`out_${prefix}mt${n}`, pid, o.userId, "meeting", at + 2 * 86_400_000);
              counts[ai].meetings++;
            }
          }
        }
      }
    });
  })();
  db.close();
  return counts;
}
