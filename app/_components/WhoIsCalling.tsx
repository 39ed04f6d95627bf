"use client";
/**
 * "Who's calling?" in the top bar: paste or type a number in any form (or a name) and see who it is,
 * the last message left (its words, when) and what they did on the page since — with one click to
 * log "They called back". "/" focuses it from anywhere in the console.
 */
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import type { ConsoleLookup } from "@/lib/lookup";
import { RelativeTime } from "./RelativeTime";

type Match = ConsoleLookup["matches"][number];

export function WhoIsCalling() {
  const router = useRouter();
  const listId = useId().replace(/:/g, "");
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [q, setQ] = useState("");
  const [answer, setAnswer] = useState<ConsoleLookup | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [logged, setLogged] = useState<Record<string, string>>({});

  // "/" anywhere (but in a field) jumps to the search; Escape closes it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
      if (e.key === "/" && !typing && !e.metaKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
      if (e.key === "Escape") setOpen(false);
    };
    const onClick = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, []);

  useEffect(() => {
    const text = q.trim();
    if (!text) {
      setAnswer(null);
      return;
    }
    const ctrl = new AbortController();
    const t = setTimeout(async () => {
      try {
        const res = await fetch(`/api/console/lookup?q=${encodeURIComponent(text)}`, { headers: { Accept: "application/json" }, signal: ctrl.signal });
        if (!res.ok) throw new Error(String(res.status));
        setAnswer((await res.json()) as ConsoleLookup);
        setError(null);
        setOpen(true);
      } catch (e) {
        if ((e as Error).name !== "AbortError") setError("Could not search just now.");
      }
    }, 120);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [q]);

  async function calledBack(m: Match) {
    setLogged((l) => ({ ...l, [m.id]: "Saving…" }));
    try {
      const res = await fetch(`/api/console/prospects/${encodeURIComponent(m.id)}/outcomes`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ kind: "called_back" }),
      });
      setLogged((l) => ({ ...l, [m.id]: res.ok ? "Logged: they called back." : "Could not save. Try again." }));
      if (res.ok) router.refresh();
    } catch {
      setLogged((l) => ({ ...l, [m.id]: "Could not reach Ringback." }));
    }
  }

  return (
    <div className="who-is-calling" ref={box}>
      <label htmlFor={`${listId}-q`} className="visually-hidden">
        Who's calling? A phone number or a name
      </label>
      <input
        id={`${listId}-q`}
        ref={input}
        type="search"
        className="who-input"
        placeholder="Who's calling? Number or name  /"
        autoComplete="off"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onFocus={() => answer && setOpen(true)}
        aria-controls={`${listId}-results`}
        aria-expanded={open && Boolean(answer)}
        data-testid="who-is-calling"
      />
      {open && answer && (
        <div className="who-popover" id={`${listId}-results`} role="region" aria-label="Who's calling" data-testid="who-results">
          {error && <p className="form-error small">{error}</p>}
          {answer.matches.length === 0 ? (
            <p className="muted small">{"phone" in (answer.readAs ?? {}) ? "None of your prospects has this number." : "Nobody by that name or company."}</p>
          ) : (
            <ul className="who-list">
              {answer.matches.map((m) => (
                <li key={m.id} className="who-match">
                  <div className="who-head">
                    <a href={`/prospects/${encodeURIComponent(m.id)}`} className="who-name">
                      {m.name}
                    </a>
                    {m.company && <span className="muted"> · {m.company}</span>}
                    {m.phoneDisplay && <span className="muted small who-phone">{m.phoneDisplay}</span>}
                  </div>
                  {m.lastVoicemail ? (
                    <div className="who-message">
                      <div className="small muted">
                        Last message, <RelativeTime ms={m.lastVoicemail.leftAt} />:
                      </div>
                      <q data-testid="who-words">{m.lastVoicemail.text ?? "(no words logged)"}</q>
                    </div>
                  ) : (
                    <div className="small muted">No voicemail logged yet.</div>
                  )}
                  <div className="small who-since">
                    {m.visitsSince > 0 && m.lastVisitAt ? (
                      <>
                        Since then: opened the page {m.visitsSince === 1 ? "once" : `${m.visitsSince} times`}, last <RelativeTime ms={m.lastVisitAt} />
                        {m.sinceWords ? ` — ${m.sinceWords}` : ""}
                      </>
                    ) : m.lastVoicemail ? (
                      "Has not opened the page since."
                    ) : m.lastVisitAt ? (
                      <>
                        Last visit <RelativeTime ms={m.lastVisitAt} />
                      </>
                    ) : (
                      "Has not opened the page."
                    )}
                  </div>
                  <div className="who-actions">
                    <button type="button" className="button small primary" onClick={() => calledBack(m)} disabled={logged[m.id] === "Saving…"}>
                      They called back
                    </button>
                    {logged[m.id] && (
                      <span className="small form-ok" role="status">
                        {logged[m.id]}
                      </span>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
