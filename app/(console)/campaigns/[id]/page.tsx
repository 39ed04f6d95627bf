import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CampaignActions, EnrolPeople, HoldCampaign, TakeOut } from "@/app/_components/CampaignActions";
import { LocalTime } from "@/app/_components/LocalTime";
import { requireUser } from "@/lib/auth/current";
import { campaignReport, describePlan, ENROL_FILTERS, PEOPLE_LIMIT, VISIT_WINDOW_DAYS } from "@/lib/campaigns/store";
import { canEdit } from "@/lib/ownership";
import { playChoices } from "@/lib/plays/plays";
import { previewProspects } from "@/lib/voicemail/scripts";

export const metadata: Metadata = { title: "Campaign" };
export const dynamic = "force-dynamic";

const pct = (n: number, of: number) => (of > 0 ? `${Math.round((100 * n) / of)}%` : "—");

export default async function CampaignPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const user = await requireUser(`/campaigns/${encodeURIComponent(id)}`);
  const report = await campaignReport(user, id);
  if (!report) notFound();
  const search = await searchParams;
  const { campaign: c, counts, steps, people, windows } = report;
  const editable = canEdit(user, c);
  const mine = user.role === "admin" ? "everyone's" : "your";
  return (
    <>
      <section className="card">
        <div className="card-head">
          <h1>{c.name}</h1>
          {editable && <CampaignActions id={c.id} name={c.name} archived={c.archivedAt !== null} />}
        </div>
        {search.created && <p className="notice" role="status">The campaign is saved. Enrol people below: their first touch shows up in your queue and call mode on its day.</p>}
        <p className="muted">
          {describePlan(c.steps)} · {c.shared ? "Shared with the workspace" : "Private"}
          {c.archivedAt !== null ? " · Archived: nobody new is enrolled" : ""}
        </p>
        <dl className="campaign-counts" data-testid="campaign-counts">
          {(
            [
              ["enrolled", "Enrolled"],
              ["active", "Active"],
              ["paused", "Paused"],
              ["finished", "Finished"],
              ["stopped", "Stopped"],
            ] as const
          ).map(([k, label]) => (
            <div key={k} data-count={k}>
              <dt>{label}</dt>
              <dd>{counts[k]}</dd>
            </div>
          ))}
        </dl>
        <p className="muted small">Counts and people are {mine} people in this campaign.</p>
      </section>

      <section className="card" aria-labelledby="steps-title">
        <h2 id="steps-title">Touch by touch</h2>
        <p className="muted small">
          For each touch made: how many were followed by a visit to the page within {VISIT_WINDOW_DAYS} days. For voicemail touches, the funnel of the messages left: the page
          visited (within {windows.visitDays} days, before the next message), the call returned, and a meeting within {windows.meetingDays} days — the same definition as every
          report.
        </p>
        <table className="table responsive" data-testid="campaign-steps">
          <thead>
            <tr>
              <th>Touch</th>
              <th>Day</th>
              <th>Made</th>
              <th>Visit within {VISIT_WINDOW_DAYS} days</th>
              <th>Messages → visited → called back → meeting</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => (
              <tr key={s.index}>
                <td>{s.label}</td>
                <td data-label="Day">{s.day}</td>
                <td data-label="Made">{s.touches}</td>
                <td data-label={`Visit within ${VISIT_WINDOW_DAYS} days`}>
                  {s.visitedWithin} <span className="muted small">({pct(s.visitedWithin, s.touches)})</span>
                </td>
                <td data-label="Funnel">
                  {s.funnel ? (
                    <>
                      {s.funnel.messages} → {s.funnel.visits} <span className="muted small">({pct(s.funnel.visits, s.funnel.messages)})</span> → {s.funnel.callbacks} → {s.funnel.meetings}
                    </>
                  ) : (
                    <span className="muted">{s.kind === "voicemail" ? "No messages yet" : "—"}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {c.archivedAt === null && (
        <section className="card" aria-labelledby="enrol-title">
          <h2 id="enrol-title">Enrol people</h2>
          <p className="muted small">People already in the campaign are skipped; someone whose campaign ended starts again from the first touch.</p>
          <EnrolPeople
            campaignId={c.id}
            filters={Object.entries(ENROL_FILTERS).map(([k, v]) => ({ id: k, label: v.label }))}
            plays={(await playChoices(user)).map((p) => ({ id: p.id, name: p.name }))}
            prospects={(await previewProspects(user)).choices}
          />
        </section>
      )}

      <section className="card" aria-labelledby="people-title">
        <h2 id="people-title">People</h2>
        {people.length === 0 ? (
          <div className="empty">Nobody enrolled yet.</div>
        ) : (
          <table className="table responsive" data-testid="campaign-people">
            <thead>
              <tr>
                <th>Who</th>
                <th>Status</th>
                <th>Next touch</th>
                <th>Due</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.prospectId} data-testid="campaign-person" data-status={p.status}>
                  <td>
                    <a href={`/prospects/${encodeURIComponent(p.prospectId)}`}>{p.name}</a>
                    {p.company && <span className="muted"> · {p.company}</span>}
                  </td>
                  <td data-label="Status">
                    <span className="badge">{p.statusLabel}</span>
                  </td>
                  <td data-label="Next touch">{p.next}</td>
                  <td data-label="Due">{p.nextDueAt ? <LocalTime ms={p.nextDueAt} /> : <span className="muted">—</span>}</td>
                  <td>
                    {(p.status === "active" || p.status === "paused") && (
                      <span className="row-actions">
                        <HoldCampaign campaignId={c.id} prospectId={p.prospectId} name={p.name} paused={p.status === "paused"} />
                        <TakeOut campaignId={c.id} prospectId={p.prospectId} name={p.name} />
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {people.length >= PEOPLE_LIMIT && <p className="muted small">Showing the first {PEOPLE_LIMIT} people; the counts above cover everyone.</p>}
      </section>
    </>
  );
}
