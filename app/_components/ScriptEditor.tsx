"use client";
/**
 * Write a voicemail script: a style (with why it works), a name and the words with merge-field
 * chips — beside the words as said to one prospect, their estimated speaking time against the
 * window and the craft's hints, updated as you type (nothing is saved until "Save").
 */
import { useEffect, useRef, useState } from "react";
import { RehearsePanel } from "./Rehearse";

type Style = { key: string; name: string; why: string; example: string };
type ScriptItem = { id: string; name: string; style: string; body: string; example: boolean; editable: boolean };
type Preview = { text: string; seconds: number; verdict: "short" | "ok" | "long"; window: { min: number; max: number }; hints: { code: string; message: string }[]; problem: string | null };

type Props = {
  styles: Style[];
  scripts: ScriptItem[];
  fields: { name: string; help: string }[];
  prospects: { id: string; label: string }[];
  defaultProspectId: string | null;
  wpm: number;
  /** The user's archived scripts (changeable by them), to bring back. */
  archived: { id: string; name: string }[];
};

const VERDICT = { short: "shorter than the window", ok: "within the window", long: "longer than the window" };

export function ScriptEditor({ styles, scripts, fields, prospects, defaultProspectId, wpm, archived }: Props) {
  const start = styles.find((s) => s.key === "their_problem") ?? styles[0];
  const [editingId, setEditingId] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [style, setStyle] = useState(start.key);
  const [body, setBody] = useState(start.example);
  const [prospectId, setProspectId] = useState(defaultProspectId ?? "");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState("");
  const [pending, setPending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const why = styles.find((s) => s.key === style)?.why ?? "";

  useEffect(() => {
    if (!prospectId) return;
    const ctl = new AbortController();
    const t = window.setTimeout(async () => {
      try {
        const res = await fetch("/api/console/scripts/preview", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ prospectId, body, style }), signal: ctl.signal });
        if (res.ok) setPreview(await res.json());
      } catch {
        /* a newer keystroke took over */
      }
    }, 250);
    return () => {
      ctl.abort();
      window.clearTimeout(t);
    };
  }, [prospectId, body, style]);

  function insertField(field: string) {
    const el = area.current;
    const token = `{{${field}}}`;
    if (!el) return setBody((b) => b + token);
    const at = el.selectionStart ?? body.length;
    const next = body.slice(0, at) + token + body.slice(el.selectionEnd ?? at);
    setBody(next);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at + token.length, at + token.length);
    });
  }

  function load(s: ScriptItem) {
    setEditingId(s.editable ? s.id : null);
    setName(s.editable ? s.name : `${s.name.replace(/^Example: /, "")} (my copy)`);
    setStyle(s.style);
    setBody(s.body);
    setErrors({});
    setStatus(s.editable ? `Editing “${s.name}”.` : "A copy of the example: change it and save it as your own.");
  }

  function startFromStyle(key: string) {
    const s = styles.find((x) => x.key === key);
    setStyle(key);
    if (s && !editingId && (body.trim() === "" || styles.some((x) => x.example === body))) setBody(s.example);
  }

  async function restore(id: string) {
    const res = await fetch(`/api/console/scripts/${encodeURIComponent(id)}`, { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ archived: false }) });
    if (res.ok) window.location.assign("/scripts?restored=1");
    else setStatus(`That did not work (HTTP ${res.status}).`);
  }

  async function retire(s: ScriptItem, how: "archive" | "delete") {
    if (how === "delete" && !window.confirm(`Delete “${s.name}”? Messages already logged keep their words.`)) return;
    const res = await fetch(`/api/console/scripts/${encodeURIComponent(s.id)}`, {
      method: how === "delete" ? "DELETE" : "PATCH",
      headers: { "Content-Type": "application/json" },
      ...(how === "archive" ? { body: JSON.stringify({ archived: true }) } : {}),
    });
    if (!res.ok) {
      const answer = await res.json().catch(() => null);
      setStatus(answer?.error?.message ?? `That did not work (HTTP ${res.status}).`);
      return;
    }
    window.location.assign(`/scripts?${how === "delete" ? "deleted" : "archived"}=1`);
  }

  async function save() {
    setPending(true);
    setErrors({});
    setStatus("");
    const res = await fetch(editingId ? `/api/console/scripts/${encodeURIComponent(editingId)}` : "/api/console/scripts", {
      method: editingId ? "PATCH" : "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name, style, body }),
    });
    setPending(false);
    const answer = await res.json().catch(() => null);
    if (!res.ok) {
      setErrors(answer?.error?.fields ?? {});
      setStatus(answer?.error?.message ?? "That did not save. Try again.");
      return;
    }
    window.location.assign(`/scripts?saved=${encodeURIComponent(answer.id)}`);
  }

  return (
    <div className="script-layout">
      <section className="card stack" aria-labelledby="script-editor-title">
        <h2 id="script-editor-title">{editingId ? "Edit script" : "Write a script"}</h2>
        <label className="field">
          <span>Style</span>
          <select name="style" value={style} onChange={(e) => startFromStyle(e.target.value)}>
            {styles.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
          <span className="hint">{why}</span>
          {errors.style && <span className="field-error" role="alert">{errors.style}</span>}
        </label>
        <label className="field">
          <span>Name</span>
          <input name="name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} aria-invalid={errors.name ? true : undefined} placeholder="e.g. First call, their problem" />
          {errors.name && <span className="field-error" role="alert">{errors.name}</span>}
        </label>
        <label className="field">
          <span>What you will say</span>
          <textarea ref={area} name="body" rows={8} maxLength={4000} value={body} onChange={(e) => setBody(e.target.value)} aria-invalid={errors.body || preview?.problem ? true : undefined} />
          {(errors.body || preview?.problem) && <span className="field-error" role="alert">{errors.body ?? preview?.problem}</span>}
        </label>
        <div className="chips" role="group" aria-label="Merge fields">
          {fields.map((f) => (
            <button key={f.name} type="button" className="chip" title={f.help} onMouseDown={(e) => e.preventDefault()} onClick={() => insertField(f.name)}>
              {`{{${f.name}}}`}
            </button>
          ))}
        </div>
        <div className="actions">
          <button type="button" className="button primary" onClick={save} disabled={pending}>
            {pending ? "Saving…" : editingId ? "Save changes" : "Save script"}
          </button>
          <span role="status" className="muted">{status}</span>
        </div>
      </section>

      <section className="card stack" aria-labelledby="script-preview-title" data-testid="script-preview">
        <h2 id="script-preview-title">As said to</h2>
        {prospects.length === 0 ? (
          <p className="muted">Add a prospect to see a script rendered for them.</p>
        ) : (
          <>
            <label className="field">
              <span className="visually-hidden">Prospect</span>
              <select name="prospect" value={prospectId} onChange={(e) => setProspectId(e.target.value)}>
                {prospects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
            {preview && (
              <>
                <blockquote className="script-words">{preview.text}</blockquote>
                <p className={`script-time ${preview.verdict}`} data-testid="script-seconds">
                  About <strong>{preview.seconds} s</strong> — {VERDICT[preview.verdict]} of {preview.window.min}–{preview.window.max} s
                </p>
                {preview.hints.length === 0 ? (
                  <p className="muted">No hints: this one follows the craft.</p>
                ) : (
                  <ul className="hints" aria-label="Hints">
                    {preview.hints.map((h) => (
                      <li key={h.code} data-code={h.code}>
                        {h.message}
                      </li>
                    ))}
                  </ul>
                )}
                <RehearsePanel text={preview.text} estimate={preview.seconds} window={preview.window} wpm={wpm} keep={{ prospectId, scriptId: editingId }} />
              </>
            )}
          </>
        )}
      </section>

      <section className="card stack script-library" aria-labelledby="script-library-title">
        <h2 id="script-library-title">Scripts</h2>
        <ul className="script-list">
          {scripts.map((s) => (
            <li key={s.id}>
              <button type="button" className="linklike" onClick={() => load(s)}>
                {s.name}
              </button>
              <span className="muted"> · {s.example ? "built-in example: opens a copy to make your own" : (styles.find((x) => x.key === s.style)?.name ?? s.style)}</span>
              {s.editable && (
                <span className="script-item-actions">
                  <button type="button" className="linklike small" onClick={() => void retire(s, "archive")} aria-label={`Archive ${s.name}`}>
                    Archive
                  </button>
                  <button type="button" className="linklike small danger-link" onClick={() => void retire(s, "delete")} aria-label={`Delete ${s.name}`}>
                    Delete
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
        {archived.length > 0 && (
          <details>
            <summary className="muted">Archived ({archived.length})</summary>
            <ul className="script-list">
              {archived.map((a) => (
                <li key={a.id}>
                  {a.name}{" "}
                  <button type="button" className="linklike small" onClick={() => void restore(a.id)} aria-label={`Bring back ${a.name}`}>
                    Bring back
                  </button>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
    </div>
  );
}
