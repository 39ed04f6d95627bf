import type { Metadata } from "next";
import { duration, pct } from "@/app/_components/numbers";
import { notFound } from "next/navigation";
import { ARM_COLORS, ChanceOverTime, FunnelChart, IntervalChart } from "@/app/_components/ExperimentCharts";
import { StopExperiment } from "@/app/_components/StopExperiment";
import { requireUser } from "@/lib/auth/current";
import { coveredReps, experimentFor, experimentResults, GOALS, KINDS, toApiExperiment } from "@/lib/experiments/experiments";
import { funnelOptions } from "@/lib/experiments/funnel";

export const metadata: Metadata = { title: "Experiment" };
export const dynamic = "force-dynamic";

/** A chance as people read it: never a flat 0% or 100% for what is only very unlikely or very likely. */
const chance = (x: number) => (x < 0.001 ? "<0.1%" : x > 0.999 ? ">99.9%" : pct(x));
const dateFmt = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/experiments/${encodeURIComponent(id)}`);
  const e = await experimentFor(user, id);
  if (!e) notFound();
  const r = await experimentResults(e);
  const api = toApiExperiment(e);
  const goal = GOALS[e.goal];
  const days = funnelOptions();
  const mayStop = (user.role === "admin" || e.createdBy === user.id) && e.stoppedAt === null;
  const winner = r.arms.find((a) => a.id === r.winner);
  return (
    <>
      <section className="card stack">
        <div className="card-head">
          <h1>{e.name}</h1>
          <div className="row-actions">
            <a className="button" href={`/api/console/experiments/${encodeURIComponent(e.id)}/export`} download>
              Export CSV
            </a>
            {mayStop && <StopExperiment id={e.id} winnerName={winner?.name ?? null} kind={KINDS[e.kind].one} />}
          </div>
        </div>
        <p className="muted">
          <span className="badge">{api.status === "running" ? "Running" : api.status === "scheduled" ? "Starts later" : "Stopped"}</span> {KINDS[e.kind].label}, judged on{" "}
          <strong>{goal.label.toLowerCase()}</strong> · {await coveredReps(e)} · since {dateFmt.format(e.startsAt)}
          {e.stoppedAt ? ` · stopped ${dateFmt.format(e.stoppedAt)}` : ""} · at least {e.minPerArm} messages each before a winner
        </p>
        <p className={`verdict ${r.winner ? "decided" : "open"}`} data-testid="verdict" role="status">
          {e.stoppedAt !== null && e.winnerArmId && winner ? `Stopped. “${winner.name}” won and is now the workspace's default ${KINDS[e.kind].one}.` : r.verdict}
        </p>
        <p className="small muted" data-testid="explainer">
          Each rate is the share of messages followed by {e.goal === "meeting" ? `a meeting within ${days.meetingWithinDays} days` : `${e.goal === "visit" ? "a visit" : "a returned call"} within ${days.visitWithinDays} days`}; the shaded bar is
          where the true rate very likely (95%) lies, and &ldquo;chance to be best&rdquo; is how likely each message truly does better than the others, given what has
          happened so far.
          {r.openMessages > 0 && ` ${r.openMessages} message${r.openMessages === 1 ? " was" : "s were"} left in the last ${days.visitWithinDays} days and may still bring ${goal.noun}.`}
        </p>
      </section>

      <section className="card">
        <h2>Per message</h2>
        <div>
          <table className="table responsive exp-table" data-testid="arms">
            <thead>
              <tr>
                <th>Message</th>
                <th>Left</th>
                <th>Visits</th>
                <th>Calls returned</th>
                <th>Meetings</th>
                <th>{goal.rateLabel[0].toUpperCase() + goal.rateLabel.slice(1)} (95% interval)</th>
                <th>Chance to be best</th>
                <th>Median time to visit</th>
              </tr>
            </thead>
            <tbody>
              {r.arms.map((a, i) => (
                <tr key={a.id} className={a.id === r.winner ? "winner" : undefined} data-arm={a.id}>
                  <td>
                    <span className="arm-swatch" style={{ background: ARM_COLORS[i] }} aria-hidden="true" /> <strong>{a.name}</strong>
                    {a.id === r.winner && <span className="badge ok">Winner</span>}
                  </td>
                  <td data-label="Left">{a.messages}</td>
                  <td data-label="Visits">{a.visits}</td>
                  <td data-label="Calls returned">{a.callbacks}</td>
                  <td data-label="Meetings">{a.meetings}</td>
                  <td data-label={goal.rateLabel[0].toUpperCase() + goal.rateLabel.slice(1)}>
                    <strong>{pct(a.rate)}</strong> <span className="muted small">({pct(a.low)}–{pct(a.high)})</span>
                  </td>
                  <td data-label="Chance to be best" data-testid="chance">
                    {chance(a.chanceBest)}
                  </td>
                  <td data-label="Median time to visit">{duration(a.medianMsToVisit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="grid2">
        <section className="card">
          <h2>The funnel, per message</h2>
          <FunnelChart arms={r.arms} />
        </section>
        <section className="card">
          <h2>{goal.rateLabel[0].toUpperCase() + goal.rateLabel.slice(1)}, with its 95% interval</h2>
          <IntervalChart arms={r.arms} goalLabel={goal.rateLabel} />
          <h2 className="chart-title">Chance to be best, over time</h2>
          <ChanceOverTime arms={r.arms} series={r.series} />
          <p className="small muted">The dashed line is 95%: a message must stay above it, with every message at its minimum, to be declared the winner.</p>
        </section>
      </div>
    </>
  );
}
