"use client";
/** "Send me a test e-mail": checks that alert e-mails reach the rep before they rely on them. */
import { useState } from "react";

export function TestEmail({ to }: { to: string }) {
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  async function send() {
    setPending(true);
    setNote(null);
    const res = await fetch("/api/console/alerts/test-email", { method: "POST" }).catch(() => null);
    setPending(false);
    if (!res) return setNote({ ok: false, text: "Could not reach Ringback. Check the connection and try again." });
    if (res.ok) return setNote({ ok: true, text: `Test e-mail on its way to ${to}.` });
    const body = await res.json().catch(() => null);
    setNote({ ok: false, text: body?.error?.message ?? `Could not send (HTTP ${res.status}).` });
  }
  return (
    <div className="stack test-email">
      <p className="muted small">
        Alert e-mails go to <strong>{to}</strong>.
      </p>
      <div>
        <button type="button" className="button small" onClick={send} disabled={pending}>
          {pending ? "Sending…" : "Send me a test e-mail"}
        </button>
      </div>
      {note && (
        <p className={note.ok ? "form-ok small" : "form-error"} role={note.ok ? "status" : "alert"}>
          {note.text}
        </p>
      )}
    </div>
  );
}
