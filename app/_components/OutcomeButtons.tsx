"use client";
/** One click after a call: the outcome is logged, the next follow-up set, and the queue refreshed. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CALL_OUTCOMES, OUTCOMES } from "@/lib/outcome-rules";

const CHOICES = CALL_OUTCOMES.map((kind) => ({ kind, label: OUTCOMES[kind].label }));

export function OutcomeButtons({ prospectId, name }: { prospectId: string; name: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);

  async function log(kind: string, label: string) {
    setBusy(true);
    setSaid(null);
    try {
      const res = await fetch(`/api/console/prospects/${encodeURIComponent(prospectId)}/outcomes`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ kind }),
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        setSaid({ ok: false, text: body?.error?.message ?? `Could not save (HTTP ${res.status}).` });
        return;
      }
      const next = body.followUpAt ? ` Next follow-up ${new Date(body.followUpAt).toLocaleDateString(undefined, { weekday: "short", month: "short", day: "numeric" })}.` : "";
      setSaid({ ok: true, text: `${label}.${body.leftQueue ? " Out of the queue unless they visit again." : next}` });
      router.refresh();
    } catch {
      setSaid({ ok: false, text: "Could not reach Ringback. Check the connection and try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="outcomes" role="group" aria-label={`Outcome of the call to ${name}`}>
      {CHOICES.map((c) => (
        <button key={c.kind} type="button" className="button small" disabled={busy} onClick={() => log(c.kind, c.label)}>
          {c.label}
        </button>
      ))}
      {said && (
        <span className={said.ok ? "form-ok small" : "form-error small"} role={said.ok ? "status" : "alert"}>
          {said.text}
        </span>
      )}
    </div>
  );
}
