/**
 * The team report, for admins: per rep and per script over a chosen period — messages left, visit
 * rate, call-back rate, meetings, median time to the first visit — each rate with its 95% Wilson
 * interval, from the one funnel definition (lib/experiments/funnel.ts). Days are the admin's.
 */
import Papa from "papaparse";
import { z } from "zod";
import { listUsers, type UserRow } from "../../db/queries/users";
import { calendarZone, dateToDay, dayToDate, localDayOf, localHourToUtc } from "../campaigns/calendar";
import { safeCell } from "../imports/export";
import { armName } from "./experiments";
import { addGroups, funnelGroups, type FunnelTotals } from "./funnel";
import { wilson, type RateInterval } from "./stats";

/** The period shown when none is chosen: the last 30 days. */
export const DEFAULT_REPORT_DAYS = 30;

export const reportQuerySchema = z
  .object({
    from: z.iso.date({ error: "Use a date such as 2026-11-01." }).optional(),
    to: z.iso.date({ error: "Use a date such as 2026-11-30." }).optional(),
    by: z.enum(["rep", "script"], { error: "Choose rep or script." }).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "The end must not be before the start." });

export type ReportRow = {
  key: string | null;
  name: string;
  messages: number;
  visits: number;
  visitRate: RateInterval;
  callbacks: number;
  callbackRate: RateInterval;
  meetings: number;
  meetingRate: RateInterval;
  medianMsToVisit: number | null;
};

export type TeamReport = { from: string; to: string; byRep: ReportRow[]; byScript: ReportRow[]; total: ReportRow };

function row(t: FunnelTotals, name: string): ReportRow {
  return {
    key: t.key,
    name,
    messages: t.messages,
    visits: t.visits,
    visitRate: wilson(t.visits, t.messages),
    callbacks: t.callbacks,
    callbackRate: wilson(t.callbacks, t.messages),
    meetings: t.meetings,
    meetingRate: wilson(t.meetings, t.messages),
    medianMsToVisit: t.msToVisitMedian,
  };
}

/** The report for a period (both days inclusive, in the viewer's zone). */
export async function teamReport(viewer: UserRow, query: z.output<typeof reportQuerySchema>, now = Date.now()): Promise<TeamReport> {
  const zone = calendarZone(viewer.timeZone);
  const toDay = query.to ? dateToDay(query.to)! : localDayOf(now, zone);
  const fromDay = query.from ? dateToDay(query.from)! : toDay - (DEFAULT_REPORT_DAYS - 1);
  const [from, to] = [dayToDate(fromDay), dayToDate(toDay)];
  const period = { from: localHourToUtc(fromDay, 0, zone), to: localHourToUtc(toDay + 1, 0, zone) };
  const names = new Map((await listUsers()).map((u) => [u.id, u.name]));
  const byName = (a: ReportRow, b: ReportRow) => b.messages - a.messages || a.name.localeCompare(b.name);
  // One read, per (rep, script), added up three ways.
  const pairs = await funnelGroups("user_script", period);
  const split = (g: { key: string | null }) => (g.key ?? "|").split("|");
  const byRep = addGroups(pairs, (g) => split(g)[0])
    .map((t) => row(t, names.get(t.key ?? "") ?? "A removed rep"))
    .sort(byName);
  const scriptTotals = addGroups(pairs, (g) => split(g)[1] || null);
  const scriptNames = new Map(await Promise.all(scriptTotals.map(async (t) => [t.key, t.key ? await armName("script", t.key) : "No script (the address only)"] as const)));
  const byScript = scriptTotals.map((t) => row(t, scriptNames.get(t.key)!)).sort(byName);
  const all = addGroups(pairs, () => null)[0] ?? { key: null, messages: 0, visits: 0, callbacks: 0, meetings: 0, msToVisitMedian: null };
  return { from, to, byRep, byScript, total: row(all, "Everyone") };
}

const frac = (x: number) => x.toFixed(4);

/** One of the report's tables as CSV (UTF-8 with BOM, CRLF), rates as fractions with their intervals. */
export function teamReportCsv(report: TeamReport, by: "rep" | "script"): string {
  const rows = by === "rep" ? report.byRep : report.byScript;
  const fields = [by === "rep" ? "Rep" : "Script", "From", "To", "Messages", "Visits", "Visit rate", "Visit rate low", "Visit rate high", "Calls returned", "Call-back rate", "Call-back rate low", "Call-back rate high", "Meetings", "Meeting rate", "Median minutes to visit"];
  const data = rows.map((r) =>
    [
      r.name,
      report.from,
      report.to,
      String(r.messages),
      String(r.visits),
      frac(r.visitRate.rate),
      frac(r.visitRate.low),
      frac(r.visitRate.high),
      String(r.callbacks),
      frac(r.callbackRate.rate),
      frac(r.callbackRate.low),
      frac(r.callbackRate.high),
      String(r.meetings),
      frac(r.meetingRate.rate),
      r.medianMsToVisit === null ? "" : String(Math.round(r.medianMsToVisit / 60_000)),
    ].map(safeCell),
  );
  return "\uFEFF" + Papa.unparse({ fields, data }, { newline: "\r\n" });
}
