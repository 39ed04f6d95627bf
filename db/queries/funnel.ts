/**
 * The funnel's facts (lib/experiments/funnel.ts holds the definition and its rules) for many
 * voicemails at once, in one statement: each picked voicemail's next voicemail (its windows), then
 * a few indexed look-ups per voicemail on the prospect's visits and outcomes (taps only when a reach
 * is in the window). tests/unit/funnel-sql.property.test.ts checks it against the definition
 * voicemail by voicemail.
 *
 * The cost is a few index seeks per picked voicemail (about 6 µs each here), so it follows the size
 * of the report, not of the database: an experiment's or a month's voicemails take tens of ms out of
 * 100,000 (tests/bench/funnel.ts). Two indexes make the look-ups covering (about a third faster):
 * visits (prospect_id, kind, started_at) and outcomes (prospect_id, at, kind).
 *
 * The same statements run on PostgreSQL: the few spellings that differ (a JSON list as a table,
 * scalar min/max, booleans as numbers, null-safe equality, a field of JSON text) come from db/sql.ts.
 */
import { sql, type SQL } from "drizzle-orm";
import { DIALECT, transaction, sqlRun, sqlAll, sqlGet } from "../index";
import { asInt, jsonString, jsonValues, least, same } from "../sql";

export type FunnelGroupBy = "script" | "play" | "user" | "all" | "user_script" | "script_day" | "play_day";

/** Which voicemails to count; every filter given must hold (an empty list picks none). */
export type FunnelFilter = {
  /** Left by these reps. */
  userIds?: string[];
  /** Following these scripts (voicemails.script_id). */
  scriptIds?: string[];
  /** Left while the page showed these plays (voicemails.play_id). */
  playIds?: string[];
  /** Left at or after (UTC ms). */
  from?: number;
  /** Left before (UTC ms). */
  to?: number;
  /** Exactly these voicemails (an experiment's messages, a campaign step's). */
  voicemailIds?: string[];
  /** Left to these prospects (an experiment's prospect set). */
  prospectIds?: string[];
  /** Messages that carried this experiment's arms. */
  experimentId?: string;
};

/** The windows in milliseconds: reply (visit, returned call) and meeting. */
export type FunnelWindows = { visitMs: number; meetingMs: number };

const KEY: Record<FunnelGroupBy, SQL> = {
  script: sql`v.script_id`,
  play: sql`v.play_id`,
  user: sql`v.user_id`,
  all: sql`null`,
  // Pairs, for reports that add up more than one way from one read (lib splits the key at "|").
  user_script: sql`v.user_id || '|' || coalesce(v.script_id, '')`,
  script_day: sql`coalesce(v.script_id, '') || '|' || (v.left_at / 86400000)`,
  play_day: sql`coalesce(v.play_id, '') || '|' || (v.left_at / 86400000)`,
};

// A list as one bound JSON parameter: any length, one prepared shape, no SQLite variable limit.
const inList = (column: SQL, ids: string[]) => sql`${column} in ${jsonValues(ids)}`;

/**
 * Where the picked voicemails come from: an explicit list drives the read (a primary-key look-up per
 * id, CROSS JOIN keeping that order); anything else reads the table or an index.
 */
function pickedFrom(f: FunnelFilter): SQL {
  // CROSS JOIN … ON is SQLite's way to fix the join order; PostgreSQL spells it JOIN (and plans it well).
  const join = DIALECT === "sqlite" ? sql`cross join` : sql`join`;
  return f.voicemailIds ? sql`(select distinct value from ${jsonValues(f.voicemailIds)} as l) as j ${join} voicemails v on v.id = j.value` : sql`voicemails v`;
}

function pickedWhere(f: FunnelFilter, listDrives = false): SQL {
  const conds: SQL[] = [];
  if (f.voicemailIds && !listDrives) conds.push(inList(sql`v.id`, f.voicemailIds));
  if (f.userIds) conds.push(inList(sql`v.user_id`, f.userIds));
  if (f.scriptIds) conds.push(inList(sql`v.script_id`, f.scriptIds));
  if (f.playIds) conds.push(inList(sql`v.play_id`, f.playIds));
  if (f.prospectIds) conds.push(inList(sql`v.prospect_id`, f.prospectIds));
  if (f.experimentId !== undefined) conds.push(sql`v.experiment_id = ${f.experimentId}`);
  if (f.from !== undefined) conds.push(sql`v.left_at >= ${f.from}`);
  if (f.to !== undefined) conds.push(sql`v.left_at < ${f.to}`);
  return conds.length ? sql.join(conds, sql` and `) : sql`true`;
}

/**
 * `facts(id, k, l, visited_at, call_returned, meeting)` for the picked voicemails. The next voicemail
 * is looked for among all of the prospect's, picked or not: filters choose what is counted, never
 * what a window is.
 */
