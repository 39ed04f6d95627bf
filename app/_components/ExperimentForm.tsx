"use client";
/** Start an experiment: what to compare (2–4 scripts or plays), on which goal, for whom, with what minimum. */
import { useState } from "react";

type Choice = { id: string; name: string; private: boolean };
type Props = { scripts: Choice[]; plays: Choice[]; reps: { id: string; name: string }[]; isAdmin: boolean; goals: { key: string; label: string }[]; defaultMin: number };

export function ExperimentForm({ scripts, plays, reps, isAdmin, goals, defaultMin }: Props) {
  const [kind, setKind] = useState<"script" | "play">("script");
  const [name, setName] = useState("");
  const [arms, setArms] = useState<string[]>(["", ""]);
  const [goal, setGoal] = useState("visit");
  const [minPerArm, setMinPerArm] = useState(String(defaultMin));
  const [everyone, setEveryone] = useState(true);
  const [chosenReps, setChosenReps] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState("");
  const [pending, setPending] = useState(false);
  const choices = kind === "script" ? scripts : plays;

  function setArm(i: number, id: string) {
    setArms((a) => a.map((x, j) => (j === i ? id : x)));
  }

  async function start() {
    setPending(true);
    setErrors({});
    setStatus("");
    const body: Record<string, unknown> = { name, kind, goal, arms: arms.filter(Boolean) };
    if (/^\d+$/.test(minPerArm.trim())) body.minPerArm = Number(minPerArm);
    else body.minPerArm = minPerArm;
    if (isAdmin && !everyone) body.userIds = chosenReps;
    const res = await fetch("/api/console/experiments", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => null);
    setPending(false);
    if (!res.ok) {
      setErrors(answer?.error?.fields ?? {});
      setStatus(answer?.error?.message ?? `Not started (HTTP ${res.status}).`);
      return;
    }
    window.location.assign(`/experiments/${encodeURIComponent(answer.id)}`);
  }

  return (
    <div className="form experiment-form">
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder="e.g. Opening line: question or carrot?" aria-invalid={errors.name ? true : undefined} />
        {errors.name && <span className="field-error" role="alert">{errors.name}</span>}
      </label>
      <fieldset className="fieldset">
        <legend>Compare</legend>
        <div className="row-actions" role="radiogroup" aria-label="What to compare">
          {(["script", "play"] as const).map((k) => (
            <label key={k} className="checkbox">
              <input
                type="radio"
                name="kind"
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setArms(["", ""]);
                }}
              />
              <span>{k === "script" ? "Voicemail scripts" : "Plays (the page they land on)"}</span>
            </label>
          ))}
        </div>
        {arms.map((a, i) => (
          <label key={i} className="field">
            <span>Message {String.fromCharCode(65 + i)}</span>
            <select value={a} onChange={(e) => setArm(i, e.target.value)} aria-invalid={errors[`arms.${i}`] ? true : undefined} data-testid={`arm-${i}`}>
              <option value="">Choose a {kind}…</option>
              {choices.map((c) => (
                <option key={c.id} value={c.id} disabled={arms.includes(c.id) && a !== c.id}>
                  {c.name}
                  {c.private ? " (yours only)" : ""}
                </option>
              ))}
            </select>
            {errors[`arms.${i}`] && <span className="field-error" role="alert">{errors[`arms.${i}`]}</span>}
          </label>
        ))}
        {errors.arms && <span className="field-error" role="alert">{errors.arms}</span>}
        <div className="row-actions">
          {arms.length < 4 && (
            <button type="button" className="button small" onClick={() => setArms((x) => [...x, ""])}>
              Add a message
            </button>
          )}
          {arms.length > 2 && (
            <button type="button" className="button small" onClick={() => setArms((x) => x.slice(0, -1))}>
              Remove the last
            </button>
          )}
        </div>
      </fieldset>
      <div className="grid2 tight">
        <label className="field">
          <span>Judged on</span>
          <select value={goal} onChange={(e) => setGoal(e.target.value)}>
            {goals.map((g) => (
              <option key={g.key} value={g.key}>
                {g.label}
              </option>
            ))}
          </select>
          <span className="hint">What the better message must bring more of.</span>
        </label>
        <label className="field">
          <span>Messages each before a winner</span>
          <input type="number" min={5} max={10000} value={minPerArm} onChange={(e) => setMinPerArm(e.target.value)} aria-invalid={errors.minPerArm ? true : undefined} />
          <span className="hint">Until then the split stays even and nothing is declared.</span>
          {errors.minPerArm && <span className="field-error" role="alert">{errors.minPerArm}</span>}
        </label>
      </div>
      {isAdmin && (
        <fieldset className="fieldset">
          <legend>Who</legend>
          <label className="checkbox">
            <input type="checkbox" checked={everyone} onChange={(e) => setEveryone(e.target.checked)} />
            <span>The whole team</span>
          </label>
          {!everyone &&
            reps.map((r) => (
              <label key={r.id} className="checkbox">
                <input type="checkbox" checked={chosenReps.includes(r.id)} onChange={(e) => setChosenReps((c) => (e.target.checked ? [...c, r.id] : c.filter((x) => x !== r.id)))} />
                <span>{r.name}</span>
              </label>
            ))}
          {errors.userIds && <span className="field-error" role="alert">{errors.userIds}</span>}
        </fieldset>
      )}
      <div className="actions">
        <button type="button" className="button primary" onClick={start} disabled={pending}>
          {pending ? "Starting…" : "Start the experiment"}
        </button>
        <span role="status" className={status ? "form-error" : "muted"}>
          {status}
        </span>
      </div>
    </div>
  );
}
