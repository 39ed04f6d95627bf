"use client";
/** Duplicate, Archive / Unarchive and (for a play nothing uses) Delete. */
import { useState } from "react";

type Props = { id: string; name: string; archived: boolean; canEdit: boolean; deletable: boolean };

export function PlayActions({ id, name, archived, canEdit, deletable }: Props) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const url = `/api/console/plays/${encodeURIComponent(id)}`;

  async function call(path: string, method: string, body?: unknown) {
    setBusy(true);
    setProblem(null);
    try {
      const res = await fetch(path, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = await res.json().catch(() => null);
      if (!res.ok) return setProblem(json?.error?.message ?? `That did not work (HTTP ${res.status}).`);
      if (json?.redirect) window.location.assign(json.redirect);
      else window.location.reload();
    } catch {
      setProblem("Could not reach Ringback. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="row-actions">
      <button type="button" className="button small" disabled={busy} onClick={() => call(`${url}/duplicate`, "POST")}>
        Duplicate
      </button>
      {canEdit && (
        <button type="button" className="button small" disabled={busy} onClick={() => call(url, "PATCH", { archived: !archived })}>
          {archived ? "Unarchive" : "Archive"}
        </button>
      )}
      {canEdit && deletable && (
        <button
          type="button"
          className="button small danger"
          disabled={busy}
          onClick={() => {
            if (window.confirm(`Delete the play “${name}”? No page uses it.`)) void call(url, "DELETE");
          }}
        >
          Delete
        </button>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