function factsCte(groupBy: FunnelGroupBy, f: FunnelFilter, w: FunnelWindows, useSettled = true, only?: SQL): SQL {
  const v = w.visitMs;
  const m = w.meetingMs;
  // Settled messages (their windows long closed, facts kept on the row) are read, not recomputed.
  const settled = useSettled ? same(sql`v.settled_windows`, windowsKey(w)) : sql`false`;
  return sql`
    picked as (
      select v.id, v.prospect_id as p, v.left_at as l, ${KEY[groupBy]} as k, ${settled} as s,
        v.settled_visited_at as sv, v.settled_call_returned as sc, v.settled_meeting as sm
      from voicemails v
      where ${pickedWhere(f)}${only ? sql` and ${only}` : sql``}
    ),
    nexts as materialized (
      select id, p, l, k,
        coalesce(
          (select n.left_at from voicemails n
           where n.prospect_id = picked.p and n.left_at >= picked.l and (n.left_at > picked.l or n.id > picked.id)
           order by n.left_at limit 1),
          l + ${Math.max(v, m)}) as nx
      from picked where not s
    ),
    bounds as (
      select id, p, l, k, ${least(sql`l + ${v}`, sql`nx`)} as re, ${least(sql`l + ${m}`, sql`nx`)} as me from nexts
    ),
    marks as materialized (
      select b.id, b.p, b.l, b.k, b.re,
        (select min(h.started_at) from visits h
         where h.prospect_id = b.p and h.started_at >= b.l and h.started_at < b.re and h.kind = 'human') as visited_at,
        -- One pass over the outcomes in the meeting window (it holds the reply window): bit 1 a
        -- returned call, 2 a reach, both in the reply window; 4 a meeting.
        (select max(${asInt(sql`o.kind = 'called_back' and o.at < b.re`)}) | (max(${asInt(sql`o.kind = 'reached' and o.at < b.re`)}) << 1) | (max(${asInt(sql`o.kind = 'meeting'`)}) << 2)
         from outcomes o
         where o.prospect_id = b.p and o.at >= b.l and o.at < b.me) as bits
      from bounds b
    ),
    computed as materialized (
      select m.id, m.k, m.l, m.visited_at,
        coalesce(m.bits & 1, 0) > 0
          -- Call tapped, then reached: looked for only when a reach is in the window at all.
          or (coalesce(m.bits & 2, 0) > 0 and exists (
                select 1 from visits h join visit_events e on e.visit_id = h.id and e.type = 'cta_click'
                where h.prospect_id = m.p and h.started_at >= m.l and h.started_at < m.re and h.kind = 'human'
                  and e.at >= m.l and e.at < m.re and ${ctaIsCall}
                  and exists (select 1 from outcomes o
                              where o.prospect_id = m.p and o.at >= e.at and o.at < m.re and o.kind = 'reached'))) as call_returned,
        coalesce(m.bits & 4, 0) > 0 as meeting
      from marks m
    ),
    facts as (
      select id, k, l, sv as visited_at, sc as call_returned, sm as meeting from picked where s
      union all
      select id, k, l, visited_at, call_returned, meeting from computed
    )`;
}

/** A tap on Call: the event's data says so (only well-formed JSON is read on SQLite; every row written since is). */
const ctaIsCall = DIALECT === "postgres" ? sql`${jsonString(sql`e.data`, "cta")} = 'call'` : sql`json_valid(e.data) and e.data ->> '$.cta' = 'call'`;

/** What settled facts were computed for: both windows, so a change of FUNNEL_*_DAYS recomputes them. */
export function windowsKey(w: FunnelWindows): string {
  return `${w.visitMs}/${w.meetingMs}`;
}

/**
 * Keeps the facts of up to `limit` messages whose windows closed before `cutoff` on their rows, oldest
 * first; returns how many. Facts kept for other windows are forgotten first (a configuration change).
 */
export async function settleFunnelFacts(w: FunnelWindows, cutoff: number, limit: number): Promise<number> {
  const key = windowsKey(w);
  const kept = await sqlGet<{ value: string } | undefined>(sql`select value from secrets where name = 'funnel_windows'`);
  if (kept?.value !== key) {
    await transaction(async () => {
      await sqlRun(sql`update voicemails set settled_windows = null where settled_windows is not null`);
      await sqlRun(sql`insert into secrets (name, value) values ('funnel_windows', ${key}) on conflict (name) do update set value = excluded.value`);
    });
  }
  const ids = (await sqlAll<{ id: string }>(sql`select id from voicemails where settled_windows is null and left_at < ${cutoff} order by left_at limit ${limit}`)).map((r) => r.id);
  if (ids.length === 0) return 0;
  await sqlRun(sql`
    with ${factsCte("all", { voicemailIds: ids }, w, false)}
    update voicemails set settled_windows = ${key}, settled_visited_at = f.visited_at, settled_call_returned = f.call_returned, settled_meeting = f.meeting
    from facts f where voicemails.id = f.id`);
  return ids.length;
}

