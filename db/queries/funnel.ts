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
 * SQLite-specific on the way to PostgreSQL: json_each and ->> (jsonb_array_elements_text, ->>),
 * scalar min()/max() (least/greatest), booleans as 0/1 with | and <<, `is` for null-safe equality.
 */
import { sql, type SQL } from "drizzle-orm";
import { getDb } from "../index";

export type FunnelGroupBy = "script" | "play" | "user" | "all";

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
};

/** The windows in milliseconds: reply (visit, returned call) and meeting. */
export type FunnelWindows = { visitMs: number; meetingMs: number };

const KEY: Record<FunnelGroupBy, SQL> = {
  script: sql`v.script_id`,
  play: sql`v.play_id`,
  user: sql`v.user_id`,
  all: sql`null`,
};

// A list as one bound JSON parameter: any length, one prepared shape, no SQLite variable limit.
const inList = (column: SQL, ids: string[]) => sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;

function pickedWhere(f: FunnelFilter): SQL {
  const conds: SQL[] = [];
  if (f.userIds) conds.push(inList(sql`v.user_id`, f.userIds));
  if (f.scriptIds) conds.push(inList(sql`v.script_id`, f.scriptIds));
  if (f.playIds) conds.push(inList(sql`v.play_id`, f.playIds));
  if (f.voicemailIds) conds.push(inList(sql`v.id`, f.voicemailIds));
  if (f.prospectIds) conds.push(inList(sql`v.prospect_id`, f.prospectIds));
  if (f.from !== undefined) conds.push(sql`v.left_at >= ${f.from}`);
  if (f.to !== undefined) conds.push(sql`v.left_at < ${f.to}`);
  return conds.length ? sql.join(conds, sql` and `) : sql`1`;
}

/**
 * `facts(id, k, l, visited_at, call_returned, meeting)` for the picked voicemails. The next voicemail
 * is looked for among all of the prospect's, picked or not: filters choose what is counted, never
 * what a window is.
 */
function factsCte(groupBy: FunnelGroupBy, f: FunnelFilter, w: FunnelWindows): SQL {
  const v = w.visitMs;
  const m = w.meetingMs;
  return sql`
    picked as (
      select v.id, v.prospect_id as p, v.left_at as l, ${KEY[groupBy]} as k
      from voicemails v
      where ${pickedWhere(f)}
    ),
    nexts as materialized (
      select id, p, l, k,
        coalesce(
          (select n.left_at from voicemails n
           where n.prospect_id = picked.p and n.left_at >= picked.l and (n.left_at > picked.l or n.id > picked.id)
           order by n.left_at limit 1),
          l + max(${v}, ${m})) as nx
      from picked
    ),
    bounds as (
      select id, p, l, k, min(l + ${v}, nx) as re, min(l + ${m}, nx) as me from nexts
    ),
    marks as materialized (
      select b.id, b.p, b.l, b.k, b.re,
        (select min(h.started_at) from visits h
         where h.prospect_id = b.p and h.started_at >= b.l and h.started_at < b.re and h.kind = 'human') as visited_at,
        -- One pass over the outcomes in the meeting window (it holds the reply window): bit 1 a
        -- returned call, 2 a reach, both in the reply window; 4 a meeting.
        (select max(o.kind = 'called_back' and o.at < b.re) | (max(o.kind = 'reached' and o.at < b.re) << 1) | (max(o.kind = 'meeting') << 2)
         from outcomes o
         where o.prospect_id = b.p and o.at >= b.l and o.at < b.me) as bits
      from bounds b
    ),
    facts as materialized (
      select m.id, m.k, m.l, m.visited_at,
        coalesce(m.bits & 1, 0) > 0
          -- Call tapped, then reached: looked for only when a reach is in the window at all.
          or (coalesce(m.bits & 2, 0) > 0 and exists (
                select 1 from visits h join visit_events e on e.visit_id = h.id and e.type = 'cta_click'
                where h.prospect_id = m.p and h.started_at >= m.l and h.started_at < m.re and h.kind = 'human'
                  and e.at >= m.l and e.at < m.re and json_valid(e.data) and e.data ->> '$.cta' = 'call'
                  and exists (select 1 from outcomes o
                              where o.prospect_id = m.p and o.at >= e.at and o.at < m.re and o.kind = 'reached'))) as call_returned,
        coalesce(m.bits & 4, 0) > 0 as meeting
      from marks m
    )`;
}

export type FunnelFactRow = { voicemailId: string; leftAt: number; visitedAt: number | null; callReturned: boolean; meeting: boolean };

/** Each picked voicemail's facts, by (leftAt, id). */
export function funnelFactRows(f: FunnelFilter, w: FunnelWindows): FunnelFactRow[] {
  const rows = getDb().all<{ id: string; l: number; visited_at: number | null; call_returned: number; meeting: number }>(
    sql`with ${factsCte("all", f, w)} select id, l, visited_at, call_returned, meeting from facts order by l, id`,
  );
  return rows.map((r) => ({ voicemailId: r.id, leftAt: r.l, visitedAt: r.visited_at, callReturned: r.call_returned === 1, meeting: r.meeting === 1 }));
}

export type FunnelTotalsRow = { key: string | null; messages: number; visits: number; callbacks: number; meetings: number; msToVisitMedian: number | null };

/** Totals per group, with the median time to the first visit (the middle one, or the mean of the two middle ones). */
export function funnelTotalsRows(groupBy: FunnelGroupBy, f: FunnelFilter, w: FunnelWindows): FunnelTotalsRow[] {
  const rows = getDb().all<{ k: string | null; messages: number; visits: number; callbacks: number; meetings: number; median: number | null }>(sql`
    with ${factsCte(groupBy, f, w)},
    ranked as (
      select k, visited_at - l as ms,
        row_number() over (partition by k order by visited_at - l) as rn,
        count(*) over (partition by k) as n
      from facts where visited_at is not null
    ),
    medians as materialized (
      select k, avg(ms) as median from ranked where rn in ((n + 1) / 2, (n + 2) / 2) group by k
    ),
    totals as materialized (
      select k, count(*) as messages, count(visited_at) as visits, sum(call_returned) as callbacks, sum(meeting) as meetings
      from facts group by k
    )
    select t.k, t.messages, t.visits, t.callbacks, t.meetings, m.median
    from totals t left join medians m on m.k is t.k
    order by t.k`);
  return rows.map((r) => ({ key: r.k, messages: r.messages, visits: r.visits, callbacks: r.callbacks, meetings: r.meetings, msToVisitMedian: r.median }));
}
