"use client";
/**
 * Call mode: one person at a time — who they are, what they did on their page, the last message
 * left, the script rendered for them — their number one tap away, and an outcome on one key. "Left
 * voicemail" logs the script and the exact words (and a rehearsed take's length and recording when
 * the rep keeps it); then the next person comes up.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CallCard } from "@/lib/voicemail/call-list";
import { speakingSeconds, timingVerdict } from "@/lib/voicemail/timing";
import { keepRecording, Rehearse, type Take } from "./Rehearse";

type ScriptChoice = { id: string; name: string; style: string; body: string };
type Rendered = { text: string; seconds: number; window: { min: number; max: number }; hints: { code: string; message: string }[] };
type Props = {
  cards: CallCard[];
  start: number;
  scripts: ScriptChoice[];
  timing: { wpm: number; window: { min: number; max: number } };
  listLabel: string;
  full: boolean;
};

/** The outcome buttons of call mode and their keys, in order (rules in lib/outcome-rules.ts). */
const ACTIONS = [
  { kind: "voicemail", label: "Left voicemail", key: "v" },
  { kind: "no_answer", label: "No answer", key: "n" },
  { kind: "reached", label: "Reached", key: "r" },
  { kind: "meeting", label: "Meeting booked", key: "m" },
  { kind: "wrong_number", label: "Wrong number", key: "w" },
  { kind: "not_interested", label: "Not interested", key: "x" },
] as const;
type Kind = (typeof ACTIONS)[number]["kind"];

type Done = { prospectId: string; name: string; kind: Kind | "skipped" | "email"; label: string; detail: string };

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
const ago = (ms: number) => {
  const m = Math.round((Date.now() - ms) / 60_000);
  return m < 1 ? "just now" : m < 60 ? `${m} min ago` : m < 60 * 24 ? `${Math.round(m / 60)} h ago` : when(ms);
};

