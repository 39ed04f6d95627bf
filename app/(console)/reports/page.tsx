import type { Metadata } from "next";
import { duration, pct } from "@/app/_components/numbers";
import { requireAdmin } from "@/lib/auth/current";
import { funnelOptions } from "@/lib/experiments/funnel";
import { reportQuerySchema, teamReport, type ReportRow } from "@/lib/experiments/team-report";
import type { RateInterval } from "@/lib/experiments/stats";

export const metadata: Metadata = { title: "Team report" };
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : undefined);
function Rate({ r }: { r: RateInterval }) {
  return (
    <>
      <strong>{pct(r.rate)}</strong> <span className="muted small">({pct(r.low)}–{pct(r.high)})</span>
    </>
  );
}

function Table({ rows, first, testId }: { rows: ReportRow[]; first: string; testId: string }) {
  if (rows.length === 0) return <p className="muted">No messages logged in this period.</p>;
  return (
    <table className="table responsive" data-testid={testId}>
      <thead>
        <tr>
          <th>{first}</th>
          <th>Messages</th>
          <th>Visit rate (95% interval)</th>
          <th>Call-back rate</th>
          <th>Meetings</th>
          <th>Median time to visit</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key ?? "none"}>
            <td>
              <strong>{r.name}</strong>
            </td>
            <td data-label="Messages">{r.messages}</td>
            <td data-label="Visit rate">
              <Rate r={r.visitRate} />
            </td>
            <td data-label="Call-back rate">
              <Rate r={r.callbackRate} />
            </td>
            <td data-label="Meetings">
              {r.meetings} <span className="muted small">({pct(r.meetingRate.rate)})</span>
            </td>
            <td data-label="Median time to visit">{duration(r.medianMsToVisit)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** For admins: the funnel per rep and per script over a period, with intervals, and CSV. */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireAdmin("/reports");
  const params = await searchParams;
  const q = reportQuerySchema.safeParse({ from: one(params.from), to: one(params.to) });
  const report = await teamReport(user, q.success ? q.data : {});
  const days = funnelOptions();
  const csv = (by: string) => `/api/console/reports/export?${new URLSearchParams({ from: report.from, to: report.to, by })}`;
  return (
    <>
      <section className="card stack">
        <h1>Team report</h1>
        <p className="muted">
          Voicemail left → page visited → call returned → meeting, per rep and per script. A visit or a returned call counts for a message within {days.visitWithinDays} days,
          a meeting within {days.meetingWithinDays}; the range after each rate is where the true rate very likely (95%) lies — wide ranges mean too few messages to tell.
        </p>
        <form className="message-log-filters" method="get" action="/reports">
          <label>
            From
            <input type="date" name="from" defaultValue={report.from} />
          </label>
          <label>
            To
            <input type="date" name="to" defaultValue={report.to} />
          </label>
          <button type="submit" className="button">
            Show
          </button>
        </form>
        {!q.success && (
          <p className="form-error" role="alert">
            {q.error.issues[0]?.message} Showing the last 30 days.
          </p>
        )}
        <p data-testid="report-total">
          <strong>{report.total.messages}</strong> messages from {report.from} to {report.to}: visit rate <Rate r={report.total.visitRate} />, call-back rate{" "}
          <Rate r={report.total.callbackRate} />, {report.total.meetings} meetings.
        </p>
      </section>
      <section className="card">
        <div className="card-head">
          <h2>Per rep</h2>
          <a className="button small" href={csv("rep")} download>
            Export CSV
          </a>
        </div>
        <Table rows={report.byRep} first="Rep" testId="report-reps" />
      </section>
      <section className="card">
        <div className="card-head">
          <h2>Per script</h2>
          <a className="button small" href={csv("script")} download>
            Export CSV
          </a>
        </div>
        <Table rows={report.byScript} first="Script" testId="report-scripts" />
      </section>
    </>
  );
}
