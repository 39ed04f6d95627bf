"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

/** Mute a prospect's alerts (visits are still recorded and shown). */
export function MuteToggle({ prospectId, muted }: { prospectId: string; muted: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function toggle() {
    setBusy(true);
    setProblem(null);
    const res = await fetch(`/api/console/prospects/${encodeURIComponent(prospectId)}/mute`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ muted: !muted }),
    }).catch(() => null);
    setBusy(false);
    if (res?.ok) router.refresh();
    else setProblem("Could not change it. Try again.");
  }
  return (
    <>
      <button type="button" className="button small" aria-pressed={muted} disabled={busy} onClick={toggle}>
        {muted ? "Unmute alerts" : "Mute alerts"}
      </button>
      {problem && <span className="form-error small" role="alert">{problem}</span>}
    </>
  );
}