/** A message logged with a time in the past changes the windows of that prospect's earlier ones: they settle again. */
export async function unsettleProspect(prospectId: string): Promise<void> {
  await sqlRun(sql`update voicemails set settled_windows = null where prospect_id = ${prospectId} and settled_windows is not null`);
}

export type FunnelFactRow = { voicemailId: string; leftAt: number; visitedAt: number | null; callReturned: boolean; meeting: boolean };

/** Each picked voicemail's facts, by (leftAt, id). */
export async function funnelFactRows(f: FunnelFilter, w: FunnelWindows): Promise<FunnelFactRow[]> {
  const rows = await sqlAll<{ id: string; l: number; visited_at: number | null; call_returned: number; meeting: number }>(
    sql`with ${factsCte("all", f, w)} select id, l, visited_at, call_returned, meeting from facts order by l, id`,
  );
  return rows.map((r) => ({ voicemailId: r.id, leftAt: r.l, visitedAt: r.visited_at, callReturned: Boolean(r.call_returned), meeting: Boolean(r.meeting) }));
}

export type FunnelTotalsRow = { key: string | null; messages: number; visits: number; callbacks: number; meetings: number; msToVisitMedian: number | null };

/**
 * Totals per group, with the median time to the first visit (the middle one, or the mean of the two
 * middle ones). Settled messages are summed straight from their rows through voicemails_settled_idx
 * (no table read); the few still open are computed live; the two are added up here. Rows are either
 * unsettled (null) or settled for the current windows: settleFunnelFacts forgets other windows first.
 */
export async function funnelTotalsRows(groupBy: FunnelGroupBy, f: FunnelFilter, w: FunnelWindows): Promise<FunnelTotalsRow[]> {
  return (await funnelGroupRows(groupBy, f, w)).map(({ ms, ...g }) => ({ ...g, msToVisitMedian: middle(ms) }));
}

export type FunnelGroupRow = Omit<FunnelTotalsRow, "msToVisitMedian"> & { ms: number[] };

/** Like funnelTotalsRows, with each group's times to the first visit themselves (for medians over groups added up). */
export async function funnelGroupRows(groupBy: FunnelGroupBy, f: FunnelFilter, w: FunnelWindows): Promise<FunnelGroupRow[]> {
  const key = windowsKey(w);
  // The settled sums: an explicit list drives the read (see pickedFrom); otherwise the covering index.
  const where = pickedWhere(f, true);
  // With a list, each id is a primary-key look-up; "+" keeps SQLite from scanning the settled index per id instead.
  const isSettled = f.voicemailIds && DIALECT === "sqlite" ? sql`+v.settled_windows = ${key}` : sql`v.settled_windows = ${key}`;
  const groups = new Map<string | null, { messages: number; visits: number; callbacks: number; meetings: number; ms: number[] }>();
  const group = (k: string | null) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { messages: 0, visits: 0, callbacks: 0, meetings: 0, ms: [] }));
    return g;
  };
  const settled = await sqlAll<{ k: string | null; messages: number; visits: number; callbacks: number; meetings: number }>(sql`
    select ${KEY[groupBy]} as k, count(*) as messages, count(v.settled_visited_at) as visits,
      coalesce(sum(${asInt(sql`v.settled_call_returned`)}), 0) as callbacks, coalesce(sum(${asInt(sql`v.settled_meeting`)}), 0) as meetings
    from ${pickedFrom(f)} where ${isSettled} and ${where} group by 1`);
  for (const r of settled) Object.assign(group(r.k), { messages: r.messages, visits: r.visits, callbacks: r.callbacks, meetings: r.meetings });
  const times = await sqlAll<{ k: string | null; ms: number }>(sql`
    select ${KEY[groupBy]} as k, v.settled_visited_at - v.left_at as ms
    from ${pickedFrom(f)} where ${isSettled} and v.settled_visited_at is not null and ${where}`);
  for (const t of times) group(t.k).ms.push(t.ms);
  const open = await sqlAll<{ k: string | null; l: number; visited_at: number | null; call_returned: number; meeting: number }>(sql`
    with ${factsCte(groupBy, f, w, true, sql`v.settled_windows is null`)}
    select k, l, visited_at, call_returned, meeting from computed`);
  for (const r of open) {
    const g = group(r.k);
    g.messages++;
    if (r.visited_at !== null) {
      g.visits++;
      g.ms.push(r.visited_at - r.l);
    }
    g.callbacks += r.call_returned ? 1 : 0;
    g.meetings += r.meeting ? 1 : 0;
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1))
    .map(([k, g]) => ({ key: k, messages: g.messages, visits: g.visits, callbacks: g.callbacks, meetings: g.meetings, ms: g.ms }));
}

/** The middle value, or the mean of the two middle ones; null for none. */
export function middle(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
