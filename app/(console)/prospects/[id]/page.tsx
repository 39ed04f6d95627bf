import type { Metadata } from "next";
import { spokenPageUrl } from "@/lib/voicemail/spoken";
import { scriptForProspect, timingSettings } from "@/lib/voicemail/scripts";
import { RehearsePanel } from "../../../_components/Rehearse";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { DeleteProspect } from "../../../_components/DeleteProspect";
import { ProspectForm } from "../../../_components/ProspectForm";
import { requireUser } from "@/lib/auth/current";
import { formFromProspect } from "@/lib/prospect-form";
import { prospectFor, publicOrigin } from "@/lib/prospects";
import { playChoices, playFor } from "@/lib/plays/plays";
import { prospectCharts, prospectTimeline, type ProspectCharts } from "@/lib/timeline";
import { displayPhone } from "@/lib/phone";
import { ownerName, pagesHaveCallButton, workspace } from "@/lib/profiles";
import { Field, Form, TextArea } from "../../../_components/Form";
import { LocalTime } from "../../../_components/LocalTime";
import { MuteToggle } from "../../../_components/MuteToggle";
import { NoCallNotice } from "../../../_components/NoCallNotice";
import { OutcomeButtons } from "../../../_components/OutcomeButtons";
import { EnrolProspect } from "../../../_components/CampaignActions";
import { campaignsByName, prospectCampaigns } from "@/lib/campaigns/store";

export const metadata: Metadata = { title: "Prospect" };
export const dynamic = "force-dynamic";

export default async function ProspectDetailPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const user = await requireUser(`/prospects/${encodeURIComponent(id)}`);
  const p = await prospectFor(user, id);
  if (!p) notFound();
  const created = (await searchParams).created;
  // The plays this rep may pick, and the page's own play even when archived (it may stay on it).
  const choices: { id: string; name: string; shared: boolean; archived?: boolean }[] = (await playChoices(user)).map((c) => ({ id: c.id, name: c.name, shared: c.shared }));
  const current = p.playId ? (await playFor(user, p.playId)) : undefined;
  if (current && !choices.some((c) => c.id === current.id)) choices.push({ id: current.id, name: current.name, shared: current.shared, archived: current.archivedAt !== null });
  const timeline = (await prospectTimeline(user, p.id)) ?? [];
  const charts = await prospectCharts(user, p.id);
  const misses = timeline.filter((t) => t.type === "visit" && t.kind === "miss");
  const h = await headers();
  const origin = await publicOrigin(`http://${h.get("host") ?? "localhost"}`);
  const host = origin.replace(/^https?:\/\//, "");
  const spoken = spokenPageUrl(host, p.slug, (await workspace()).spokenDash);
  const noCall = !(await pagesHaveCallButton(p.ownerId));
  const suggested = await scriptForProspect(user, p.id, undefined, origin);
  const script = typeof suggested === "object" ? suggested : undefined;
  return (
    <>
      {noCall && <NoCallNotice viewer={user} ownerName={p.ownerId === user.id ? undefined : (await ownerName(p.ownerId))} />}
      <section className="card">
        {created && <p className="notice" role="status">The page is live.</p>}
        <div className="card-head">
          <h1>
            {p.firstName} {p.lastName}
          </h1>
          <a className="button" href={`/${p.slug}`} target="_blank" rel="noopener">
            Open page
          </a>
        </div>
        {p.company && <p className="muted">{p.company}</p>}
        <p>
          Address: <code data-testid="page-url">{host}/{p.slug}</code>
        </p>
        {current && (
          <p>
            Play: <a href={`/plays/${current.id}`}>{current.name}</a> <span className="muted small">· version {current.version}; what you fill in below overrides it for {p.firstName}</span>
          </p>
        )}
        <p>
          Say: <q>…I recorded something for you at {spoken}.</q>
        </p>
      </section>
      <section className="card">
        <h2>After the call</h2>
        <div className="prospect-actions">
          {p.phone && (
            <a className="button primary" href={`tel:${p.phone}`}>
              Call {displayPhone(p.phone)}
            </a>
          )}
          <MuteToggle prospectId={p.id} muted={p.mutedAt !== null} />
        </div>
        <div className="after-call">
          <p className="small muted">How did the call go? One click logs it and sets the next follow-up.</p>
          <OutcomeButtons prospectId={p.id} name={`${p.firstName} ${p.lastName}`.trim()} />
        </div>
        <Form action={`/api/console/prospects/${encodeURIComponent(p.id)}/outcomes`} submitLabel="Add note" resetOnSuccess className="form note-form">
          <input type="hidden" name="kind" value="note" />
          <TextArea name="note" label="Note" required rows={2} maxLength={2000} placeholder="What you talked about, what to say next time" />
        </Form>
      </section>
      {script && (
        <section className="card stack" data-testid="suggested-script">
          <div className="card-head">
            <h2>What to say</h2>
            <a className="button small" href="/scripts">
              Scripts
            </a>
          </div>
          <p className="small muted">
            {script.script.name} — about <strong>{script.rendered.seconds} s</strong> ({script.rendered.window.min}–{script.rendered.window.max} s is the aim)
          </p>
          <blockquote className="script-words">{script.rendered.text}</blockquote>
          {script.rendered.hints.length > 0 && (
            <ul className="hints" aria-label="Hints">
              {script.rendered.hints.map((h) => (
                <li key={h.code}>{h.message}</li>
              ))}
            </ul>
          )}
          <RehearsePanel text={script.rendered.text} estimate={script.rendered.seconds} window={script.rendered.window} wpm={timingSettings().wpm} keep={{ prospectId: p.id, scriptId: script.script.id }} />
        </section>
      )}
      <section className="card">
        <h2>Log a voicemail</h2>
        <p className="small muted">The exact words you left, so a returned call is never a surprise. They show in the message log and in “Who's calling?”.</p>
        <Form action={`/api/console/prospects/${encodeURIComponent(p.id)}/voicemails`} submitLabel="Log voicemail" successMessage="Logged." className="form vm-form">
          {script && <input type="hidden" name="scriptId" value={script.script.id} />}
          <TextArea name="text" label="What you said" rows={3} maxLength={4000} defaultValue={script?.rendered.text ?? `…I recorded something for you at ${spoken}.`} />
          <div className="grid2">
            <Field name="seconds" label="Length (seconds)" type="number" placeholder="e.g. 28" />
            <Field name="note" label="Note" maxLength={2000} placeholder="Optional" />
          </div>
        </Form>
      </section>
      <section className="card stack" data-testid="prospect-campaigns">
        <h2>Campaigns</h2>
        {((await prospectCampaigns(user, p.id)) ?? []).map((c) => (
          <p key={c.campaignId}>
            <a href={`/campaigns/${encodeURIComponent(c.campaignId)}`}>{c.name}</a> <span className="badge">{c.statusLabel}</span> {c.next}
            {c.nextDueAt && (
              <span className="muted small">
                {" "}
                · due <LocalTime ms={c.nextDueAt} />
              </span>
            )}
          </p>
        ))}
        <EnrolProspect prospectId={p.id} campaigns={(await campaignsByName(user)).map((c) => ({ id: c.id, name: c.name }))} />
      </section>
      <section className="card">
        <h2>Visits and video</h2>
        <Charts charts={charts} />
      </section>
      <section className="card">
        <h2>Timeline</h2>
        {timeline.length === 0 ? (
          <p className="muted">Nothing yet. Visits, link previews and near-miss addresses show up here the moment they happen.</p>
        ) : (
          <ol className="timeline" data-testid="timeline">
            {timeline.map((t) => (
              <li key={t.id} className={`timeline-item ${t.type === "visit" ? (t.kind === "human" ? "human" : `other ${t.kind}`) : t.type}`}>
                <div className="timeline-title">{t.title}</div>
                {t.type === "voicemail" && t.text && <q className="vm-words">{t.text}</q>}
                {t.type === "voicemail" && t.recording && <audio controls preload="none" src={`/api/console/voicemails/${encodeURIComponent(t.id)}/recording`} aria-label="Recording of this message" />}
                {t.type !== "visit" && t.note && <div className="note-text">{t.note}</div>}
                <div className="muted small">
                  <LocalTime ms={t.at} />
                  {t.detail ? ` · ${t.detail}` : ""}
                </div>
              </li>
            ))}
          </ol>
        )}
        {misses.length > 0 && (
          <p className="muted small">
            {misses.length} near-miss address{misses.length === 1 ? "" : "es"} close to this name: people who may have meant this page.
          </p>
        )}
      </section>
      <section className="card">
        <h2>Edit</h2>
        <ProspectForm mode="edit" prospectId={p.id} values={formFromProspect(p)} host={host} plays={choices} />
      </section>
      <section className="card">
        <h2>Delete</h2>
        <DeleteProspect id={p.id} name={p.firstName} />
      </section>
    </>
  );
}