export function CallMode({ cards, start, scripts, timing, listLabel, full }: Props) {
  const [index, setIndex] = useState(start);
  const [done, setDone] = useState<Done[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const card = cards[index] as CallCard | undefined;
  const [scriptId, setScriptId] = useState(card?.script.id ?? "");
  const [rendered, setRendered] = useState<Rendered | null>(card ? card.script : null);
  const [words, setWords] = useState(card?.script.text ?? "");
  const [note, setNote] = useState("");
  const [rehearsing, setRehearsing] = useState(false);
  const [take, setTake] = useState<Take | null>(null);
  const [keepTake, setKeepTake] = useState(true);
  const heading = useRef<HTMLHeadingElement>(null);

  // A new person: their suggested script, fresh words, no take; focus moves to their name for screen readers.
  useEffect(() => {
    if (!card) return;
    setScriptId(card.script.id);
    setRendered(card.script);
    setWords(card.script.text);
    setNote("");
    setTake(null);
    setRehearsing(false);
    setError("");
    heading.current?.focus();
    const url = new URL(window.location.href);
    url.searchParams.set("at", card.prospectId);
    window.history.replaceState(null, "", url);
  }, [card]);

  async function pickScript(id: string) {
    if (!card) return;
    setScriptId(id);
    const s = scripts.find((x) => x.id === id);
    if (!s) return;
    const res = await fetch("/api/console/scripts/preview", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ prospectId: card.prospectId, body: s.body, style: s.style }) });
    if (!res.ok) return setError("Could not render that script. Try again.");
    const r = (await res.json()) as Rendered;
    setRendered(r);
    setWords(r.text);
  }

  const next = useCallback(() => setIndex((i) => Math.min(cards.length, i + 1)), [cards.length]);
  const back = useCallback(() => setIndex((i) => Math.max(0, i - 1)), []);

  const log = useCallback(
    async (kind: Kind) => {
      if (!card || busy) return;
      setBusy(true);
      setError("");
      const action = ACTIONS.find((a) => a.kind === kind)!;
      const voicemail = kind === "voicemail";
      const body: Record<string, unknown> = { kind };
      if (note.trim()) body.note = note.trim();
      if (voicemail) {
        if (words.trim()) body.text = words.trim();
        if (scriptId) body.scriptId = scriptId;
        if (take && keepTake) body.seconds = Math.min(600, take.seconds);
      }
      try {
        const res = await fetch(`/api/console/prospects/${encodeURIComponent(card.prospectId)}/outcomes`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        const answer = await res.json().catch(() => null);
        if (!res.ok) {
          const fields = answer?.error?.fields ? Object.values(answer.error.fields).join(" ") : "";
          setError(`${answer?.error?.message ?? `Not saved (HTTP ${res.status}).`} ${fields}`.trim());
          return;
        }
        let detail = answer.followUpAt ? `next follow-up ${new Date(answer.followUpAt).toLocaleDateString(undefined, { weekday: "short", month: "short", day: "numeric" })}` : answer.leftQueue ? "out of the queue" : "";
        if (voicemail && take && keepTake && answer.voicemailId) {
          const failed = await keepRecording(answer.voicemailId, take);
          detail += failed ? ` — ${failed}` : detail ? ", recording kept" : "recording kept";
        }
        setDone((d) => [...d, { prospectId: card.prospectId, name: card.name, kind, label: action.label, detail }]);
        next();
      } catch {
        setError("Could not reach Ringback. Check the connection and try again.");
      } finally {
        setBusy(false);
      }
    },
    [card, busy, note, words, scriptId, take, keepTake, next],
  );

  /** The due e-mail touch: sent through SMTP, or opened in the rep's mail app and marked sent. */
  async function sendEmail(via: "smtp" | "mailto") {
    if (!card?.touch || busy) return;
    setBusy(true);
    setError("");
    try {
      const res = await fetch(`/api/console/prospects/${encodeURIComponent(card.prospectId)}/campaign-email`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ enrolmentId: card.touch.enrolmentId, via }) });
      const answer = await res.json().catch(() => null);
      if (!res.ok) {
        setError(answer?.error?.message ?? `Not saved (HTTP ${res.status}).`);
        return;
      }
      setDone((d) => [...d, { prospectId: card.prospectId, name: card.name, kind: "email", label: "E-mail sent", detail: via === "smtp" ? "sent by Ringback" : "from your mail app" }]);
      next();
    } catch {
      setError("Could not reach Ringback. Check the connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  // One key per outcome, j/k or the arrows to move — never while typing in a field.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.metaKey || e.ctrlKey || e.altKey || e.repeat) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
      const key = e.key.toLowerCase();
      const action = ACTIONS.find((a) => a.key === key);
      if (action) {
        e.preventDefault();
        void log(action.kind);
      } else if (key === "j" || key === "arrowright") {
        e.preventDefault();
        next();
      } else if (key === "k" || key === "arrowleft") {
        e.preventDefault();
        back();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [log, next, back]);

  const tally = useMemo(() => {
    const m = new Map<string, number>();
    for (const d of done) m.set(d.label, (m.get(d.label) ?? 0) + 1);
    return [...m.entries()];
  }, [done]);

  if (!card) {
    return (
      <section className="card stack" data-testid="call-finished">
        <h2>That&rsquo;s the list</h2>
        <p>
          {done.length === 0 ? "Nobody was logged." : `You logged ${done.length} ${done.length === 1 ? "call" : "calls"}: `}
          {tally.map(([label, n], i) => (
            <span key={label}>
              {i > 0 ? ", " : ""}
              {n} × {label.toLowerCase()}
            </span>
          ))}
          {done.length > 0 ? "." : ""}
        </p>
        {full && <p className="muted small">The list stopped at {cards.length} people; start again for the rest.</p>}
        <p className="row-actions">
          <a className="button primary" href="/call">
            Start again from the queue
          </a>
          <a className="button" href="/voicemails">
            The message log
          </a>
          <button type="button" className="button" onClick={back}>
            Back to the last person
          </button>
        </p>
        <DoneList done={done} />
      </section>
    );
  }

  // The time of the words as they stand (the rep may have changed them), at the rep's pace.
  const seconds = speakingSeconds(words, timing.wpm);
  const verdict = timingVerdict(seconds, timing.window);
  return (
    <>
      <section className="card call-card" data-testid="call-card" data-prospect={card.prospectId} aria-labelledby="call-who">
        <div className="call-progress">
          <span className="badge">
            {listLabel}: {index + 1} of {cards.length}
            {full ? "+" : ""}
          </span>
          {card.standing !== listLabel && <span className="badge">{card.standing}</span>}
          {card.ownerName && <span className="badge">{card.ownerName}</span>}
        </div>
        {card.touch && (
          <p className="call-touch" data-testid="call-touch">
            <span className="badge">{card.touch.campaignName}</span> <strong>{card.touch.label}</strong>
            {card.touch.kind !== "email" && <span className="muted small"> · the outcome buttons make this touch</span>}
          </p>
        )}
        <h2 id="call-who" className="call-name" tabIndex={-1} ref={heading}>
          {card.name}
          {card.company && <span className="muted"> · {card.company}</span>}
        </h2>
        <div className="call-dial">
          {card.phone ? (
            <a className="button primary call" href={`tel:${card.phone}`} data-testid="call-tel">
              Call {card.phoneDisplay}
            </a>
          ) : (
            <span className="muted">No phone on file{card.email ? "" : " and no e-mail"}.</span>
          )}
          {card.email && (
            <a className="button" href={`mailto:${card.email}`}>
              E-mail
            </a>
          )}
          <a className="button" href={`/prospects/${encodeURIComponent(card.prospectId)}`} target="_blank" rel="noopener">
            Details
          </a>
        </div>
        <dl className="call-facts">
          <div>
            <dt>On their page</dt>
            <dd data-testid="call-did">
              {card.didWhat ? (
                <>
                  {card.didWhat[0].toUpperCase() + card.didWhat.slice(1)}
                  {card.lastSeenAt && <span className="muted"> · {ago(card.lastSeenAt)}</span>}
                </>
              ) : (
                <span className="muted">No visit yet ({card.pageAddress})</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Last message</dt>
            <dd data-testid="call-last-message">
              {card.lastVoicemail ? (
                <>
                  <q className="vm-words">{card.lastVoicemail.text}</q>
                  <div className="muted small">
                    {when(card.lastVoicemail.leftAt)}
                    {card.lastVoicemail.scriptName ? ` · ${card.lastVoicemail.scriptName}` : ""}
                    {card.lastVoicemail.seconds ? ` · ${card.lastVoicemail.seconds} s` : ""}
                  </div>
                </>
              ) : (
                <span className="muted">None left yet</span>
              )}
            </dd>
          </div>
          {card.lastOutcome && (
            <div>
              <dt>Last call</dt>
              <dd>
                {card.lastOutcome.label} <span className="muted">· {when(card.lastOutcome.at)}</span>
              </dd>
            </div>
          )}
        </dl>
      </section>

      {card.touch?.email && (
        <section className="card stack call-email" aria-labelledby="call-email-title" data-testid="call-email">
          <h2 id="call-email-title">E-mail touch{card.touch.email.to ? ` to ${card.touch.email.to}` : ""}</h2>
          <p>
            <strong>{card.touch.email.subject}</strong>
          </p>
          <pre className="call-email-body">{card.touch.email.body}</pre>
          {!card.touch.email.to && <p className="muted small">No e-mail address on file: add one on the prospect&rsquo;s page, or skip this person.</p>}
          <div className="row-actions">
            {card.touch.email.canSend && (
              <button type="button" className="button primary" disabled={busy} onClick={() => void sendEmail("smtp")}>
                Send
              </button>
            )}
            {card.touch.email.mailto && (
              <a className="button" href={card.touch.email.mailto}>
                Open in my mail app
              </a>
            )}
            {card.touch.email.to && (
              <button type="button" className="button" disabled={busy} onClick={() => void sendEmail("mailto")}>
                Mark as sent
              </button>
            )}
          </div>
        </section>
      )}

      <section className="card stack call-script" aria-labelledby="call-script-title">
        <div className="card-head">
          <h2 id="call-script-title">If you get voicemail</h2>
          <label className="call-script-pick">
            <span className="visually-hidden">Script</span>
            <select value={scriptId} onChange={(e) => void pickScript(e.target.value)} data-testid="call-script-select">
              {scripts.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.id === card.script.id ? " (suggested)" : ""}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="field">
          <span className="visually-hidden">The words you will leave</span>
          <textarea className="call-words" rows={5} maxLength={4000} value={words} onChange={(e) => setWords(e.target.value)} data-testid="call-words" />
        </label>
        <p className={`script-time ${verdict}`} data-testid="call-seconds">
          About <strong>{seconds} s</strong> — aim for {timing.window.min}–{timing.window.max} s
        </p>
        {rendered && rendered.hints.length > 0 && (
          <ul className="hints" aria-label="Hints">
            {rendered.hints.map((h) => (
              <li key={h.code} data-code={h.code}>
                {h.message}
              </li>
            ))}
          </ul>
        )}
        <details className="call-rehearse" open={rehearsing} onToggle={(e) => setRehearsing((e.target as HTMLDetailsElement).open)}>
          <summary>Rehearse it aloud{take ? ` · take of ${take.seconds} s ready` : ""}</summary>
          {rehearsing && <Rehearse key={card.prospectId} text={words} estimate={seconds} window={timing.window} wpm={timing.wpm} onTake={setTake} />}
        </details>
        {take && (
          <label className="checkbox">
            <input type="checkbox" checked={keepTake} onChange={(e) => setKeepTake(e.target.checked)} />
            <span>Keep my last take ({take.seconds} s) with the message when I log it</span>
          </label>
        )}
      </section>

      <section className="card stack call-outcomes" aria-labelledby="call-outcome-title">
        <h2 id="call-outcome-title">What happened?</h2>
        <div className="outcomes call-buttons" role="group" aria-label={`Outcome of the call to ${card.name}`}>
          {ACTIONS.map((a) => (
            <button key={a.kind} type="button" className={`button${a.kind === "voicemail" ? " primary" : ""}`} disabled={busy} onClick={() => void log(a.kind)} aria-keyshortcuts={a.key.toUpperCase()}>
              {a.label} <kbd>{a.key.toUpperCase()}</kbd>
            </button>
          ))}
        </div>
        <label className="field">
          <span>Note (optional, saved with the outcome)</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} placeholder="e.g. assistant said to try Thursday" />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="row-actions call-nav">
          <button type="button" className="button small" onClick={back} disabled={index === 0} aria-keyshortcuts="K">
            ← Previous <kbd>K</kbd>
          </button>
          <button type="button" className="button small" onClick={next} aria-keyshortcuts="J">
            Skip → <kbd>J</kbd>
          </button>
          <span className="muted small">Keys work anywhere outside a text field.</span>
        </div>
        <DoneList done={done} />
      </section>
    </>
  );
}

function DoneList({ done }: { done: Done[] }) {
  if (done.length === 0) return null;
  return (
    <details className="call-done" open={done.length <= 3}>
      <summary>
        Logged this session: {done.length}
      </summary>
      <ol data-testid="call-done">
        {[...done].reverse().map((d, i) => (
          <li key={`${d.prospectId}-${done.length - i}`}>
            <strong>{d.name}</strong>: {d.label.toLowerCase()}
            {d.detail ? <span className="muted"> — {d.detail}</span> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
