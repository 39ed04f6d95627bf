"use client";
/** A rep's days off, one date a line: campaigns skip them like weekends. */
import { useState } from "react";

export function HolidaysEditor({ initial }: { initial: string[] }) {
  const [text, setText] = useState(initial.join("\n"));
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [problem, setProblem] = useState("");

  async function save() {
    setBusy(true);
    setStatus("");
    setProblem("");
    const holidays = text
      .split(/[\s,]+/)
      .map((d) => d.trim())
      .filter(Boolean);
    try {
      const res = await fetch("/api/console/holidays", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ holidays }) });
      const json = await res.json().catch(() => null);
      if (!res.ok) {
        const fields = json?.error?.fields ? Object.entries(json.error.fields as Record<string, string>).map(([k, v]) => `${k.replace(/^holidays\.(\d+)$/, (_m, i) => holidays[Number(i)] ?? k)}: ${v}`).join(" ") : "";
        return setProblem(`${json?.error?.message ?? `Not saved (HTTP ${res.status}).`} ${fields}`.trim());
      }
      setText((json.holidays as string[]).join("\n"));
      setStatus("Saved.");
    } catch {
      setProblem("Could not reach Ringback. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <label className="field">
        <span>Dates (YYYY-MM-DD), one a line</span>
        <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={"2026-12-24\n2026-12-25"} data-testid="holidays" />
      </label>
      <div className="row-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void save()}>
          Save days off
        </button>
        {status && (
          <span className="form-ok" role="status">
            {status}
          </span>
        )}
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
