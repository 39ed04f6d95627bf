"use client";
/**
 * Add, test and remove webhooks, and read each one's delivery log. A new webhook's signing secret
 * is shown once, here, and never again (afterwards only its first characters).
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { ACTIVITY_TYPES } from "@/lib/alerts/events";
import type { PublicDelivery, PublicWebhook } from "@/lib/alerts/webhooks";
import { LocalTime } from "./LocalTime";

export type WebhookView = PublicWebhook;
type DeliveryView = PublicDelivery;

const EVENT_LABELS: Record<string, string> = {
  "visit.started": "A visit starts",
  "visit.engaged": "Watched past half the demo",
  "cta.clicked": "Call, e-mail or booking tapped",
  "link.previewed": "Link previewed (Slack, iMessage, …)",
  "visit.burst": "Many visits held back (possibly automated)",
};
const DEFAULT_EVENTS = ["visit.started", "cta.clicked", "visit.burst"];
const STATUS_LABELS: Record<DeliveryView["status"], string> = { pending: "Retrying", delivered: "Delivered", failed: "Failed" };

async function problemOf(res: Response): Promise<{ message: string; fields: Record<string, string> }> {
  const err = (await res.json().catch(() => null))?.error;
  return { message: err?.message ?? `Something went wrong (HTTP ${res.status}).`, fields: err?.fields ?? {} };
}

function DeliveryLog({ webhookId, refreshKey }: { webhookId: string; refreshKey: number }) {
  const [rows, setRows] = useState<DeliveryView[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await fetch(`/api/console/webhooks/${encodeURIComponent(webhookId)}/deliveries`, { cache: "no-store" }).catch(() => null);
    if (!res) return setProblem("Could not reach Ringback.");
    if (!res.ok) return setProblem((await problemOf(res)).message);
    setProblem(null);
    setRows((await res.json()).data);
  }, [webhookId]);

  useEffect(() => {
    load();
    // While the log is open it follows retries as they happen.
    const timer = setInterval(load, 3000);
    return () => clearInterval(timer);
  }, [load, refreshKey]);

  if (problem) return <p className="form-error" role="alert">{problem}</p>;
  if (!rows) return <p className="muted small">Loading deliveries…</p>;
  if (rows.length === 0) return <p className="muted small">Nothing sent yet. Send a test event to try it.</p>;
  return (
    <div className="table-wrap">
      <table className="table small responsive" aria-label="Recent deliveries">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Tries</th>
            <th scope="col">Time</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} data-delivery={d.id}>
              <td>
                <code>{d.eventType}</code>{" "}
                <span className="badge" style={d.status === "delivered" ? { background: "#ecfdf3", color: "#067647" } : d.status === "failed" ? { background: "#fef3f2", color: "#b42318" } : undefined}>
                  {STATUS_LABELS[d.status]}
                </span>
              </td>
              <td data-label="Tries">{d.attempts}</td>
              <td data-label={d.deliveredAt ? "Delivered" : "Queued"} style={{ whiteSpace: "nowrap" }}>
                <LocalTime ms={d.deliveredAt ?? d.createdAt} />
              </td>
              <td data-label="Last error" className={d.status === "delivered" || !d.lastError ? "empty-cell" : undefined} style={{ overflowWrap: "anywhere" }}>
                {d.status === "delivered" ? "—" : (d.lastError ?? "—")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WebhookItem({ hook, onDeleted }: { hook: WebhookView; onDeleted: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function sendTest() {
    setPending(true);
    setNote(null);
    const res = await fetch(`/api/console/webhooks/${encodeURIComponent(hook.id)}/test`, { method: "POST" }).catch(() => null);
    setPending(false);
    if (!res) return setNote({ ok: false, text: "Could not reach Ringback." });
    if (!res.ok) return setNote({ ok: false, text: (await problemOf(res)).message });
    setNote({ ok: true, text: "Test event queued. It appears in the deliveries below." });
    setOpen(true);
    setRefreshKey((k) => k + 1);
  }

  async function remove() {
    if (!window.confirm(`Delete the webhook to ${hook.url}? Deliveries still waiting are dropped.`)) return;
    const res = await fetch(`/api/console/webhooks/${encodeURIComponent(hook.id)}`, { method: "DELETE" }).catch(() => null);
    if (res?.ok) onDeleted(hook.id);
    else setNote({ ok: false, text: res ? (await problemOf(res)).message : "Could not reach Ringback." });
  }

  return (
    <li style={{ display: "grid", gap: "0.5rem", alignItems: "stretch" }}>
      <div className="token-main">
        <code>{hook.url}</code>
        <div className="muted small">
          <span className="badge">{hook.format === "slack" ? "Slack" : "JSON"}</span> {hook.scope === "workspace" && <span className="badge admin">Whole workspace</span>}{" "}
          {hook.events.map((e) => EVENT_LABELS[e] ?? e).join(" · ")}
        </div>
        <div className="muted small">
          Secret <code>{hook.secretHint}</code>
        </div>
      </div>
      <div className="row-actions">
        <button type="button" className="button small" onClick={sendTest} disabled={pending}>
          {pending ? "Sending…" : "Send test event"}
        </button>
        <button type="button" className="button small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          Deliveries <span aria-hidden="true">{open ? "▴" : "▾"}</span>
        </button>
        <button type="button" className="button small danger" onClick={remove} aria-label={`Delete webhook ${hook.url}`}>
          Delete
        </button>
      </div>
      {note && (
        <p className={note.ok ? "form-ok small" : "form-error"} role={note.ok ? "status" : "alert"}>
          {note.text}
        </p>
      )}
      {open && <DeliveryLog webhookId={hook.id} refreshKey={refreshKey} />}
    </li>
  );
}

export function WebhookManager({ initial, isAdmin }: { initial: WebhookView[]; isAdmin: boolean }) {
  const formId = useId().replace(/:/g, "");
  const [hooks, setHooks] = useState(initial);
  const [fresh, setFresh] = useState<{ url: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [errors, setErrors] = useState<{ message?: string; fields: Record<string, string> }>({ fields: {} });
  const [pending, setPending] = useState(false);

  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setPending(true);
    try {
      const res = await fetch("/api/console/webhooks", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ url: data.get("url"), format: data.get("format"), events: data.getAll("events"), scope: data.get("scope") ?? "own" }),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        setErrors({ message: body?.error?.message ?? `Something went wrong (HTTP ${res.status}).`, fields: body?.error?.fields ?? {} });
        const first = Object.keys(body?.error?.fields ?? {})[0];
        if (first) form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
        return;
      }
      setErrors({ fields: {} });
      const { secret, ...hook } = body as WebhookView & { secret: string };
      setFresh({ url: hook.url, secret });
      setCopied(false);
      setHooks((all) => [hook, ...all]);
      form.reset();
    } catch {
      setErrors({ message: "Could not reach Ringback. Check your connection and try again.", fields: {} });
    } finally {
      setPending(false);
    }
  }

  const err = (name: string) =>
    errors.fields[name] ? (
      <p className="field-error" id={`${formId}-${name}-error`}>
        {errors.fields[name]}
      </p>
    ) : null;

  return (
    <div className="stack">
      {fresh && (
        <div role="status" className="stack">
          <p style={{ overflowWrap: "anywhere" }}>
            <strong>Copy the signing secret for {fresh.url} now.</strong> It will not be shown again; your receiver checks <code>X-Ringback-Signature</code> with it.
          </p>
          <div className="secret">
            <code data-testid="new-webhook-secret">{fresh.secret}</code>
            <button type="button" className="button small" onClick={() => navigator.clipboard?.writeText(fresh.secret).then(() => setCopied(true))}>
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      )}
      <div className="grid2" style={{ alignItems: "start" }}>
        <form className="form" onSubmit={add} noValidate aria-label="Add a webhook">
          <div className="field">
            <label htmlFor={`${formId}-url`}>Address</label>
            <input
              id={`${formId}-url`}
              name="url"
              type="url"
              required
              placeholder="https://hooks.example.com/ringback"
              maxLength={2000}
              aria-invalid={errors.fields.url ? true : undefined}
              aria-describedby={errors.fields.url ? `${formId}-url-error` : undefined}
            />
            {err("url")}
          </div>
          <div className="field">
            <label htmlFor={`${formId}-format`}>Format</label>
            <select id={`${formId}-format`} name="format" defaultValue="json">
              <option value="json">JSON (signed)</option>
              <option value="slack">Slack (incoming webhook)</option>
            </select>
            {err("format")}
          </div>
          <fieldset className="fieldset" aria-describedby={errors.fields.events ? `${formId}-events-error` : undefined}>
            <legend>Send when</legend>
            {ACTIVITY_TYPES.map((t) => (
              <label className="checkbox" key={t}>
                <input type="checkbox" name="events" value={t} defaultChecked={DEFAULT_EVENTS.includes(t)} /> {EVENT_LABELS[t] ?? t}
              </label>
            ))}
            {err("events")}
          </fieldset>
          {isAdmin && (
            <fieldset className="fieldset">
              <legend>For</legend>
              <label className="checkbox">
                <input type="radio" name="scope" value="own" defaultChecked /> Your prospects
              </label>
              <label className="checkbox">
                <input type="radio" name="scope" value="workspace" /> Everyone&rsquo;s prospects (whole workspace)
              </label>
              {err("scope")}
            </fieldset>
          )}
          {errors.message && (
            <p className="form-error" role="alert">
              {errors.message}
            </p>
          )}
          <div>
            <button type="submit" className="button primary" disabled={pending}>
              {pending ? "Working…" : "Add webhook"}
            </button>
          </div>
        </form>
        <div className="stack">
          {hooks.length === 0 ? (
            <p className="muted">No webhooks yet.</p>
          ) : (
            <ul className="token-list" aria-label="Webhooks">
              {hooks.map((h) => (
                <WebhookItem key={h.id} hook={h} onDeleted={(id) => setHooks((all) => all.filter((x) => x.id !== id))} />
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
