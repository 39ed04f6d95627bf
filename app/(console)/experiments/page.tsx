import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/current";
import { armName, coveredReps, experimentsFor, GOALS, KINDS, toApiExperiment } from "@/lib/experiments/experiments";

export const metadata: Metadata = { title: "Experiments" };
export const dynamic = "force-dynamic";

const dateFmt = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export default async function ExperimentsPage() {
  const user = await requireUser("/experiments");
  const rows = await experimentsFor(user);
  // Names and who each covers, read before rendering (the table itself stays synchronous).
  const named = new Map(
    await Promise.all(rows.map(async (e) => [e.id, { arms: (await Promise.all(e.arms.map((a) => armName(e.kind, a)))).join(" · "), reps: await coveredReps(e) }] as const)),
  );
  return (
    <section className="card">
      <div className="card-head">
        <h1>Experiments</h1>
        <a className="button primary" href="/experiments/new">
          New experiment
        </a>
      </div>
      <p className="muted">
        Which message works? Compare two to four scripts (or plays) on what counts — a visit, a returned call, a meeting — and let Ringback give the better one to more
        people as the evidence comes in.
      </p>
      {rows.length === 0 ? (
        <div className="empty">
          <p>No experiments yet. Start one with two scripts you already use.</p>
        </div>
      ) : (
        <table className="table responsive" data-testid="experiments">
          <thead>
            <tr>
              <th>Experiment</th>
              <th>Comparing</th>
              <th>Goal</th>
              <th>Who</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => {
              const api = toApiExperiment(e);
              return (
                <tr key={e.id}>
                  <td>
                    <a href={`/experiments/${e.id}`}>
                      <strong>{e.name}</strong>
                    </a>
                  </td>
                  <td>
                    {KINDS[e.kind].label}: {named.get(e.id)!.arms}
                  </td>
                  <td>{GOALS[e.goal].label}</td>
                  <td>{named.get(e.id)!.reps}</td>
                  <td>
                    <span className="badge">{api.status === "running" ? "Running" : api.status === "scheduled" ? "Starts later" : "Stopped"}</span>{" "}
                    <span className="muted small">{dateFmt.format(e.stoppedAt ?? e.startsAt)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
