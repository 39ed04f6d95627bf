import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/current";
import { displayPhone } from "@/lib/phone";
import { messageLog } from "@/lib/voicemails";
import { scriptsForConsole } from "@/lib/voicemail/scripts";
import { LocalTime } from "../../_components/LocalTime";

export const metadata: Metadata = { title: "Message log" };
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

/** Every voicemail left (an admin's: everyone's), newest first, searchable by name, company, number or words. */
export default async function MessageLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/voicemails");
  const params = await searchParams;
  const query = { q: one(params.q), from: one(params.from), to: one(params.to), script: one(params.script), cursor: one(params.cursor) || undefined };
  const { rows, next } = await messageLog(user, query);
  const isAdmin = user.role === "admin";
  const nextHref = next ? `/voicemails?${new URLSearchParams({ ...Object.fromEntries(Object.entries(query).filter(([, v]) => v)), cursor: next } as Record<string, string>)}` : null;
  const scripts = await scriptsForConsole(user);
  const scriptName = new Map(scripts.map((s) => [s.id, s.name]));
  const filtered = Boolean(query.q || query.from || query.to || query.script);
  return (
    <section className="card">
      <div className="card-head">
        <h1>Message log</h1>
      </div>
      <p className="muted small">{isAdmin ? "Every voicemail left in the workspace" : "Every voicemail you left"}, newest first, with the exact words.</p>
      <form className="message-log-filters" method="get" action="/voicemails" role="search">
        <label className="grow">
          Search
          <input type="search" name="q" defaultValue={query.q} placeholder="Name, company, number or words" maxLength={200} />
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={query.from} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={query.to} />
        </label>
        <label>
          Script
          <select name="script" defaultValue={query.script}>
            <option value="">Any script</option>
            {scripts.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
            {query.script && !scriptName.has(query.script) && <option value={query.script}>{query.script}</option>}
          </select>
        </label>
        <button type="submit" className="button">
          Search
        </button>
        {filtered && (
          <a className="button" href="/voicemails">
            Clear
          </a>
        )}
      </form>
      {rows.length === 0 ? (
        <p className="empty muted">{filtered ? "No voicemail matches." : "No voicemails logged yet. Log one from a prospect's page or with one click in the queue."}</p>
      ) : (
        <ol className="vm-list" data-testid="message-log">
          {rows.map((v) => (
            <li key={v.id} className="vm-item">
              <div>
                <a href={`/prospects/${encodeURIComponent(v.prospectId)}`}>
                  <strong>
                    {v.prospect.firstName} {v.prospect.lastName}
                  </strong>
                </a>
                {v.prospect.company && <span className="muted"> · {v.prospect.company}</span>}
                {v.prospect.phone && <span className="muted small"> · {displayPhone(v.prospect.phone)}</span>}
              </div>
              {v.text && <q>{v.text}</q>}
              {v.note && <div className="note-text small">{v.note}</div>}
              {v.recording && <audio controls preload="none" src={`/api/console/voicemails/${encodeURIComponent(v.id)}/recording`} aria-label={`Recording of the message to ${v.prospect.firstName}`} />}
              <div className="muted small">
                <LocalTime ms={v.leftAt} />
                {isAdmin ? ` · by ${v.userName}` : ""}
                {v.durationSeconds ? ` · ${v.durationSeconds} s` : ""}
                {v.scriptId ? ` · ${scriptName.get(v.scriptId) ?? "a deleted script"}` : ""}
              </div>
            </li>
          ))}
        </ol>
      )}
      {(nextHref || query.cursor) && (
        <p className="pager">
          {query.cursor && <a href={`/voicemails?${new URLSearchParams(Object.fromEntries(Object.entries({ ...query, cursor: "" }).filter(([, v]) => v)) as Record<string, string>)}`}>Newest</a>}
          {nextHref && (
            <>
              {query.cursor ? " · " : ""}
              <a href={nextHref}>Older</a>
            </>
          )}
        </p>
      )}
    </section>
  );
}
