"use client";
/**
 * Plan a campaign: a name and its touches, one row each — the kind, the working day it falls on,
 * the script to follow (voicemail and call) or the e-mail's subject and body. Field errors come
 * back as `steps.2.day` and show beside that step's field; nothing is saved until "Save".
 */
import { useState } from "react";

type Kind = "voicemail" | "email" | "call";
type Step = { day: number; kind: Kind; scriptId: string; subject: string; body: string };
type Props = {
  scripts: { id: string; name: string }[];
  fields: { name: string; help: string }[];
  canShare: boolean;
};

const KINDS: { id: Kind; label: string }[] = [
  { id: "voicemail", label: "Voicemail" },
  { id: "email", label: "E-mail" },
  { id: "call", label: "Call" },
];

const START: Step[] = [
  { day: 1, kind: "voicemail", scriptId: "", subject: "", body: "" },
  { day: 3, kind: "email", scriptId: "", subject: "A short idea for {{company|your team}}", body: "Hi {{firstName}},\n\nI left you a voicemail earlier this week. I put what I mentioned on one page for you: {{pageLink}}\n\n{{repName}}" },
  { day: 6, kind: "voicemail", scriptId: "", subject: "", body: "" },
  { day: 10, kind: "call", scriptId: "", subject: "", body: "" },
];

export function CampaignEditor({ scripts, fields, canShare }: Props) {
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [steps, setSteps] = useState<Step[]>(START);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [pending, setPending] = useState(false);

  const change = (i: number, patch: Partial<Step>) => setSteps((s) => s.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const add = () => setSteps((s) => [...s, { day: (s[s.length - 1]?.day ?? 0) + 2, kind: "voicemail", scriptId: "", subject: "", body: "" }]);
  const remove = (i: number) => setSteps((s) => s.filter((_, j) => j !== i));

  async function save() {
    setPending(true);
    setErrors({});
    setMessage("");
    const body = {
      name,
      ...(canShare ? { shared } : {}),
      steps: steps.map((s) => (s.kind === "email" ? { day: Number(s.day), kind: s.kind, subject: s.subject, body: s.body } : { day: Number(s.day), kind: s.kind, ...(s.scriptId ? { scriptId: s.scriptId } : {}) })),
    };
    try {
      const res = await fetch("/api/console/campaigns", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      const answer = await res.json().catch(() => null);
      if (res.ok && answer?.id) {
        window.location.assign(`/campaigns/${encodeURIComponent(answer.id)}?created=1`);
        return;
      }
      setErrors(answer?.error?.fields ?? {});
      setMessage(answer?.error?.message ?? `Not saved (HTTP ${res.status}).`);
    } catch {
      setMessage("Could not reach Ringback. Check the connection and try again.");
    } finally {
      setPending(false);
    }
  }

  const err = (key: string) =>
    errors[key] ? (
      <span className="field-error" role="alert">
        {errors[key]}
      </span>
    ) : null;

  return (
    <section className="card stack" aria-labelledby="new-campaign">
      <h2 id="new-campaign">New campaign</h2>
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder="e.g. Four touches over two weeks" aria-invalid={errors.name ? true : undefined} data-testid="campaign-name" />
        {err("name")}
      </label>
      {canShare && (
        <label className="checkbox">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Offer it to every rep in the workspace
        </label>
      )}
      <div className="step-editor" data-testid="step-editor">
        {steps.map((s, i) => (
          <fieldset key={i} className="step-row" data-testid="step-row">
            <legend className="small muted">Touch {i + 1}</legend>
            <div className="step-row-head">
              <label className="field">
                <span>Kind</span>
                <select value={s.kind} onChange={(e) => change(i, { kind: e.target.value as Kind })} data-testid="step-kind">
                  {KINDS.map((k) => (
                    <option key={k.id} value={k.id}>
                      {k.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>Working day</span>
                <input type="number" min={1} max={260} value={s.day} onChange={(e) => change(i, { day: Number(e.target.value) })} aria-invalid={errors[`steps.${i}.day`] ? true : undefined} data-testid="step-day" />
                {err(`steps.${i}.day`)}
              </label>
              {s.kind !== "email" && (
                <label className="field">
                  <span>Script</span>
                  <select value={s.scriptId} onChange={(e) => change(i, { scriptId: e.target.value })} data-testid="step-script">
                    <option value="">{s.kind === "call" ? "None (optional)" : "The rep's suggestion"}</option>
                    {scripts.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                  </select>
                  {err(`steps.${i}.scriptId`)}
                </label>
              )}
              {steps.length > 1 && (
                <button type="button" className="button small" onClick={() => remove(i)} aria-label={`Remove touch ${i + 1}`}>
                  Remove
                </button>
              )}
            </div>
            {s.kind === "email" && (
              <>
                <label className="field">
                  <span>Subject</span>
                  <input value={s.subject} onChange={(e) => change(i, { subject: e.target.value })} maxLength={200} aria-invalid={errors[`steps.${i}.subject`] ? true : undefined} />
                  {err(`steps.${i}.subject`)}
                </label>
                <label className="field">
                  <span>Body</span>
                  <textarea rows={5} value={s.body} onChange={(e) => change(i, { body: e.target.value })} maxLength={4000} aria-invalid={errors[`steps.${i}.body`] ? true : undefined} />
                  {err(`steps.${i}.body`)}
                </label>
              </>
            )}
          </fieldset>
        ))}
      </div>
      {err("steps")}
      <p className="muted small">
        Day 1 is the first working day on or after enrolment, in each rep&rsquo;s time zone; weekends and their holidays are skipped, and never two touches fall on one day. E-mails may use{" "}
        {fields.map((f, i) => (
          <span key={f.name} title={f.help}>
            {i > 0 ? ", " : ""}
            <code>{`{{${f.name}}}`}</code>
          </span>
        ))}
        .
      </p>
      {message && (
        <p className="form-error" role="alert">
          {message}
        </p>
      )}
      <div className="row-actions">
        {steps.length < 10 && (
          <button type="button" className="button" onClick={add}>
            Add a touch
          </button>
        )}
        <button type="button" className="button primary" onClick={() => void save()} disabled={pending} data-testid="campaign-save">
          Save campaign
        </button>
      </div>
    </section>
  );
}
