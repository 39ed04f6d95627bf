import type { Metadata } from "next";
import { errorMessage } from "../_components/messages";
import { LocalTime } from "../_components/LocalTime";
import { OutcomeButtons } from "../_components/OutcomeButtons";
import { NoCallNotice } from "../_components/NoCallNotice";
import { QueueLive } from "../_components/QueueLive";
import { RelativeTime } from "../_components/RelativeTime";
import { requireUser } from "@/lib/auth/current";
import { pagesHaveCallButton } from "@/lib/profiles";
import { displayPhone } from "@/lib/phone";
import { OUTCOMES, type OutcomeKind } from "@/lib/outcome-rules";
import { callbackQueue, QUEUE_LIMIT, TIERS, type QueueRow } from "@/lib/queue";

export const metadata: Metadata = { title: "Call-back queue" };
export const dynamic = "force-dynamic";


function Row({ r }: { r: QueueRow }) {
  return (
    <li className={`queue-row tier-${r.tier}`} data-testid="queue-row" data-prospect={r.prospectId} data-tier={r.tier}>
      <div className="queue-main">
        <div className="queue-who">
          <a className="queue-name" href={`/prospects/${encodeURIComponent(r.prospectId)}`}>
            {r.name}
          </a>
          {r.company && <span className="muted"> · {r.company}</span>}
          {!r.ownedByMe && <span className="badge">{r.ownerName}</span>}
          {r.muted && <span className="badge">Muted</span>}
        </div>
        <div className="queue-did">
          {r.tier === "now" && <span className="live-dot" aria-hidden="true" />}
          {r.didWhat ? <span>{r.didWhat[0].toUpperCase() + r.didWhat.slice(1)}</span> : <span className="muted">No visit yet</span>}
          {r.lastSeenAt && (
            <span className="muted">
              {" "}
              · <RelativeTime ms={r.lastSeenAt} />
            </span>
          )}
        </div>
        {r.touch && (
          <div className="queue-touch small" data-testid="queue-touch">
            <span className="badge">{r.touch.campaignName}</span> {r.touch.label}
          </div>
        )}
        <div className="queue-meta muted small">
          {r.lastVoicemailAt && (
            <span>
              Voicemail left <LocalTime ms={r.lastVoicemailAt} />
            </span>
          )}
          {r.lastOutcome && r.lastOutcome !== "voicemail" && r.lastOutcomeAt && (
            <span>
              {OUTCOMES[r.lastOutcome as OutcomeKind]?.label ?? r.lastOutcome} <LocalTime ms={r.lastOutcomeAt} />
            </span>
          )}
          {r.followUpAt && (
            <span>
              Follow up <LocalTime ms={r.followUpAt} />
            </span>
          )}
        </div>
        <details className="score">
          <summary>
            <span className="score-value" data-testid="score">{r.score}</span> engagement · why?
          </summary>
          <ul>
            {r.reasons.length === 0 && <li>No signals yet.</li>}
            {r.reasons.map((x) => (
              <li key={x.label}>
                {x.label} <span className="muted">+{x.points}</span>
              </li>
            ))}
          </ul>
        </details>
      </div>
      <div className="queue-side">
        {r.phone ? (
          <a className="button primary call" href={`tel:${r.phone}`}>
            Call {displayPhone(r.phone)}
          </a>
        ) : r.email ? (
          <a className="button" href={`mailto:${r.email}`}>
            E-mail
          </a>
        ) : (
          <span className="muted small">No phone on file</span>
        )}
        <OutcomeButtons prospectId={r.prospectId} name={r.name} />
      </div>
    </li>
  );
}

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/");
  const params = await searchParams;
  const error = errorMessage(params.error);
  const rows = await callbackQueue(user);
  return (
    <>
      <QueueLive />
      {params.welcome && (
        <div className="card notice" role="status">
          <strong>Welcome to Ringback, {user.name}.</strong> Create a page for someone you are about to call under Prospects; the moment they open it, they show up here.
        </div>
      )}
      {!(await pagesHaveCallButton(user.id)) && <NoCallNotice viewer={user} />}
      {error && <p className="form-error" role="alert">{error}</p>}
      <section className="card">
        <div className="card-head">
          <h1>Call-back queue</h1>
          <div className="row-actions">
            <a className="button" href="/prospects/new">
              New page
            </a>
            {rows.length > 0 && (
              <a className="button primary" href="/call">
                Call them one by one
              </a>
            )}
          </div>
        </div>
        <p className="muted">Who to call now, and what they just looked at. It updates by itself.</p>
        {rows.length === 0 ? (
          <div className="empty" data-testid="queue-empty">
            Nobody to call right now. People show up here the moment they open their page, and on the day a follow-up is due.
          </div>
        ) : (
          TIERS.map((t) => {
            const group = rows.filter((r) => r.tier === t.id);
            if (group.length === 0) return null;
            return (
              <section key={t.id} className="queue-group" aria-labelledby={`tier-${t.id}`}>
                <h2 id={`tier-${t.id}`}>
                  {t.label} <span className="muted">({group.length})</span>
                </h2>
                <ol className="queue">
                  {group.map((r) => (
                    <Row key={r.prospectId} r={r} />
                  ))}
                </ol>
              </section>
            );
          })
        )}
        {rows.length >= QUEUE_LIMIT && <p className="muted small">Showing the first {QUEUE_LIMIT}. Log outcomes to work through the rest.</p>}
      </section>
    </>
  );
}
