"use client";
/** Stop an experiment: no more arms are given out; the declared winner (if any) becomes the default. */
import { useState } from "react";

export function StopExperiment({ id, winnerName, kind }: { id: string; winnerName: string | null; kind: string }) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState("");
  async function stop() {
    const question = winnerName
      ? `Stop the experiment? “${winnerName}” becomes the default ${kind} for everyone.`
      : `Stop the experiment without a winner? Nothing has been shown to be better yet; the default ${kind} stays as it is.`;
    if (!window.confirm(question)) return;
    setPending(true);
    const res = await fetch(`/api/console/experiments/${encodeURIComponent(id)}/stop`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    setPending(false);
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      setProblem(body?.error?.message ?? `Not stopped (HTTP ${res.status}).`);
      return;
    }
    window.location.reload();
  }
  return (
    <>
      <button type="button" className="button danger" onClick={stop} disabled={pending}>
        {pending ? "Stopping…" : winnerName ? "Stop and adopt the winner" : "Stop"}
      </button>
      {problem && (
        <span className="form-error" role="alert">
          {problem}
        </span>
      )}
    </>
  );
}
