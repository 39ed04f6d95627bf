/**
 * A prospect's story for the console: visits, previews, bots and near-miss addresses, the rep's
 * outcomes and notes, newest first; and the figures behind its charts.
 */
import { visitStats, listOutcomes } from "../db/queries/queue";
import { listProspectVoicemails } from "../db/queries/voicemails";
import type { UserRow } from "../db/queries/users";
import { startOfLocalDay } from "./alerts/quiet";
import { OUTCOMES, type OutcomeKind } from "./outcome-rules";
import { describeVisit } from "./visits/describe";
import { visitsPage, type ApiVisit } from "./visits/list";

const DAY = 86_400_000;

export type TimelineItem =
  | { type: "visit"; at: number; id: string; kind: ApiVisit["kind"]; title: string; detail: string }
  | { type: "outcome" | "note"; at: number; id: string; title: string; detail: string; note: string | null }
  /** A voicemail left: the exact words, who left it, its length and note. */
  | { type: "voicemail"; at: number; id: string; title: string; detail: string; note: string | null; text: string | null; recording: boolean };

export async function prospectTimeline(user: UserRow, prospectId: string, limit = 100): Promise<TimelineItem[] | undefined> {
  const visits = await visitsPage(user, prospectId, undefined, limit);
  if (!visits) return undefined;
  const items: TimelineItem[] = visits.data.map((v) => ({ type: "visit", at: Date.parse(v.startedAt), id: v.id, kind: v.kind, ...describeVisit(v) }));
  for (const v of await listProspectVoicemails(prospectId, undefined, limit)) {
    items.push({
      type: "voicemail",
      at: v.leftAt,
      id: v.id,
      title: `${OUTCOMES.voicemail.label} — logged by ${v.userName}`,
      detail: v.durationSeconds ? `${v.durationSeconds} s` : "",
      note: v.note,
      text: v.text,
      recording: v.recording !== null,
    });
  }
  for (const o of await listOutcomes(prospectId, limit)) {
    // A one-click "Left voicemail" is shown once, as the voicemail it logged (with its words).
    if (o.kind === "voicemail") continue;
    const label = OUTCOMES[o.kind as OutcomeKind]?.label ?? o.kind;
    items.push({
      type: o.kind === "note" ? "note" : "outcome",
      at: o.at,
      id: o.id,
      title: o.kind === "note" ? `Note by ${o.userName}` : `${label} — logged by ${o.userName}`,
      detail: o.kind === "note" ? "" : o.followUpAt ? "Next follow-up set" : "",
      note: o.note,
    });
  }
  return items.sort((a, b) => b.at - a.at).slice(0, limit);
}

export type ProspectCharts = {
  /** Human visits per day for the last 30 days, oldest first, in the rep's zone. */
  days: { start: number; visits: number }[];
  visits: number;
  /** Of all human visits: how many pressed play and reached each milestone. */
  video: { label: string; visits: number }[];
};

export async function prospectCharts(user: UserRow, prospectId: string, now = Date.now()): Promise<ProspectCharts> {
  const today = startOfLocalDay(now, user.timeZone);
  const first = startOfLocalDay(today - 29 * DAY + 3 * 3_600_000, user.timeZone);
  const stats = await visitStats(prospectId, first);
  const days: { start: number; visits: number }[] = [];
  for (let d = first, i = 0; i < 30; i++) {
    days.push({ start: d, visits: 0 });
    d = startOfLocalDay(d + DAY + 3 * 3_600_000, user.timeZone);
  }
  for (const at of stats.starts) {
    for (let i = days.length - 1; i >= 0; i--) {
      if (at >= days[i].start) {
        days[i].visits++;
        break;
      }
    }
  }
  const reached = (p: number) => stats.video.filter((v) => v.percent >= p).reduce((m, v) => Math.max(m, v.n), 0);
  return {
    days,
    visits: stats.visits,
    video: [
      { label: "Pressed play", visits: stats.plays },
      { label: "25%", visits: reached(25) },
      { label: "50%", visits: reached(50) },
      { label: "75%", visits: reached(75) },
      { label: "Watched all", visits: reached(100) },
    ],
  };
}