function Charts({ charts }: { charts: ProspectCharts }) {
  const max = Math.max(1, ...charts.days.map((d) => d.visits));
  const w = 300;
  const h = 90;
  const bw = w / charts.days.length;
  const plays = Math.max(1, charts.visits);
  return (
    <div className="charts">
      <figure>
        <figcaption className="small muted">Visits per day, last 30 days ({charts.days.reduce((s, d) => s + d.visits, 0)})</figcaption>
        <svg className="chart" viewBox={`0 0 ${w} ${h + 14}`} role="img" aria-label={`Visits per day over the last 30 days, at most ${max} a day`}>
          {charts.days.map((d, i) => {
            const bh = d.visits === 0 ? 2 : Math.max(4, (d.visits / max) * h);
            return (
              <rect key={d.start} className={`bar${d.visits === 0 ? " zero" : ""}`} x={i * bw + 1} y={h - bh} width={bw - 2} height={bh} rx="1.5">
                <title>{`${new Date(d.start + 12 * 3_600_000).toISOString().slice(0, 10)}: ${d.visits} visit${d.visits === 1 ? "" : "s"}`}</title>
              </rect>
            );
          })}
          <text x="0" y={h + 12}>30 days ago</text>
          <text x={w} y={h + 12} textAnchor="end">
            today
          </text>
        </svg>
      </figure>
      <figure>
        <figcaption className="small muted">Demo video, of {charts.visits} visit{charts.visits === 1 ? "" : "s"}</figcaption>
        <ol className="funnel">
          {charts.video.map((v) => (
            <li key={v.label}>
              <span>{v.label}</span>
              <span className="funnel-bar" aria-hidden="true">
                <span style={{ width: `${Math.round((v.visits / plays) * 100)}%` }} />
              </span>
              <span className="small">{v.visits}</span>
            </li>
          ))}
        </ol>
      </figure>
    </div>
  );
}
