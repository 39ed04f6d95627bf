import type { Metadata } from "next";
import { headers } from "next/headers";
import { CallMode } from "@/app/_components/CallMode";
import { requireUser } from "@/lib/auth/current";
import { playChoices } from "@/lib/plays/plays";
import { publicOrigin } from "@/lib/prospects";
import { CALL_LISTS, callList, callListQuerySchema } from "@/lib/voicemail/call-list";
import { scriptsForConsole, timingSettings } from "@/lib/voicemail/scripts";

export const metadata: Metadata = { title: "Call mode" };
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function CallModePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/call");
  const params = await searchParams;
  const query = callListQuerySchema.parse({ list: one(params.list), q: one(params.q) || undefined, play: one(params.play) || undefined });
  const h = await headers();
  const origin = await publicOrigin(`http://${h.get("host") ?? "localhost"}`);
  const { cards, full } = await callList(user, query, origin);
  const list = CALL_LISTS.find((l) => l.id === query.list)!;
  const at = one(params.at);
  const start = Math.max(0, cards.findIndex((c) => c.prospectId === at));
  const scripts = (await scriptsForConsole(user)).map((s) => ({ id: s.id, name: s.name, style: s.style, body: s.body }));
  const plays = (await playChoices(user)).map((p) => ({ id: p.id, name: p.name }));
  const hrefFor = (l: string) => `/call?list=${l}${query.q ? `&q=${encodeURIComponent(query.q)}` : ""}${query.play ? `&play=${encodeURIComponent(query.play)}` : ""}`;
  return (
    <>
      <section className="card call-head">
        <div className="card-head">
          <h1>Call mode</h1>
          <nav className="segmented" aria-label="Which list">
            {CALL_LISTS.map((l) => (
              <a key={l.id} href={hrefFor(l.id)} aria-current={l.id === query.list ? "page" : undefined}>
                {l.label}
              </a>
            ))}
          </nav>
        </div>
        <p className="muted small">{list.hint} One person at a time: call, then one key logs what happened and brings up the next.</p>
        <form className="call-filter" method="get" action="/call" role="search">
          <input type="hidden" name="list" value={query.list} />
          <label className="visually-hidden" htmlFor="call-q">
            Name, company or number
          </label>
          <input id="call-q" name="q" defaultValue={query.q ?? ""} placeholder="Only: a name, company or number" maxLength={100} />
          {plays.length > 0 && (
            <>
              <label className="visually-hidden" htmlFor="call-play">
                Play
              </label>
              <select id="call-play" name="play" defaultValue={query.play ?? ""}>
                <option value="">Any play</option>
                {plays.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </>
          )}
          <button type="submit" className="button small">
            Filter
          </button>
        </form>
      </section>
      {cards.length === 0 ? (
        <section className="card empty" data-testid="call-empty">
          <p>Nobody to call in this list{query.q || query.play ? " with this filter" : ""}.</p>
          <p>
            <a href="/call?list=fresh">Not called yet</a> · <a href="/prospects/import">Import a call list</a> · <a href="/">Back to the queue</a>
          </p>
        </section>
      ) : (
        <CallMode key={`${query.list}:${query.q ?? ""}:${query.play ?? ""}`} cards={cards} start={start} scripts={scripts} timing={timingSettings()} listLabel={list.label} full={full} />
      )}
    </>
  );
}
