"use client";
/**
 * Importing a call list in the console: choose a file → the columns mapped by their headers (the
 * rep may change them) → a dry run, row by row → import, with a progress bar → the result. The
 * file is sent with XMLHttpRequest for its upload progress; the server answers with a stream of
 * progress lines (lib/api/imports.ts), read as they arrive.
 */
import { useMemo, useRef, useState } from "react";

type Field = { field: string; label: string };
type Outcome = { row: number; action: "create" | "update" | "skip" | "error"; name: string; slug: string | null; message: string | null };
type Answer = {
  dryRun: boolean;
  campaign?: { id: string; enrolled: number; skipped: number } | null;
  encoding: string;
  delimiter: string;
  rows: number;
  headers: string[];
  mapping: Record<string, string>;
  ignoredColumns: string[];
  owner: { id: string; name: string };
  created: number;
  updated: number;
  skipped: number;
  errors: { row: number; field: string; column: string | null; message: string }[];
  prospects: { row: number; id: string | null; slug: string; url: string; action: string }[];
  outcomes: Outcome[];
};
type Progress = { phase: string; done: number; total: number; uploaded: number };
type Step = "choose" | "checking" | "review" | "importing" | "done";

const ENCODINGS: Record<string, string> = {
  "utf-8": "UTF-8",
  "utf-8-bom": "UTF-8 (with BOM)",
  "windows-1252": "Windows-1252 (Excel on Windows)",
  "utf-16le": "UTF-16 (Excel Unicode text)",
  "utf-16be": "UTF-16 BE",
};
const DELIMITERS: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };
const ACTIONS: Record<Outcome["action"], string> = { create: "New page", update: "Update", skip: "Skip", error: "Needs fixing" };
const SHOWN_ROWS = 300;

/** The whole bar: upload first, then the server's phases. */
function percent(p: Progress): number {
  const share = (done: number) => (p.total ? done / p.total : 0);
  switch (p.phase) {
    case "upload":
      return Math.round(p.uploaded * 15);
    case "checking":
      return Math.round(15 + share(p.done) * 25);
    case "matching":
      return Math.round(40 + share(p.done) * 45);
    case "writing":
      return 90;
    default:
      return 100;
  }
}

const PHASE_TEXT: Record<string, string> = {
  upload: "Sending the file",
  checking: "Checking rows",
  matching: "Finding duplicates and making addresses",
  writing: "Saving",
  done: "Done",
};

function send(file: Blob, query: URLSearchParams, onProgress: (p: Progress) => void): Promise<{ answer: Answer; rowsToFix: string | null }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/console/imports?${query}`);
    xhr.setRequestHeader("Content-Type", "text/csv");
    let seen = 0;
    let total = 0;
    let result: { answer: Answer; rowsToFix: string | null } | undefined;
    let failure: string | undefined;
    const readLines = () => {
      if (xhr.status !== 200) return;
      const text = xhr.responseText;
      let nl: number;
      while ((nl = text.indexOf("\n", seen)) >= 0) {
        const line = text.slice(seen, nl);
        seen = nl + 1;
        if (!line) continue;
        const msg = JSON.parse(line);
        if (msg.type === "progress") {
          total = msg.total;
          onProgress({ phase: msg.phase, done: msg.done, total, uploaded: 1 });
        } else if (msg.type === "result") result = { answer: msg.answer, rowsToFix: msg.rowsToFix };
        else if (msg.type === "error") failure = msg.error.message;
      }
    };
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress({ phase: "upload", done: 0, total, uploaded: e.loaded / e.total });
    xhr.onprogress = readLines;
    xhr.onload = () => {
      if (xhr.status !== 200) {
        try {
          failure = JSON.parse(xhr.responseText).error.message;
        } catch {
          failure = `The import failed (HTTP ${xhr.status}).`;
        }
        return reject(new Error(failure));
      }
      readLines();
      if (result) resolve(result);
      else reject(new Error(failure ?? "The server stopped before it finished. Nothing was imported; try again."));
    };
    xhr.onerror = () => reject(new Error("Could not reach Ringback. Check your connection and try again."));
    xhr.send(file);
  });
}

export function ImportFlow(props: { me: { id: string; name: string }; owners: { id: string; name: string; email: string }[] | null; plays: { id: string; name: string }[] | null; campaigns?: { id: string; name: string }[]; fields: Field[] }) {
  const [step, setStep] = useState<Step>("choose");
  const [file, setFile] = useState<File | null>(null);
  const [ownerId, setOwnerId] = useState(props.me.id);
  const [playId, setPlayId] = useState("");
  const [campaignId, setCampaignId] = useState("");
  const [onDuplicate, setOnDuplicate] = useState<"skip" | "update">("skip");
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [rowsToFix, setRowsToFix] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  function queryFor(dryRun: boolean, map: Record<string, string> | null) {
    const q = new URLSearchParams({ dryRun: String(dryRun), onDuplicate });
    if (ownerId !== props.me.id) q.set("ownerId", ownerId);
    if (playId) q.set("playId", playId);
    if (campaignId) q.set("campaignId", campaignId);
    if (map) for (const f of props.fields) q.set(`map.${f.field}`, map[f.field] ?? "");
    return q;
  }

  async function run(dryRun: boolean, f: File, map: Record<string, string> | null) {
    setError(null);
    setStep(dryRun ? "checking" : "importing");
    setProgress({ phase: "upload", done: 0, total: 0, uploaded: 0 });
    try {
      const r = await send(f, queryFor(dryRun, map), setProgress);
      setAnswer(r.answer);
      setRowsToFix(r.rowsToFix);
      setMapping(r.answer.mapping);
      setStep(dryRun ? "review" : "done");
    } catch (e) {
      setError((e as Error).message);
      setStep(dryRun ? (answer ? "review" : "choose") : "review");
    }
  }

  const fixUrl = useMemo(() => (rowsToFix ? URL.createObjectURL(new Blob([rowsToFix], { type: "text/csv;charset=utf-8" })) : null), [rowsToFix]);
  const busy = step === "checking" || step === "importing";

  return (
    <div className="stack import-flow">
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}

      {(step === "choose" || step === "checking") && (
        <div className="stack">
          <div className="grid2">
            {props.owners && (
              <label className="field">
                <span>Import for</span>
                <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)} disabled={busy}>
                  {props.owners.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name} ({o.email})
                    </option>
                  ))}
                </select>
              </label>
            )}
            {props.plays && (
              <label className="field">
                <span>Play for every page</span>
                <select value={playId} onChange={(e) => setPlayId(e.target.value)} disabled={busy}>
                  <option value="">No play</option>
                  {props.plays.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {props.campaigns && props.campaigns.length > 0 && (
              <label className="field">
                <span>Enrol everyone in a campaign</span>
                <select value={campaignId} onChange={(e) => setCampaignId(e.target.value)} disabled={busy} data-testid="import-campaign">
                  <option value="">No campaign</option>
                  {props.campaigns.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="field">
              <span>Someone already in Ringback (same e-mail, phone or page address)</span>
              <select value={onDuplicate} onChange={(e) => setOnDuplicate(e.target.value as "skip" | "update")} disabled={busy}>
                <option value="skip">Skip them</option>
                <option value="update">Update them with the file&apos;s details</option>
              </select>
            </label>
          </div>
          <input
            ref={picker}
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
            hidden
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = "";
              if (!f) return;
              setFile(f);
              setMapping(null);
              void run(true, f, null);
            }}
          />
          <div className="row-actions">
            <button type="button" className="button primary" disabled={busy} onClick={() => picker.current?.click()}>
              Choose a CSV file
            </button>
            <a className="button" href="/prospects">
              Cancel
            </a>
          </div>
        </div>
      )}

      {busy && progress && (
        <div className="import-progress" role="status" aria-live="polite">
          <progress max={100} value={percent(progress)} aria-label="Import progress" />
          <p className="hint">
            {percent(progress)}% · {PHASE_TEXT[progress.phase] ?? progress.phase}
            {progress.total > 0 && progress.phase !== "upload" ? ` — ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} rows` : ""}
            {file ? ` · ${file.name}` : ""}
          </p>
        </div>
      )}

      {answer && (step === "review" || step === "importing") && (
        <>
          <p className="notice" data-testid="detected">
            <strong>{file?.name}</strong>: {answer.rows.toLocaleString()} rows, {ENCODINGS[answer.encoding] ?? answer.encoding}, separated by {DELIMITERS[answer.delimiter] ?? answer.delimiter}.
            {answer.ignoredColumns.length > 0 && <> Not imported: {answer.ignoredColumns.join(", ")}.</>}
          </p>

          <h2>Columns</h2>
          <div className="table-wrap">
            <table className="table mapping-table">
              <thead>
                <tr>
                  <th>Ringback field</th>
                  <th>Read from the file&apos;s column</th>
                </tr>
              </thead>
              <tbody>
                {props.fields.map((f) => (
                  <tr key={f.field}>
                    <td>{f.label}</td>
                    <td>
                      <select
                        aria-label={`Column for ${f.label}`}
                        value={mapping?.[f.field] ?? ""}
                        disabled={busy}
                        onChange={(e) => {
                          const next = { ...(mapping ?? {}), [f.field]: e.target.value };
                          setMapping(next);
                          if (file) void run(true, file, next);
                        }}
                      >
                        <option value="">— not imported —</option>
                        {answer.headers.filter(Boolean).map((h) => (
                          <option key={h} value={h}>
                            {h}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2>What will happen</h2>
          <p className="import-summary">
            <span className="badge create">{answer.created} new</span> <span className="badge update">{answer.updated} to update</span>{" "}
            <span className="badge skip">{answer.skipped} skipped</span> <span className="badge error">{new Set(answer.errors.map((e) => e.row)).size} to fix</span>
          </p>
          {fixUrl && (
            <p>
              <a className="button small" href={fixUrl} download={`${(file?.name ?? "list").replace(/\.[^.]+$/, "")}-rows-to-fix.csv`}>
                Download rows to fix (CSV)
              </a>{" "}
              <span className="hint">Fix them in your spreadsheet and import that file; the other rows will be skipped as already there.</span>
            </p>
          )}
          <OutcomeTable outcomes={answer.outcomes} />
          <div className="row-actions">
            <button type="button" className="button primary" disabled={busy || answer.created + answer.updated === 0} onClick={() => file && void run(false, file, mapping)}>
              Import {answer.created + answer.updated} {answer.created + answer.updated === 1 ? "row" : "rows"}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => {
                setAnswer(null);
                setFile(null);
                setStep("choose");
              }}
            >
              Choose another file
            </button>
          </div>
        </>
      )}

      {step === "done" && answer && (
        <div className="stack" data-testid="import-result">
          <p className="form-ok" role="status">
            Imported: {answer.created} new {answer.created === 1 ? "page" : "pages"}, {answer.updated} updated, {answer.skipped} skipped
            {answer.errors.length > 0 && `, ${new Set(answer.errors.map((e) => e.row)).size} not imported (to fix)`}.
            {answer.campaign && ` ${answer.campaign.enrolled} enrolled in the campaign${answer.campaign.skipped ? ` (${answer.campaign.skipped} already in it)` : ""}.`}
          </p>
          {fixUrl && (
            <p>
              <a className="button small" href={fixUrl} download={`${(file?.name ?? "list").replace(/\.[^.]+$/, "")}-rows-to-fix.csv`}>
                Download rows to fix (CSV)
              </a>
            </p>
          )}
          <ul className="import-links">
            {answer.prospects.slice(0, 10).map((p) => (
              <li key={p.row}>
                {p.id ? <a href={`/prospects/${p.id}`}>{answer.outcomes.find((o) => o.row === p.row)?.name}</a> : null} <code>{p.url.replace(/^https?:\/\//, "")}</code>
              </li>
            ))}
          </ul>
          {answer.prospects.length > 10 && <p className="hint">…and {answer.prospects.length - 10} more.</p>}
          <div className="row-actions">
            <a className="button primary" href="/prospects">
              See all prospects
            </a>
            <a className="button" href="/prospects/import">
              Import another list
            </a>
          </div>
        </div>
      )}
    </div>
  );
}

function OutcomeTable({ outcomes }: { outcomes: Outcome[] }) {
  // Problems first would hide the order of the file; keep the file's order, but never hide a problem.
  const shown = outcomes.length <= SHOWN_ROWS ? outcomes : [...outcomes.filter((o) => o.action !== "create").slice(0, SHOWN_ROWS), ...outcomes.filter((o) => o.action === "create").slice(0, 50)].sort((a, b) => a.row - b.row);
  return (
    <div className="table-wrap">
      <table className="table responsive outcome-table">
        <thead>
          <tr>
            <th>Row</th>
            <th>Name</th>
            <th>What happens</th>
            <th>Address or reason</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((o) => (
            <tr key={o.row} className={`outcome-${o.action}`}>
              <td data-label="Row">{o.row}</td>
              <td data-label="Name">{o.name || <span className="muted">—</span>}</td>
              <td data-label="What happens">
                <span className={`badge ${o.action}`}>{ACTIONS[o.action]}</span>
              </td>
              <td data-label={o.action === "create" ? "Address" : "Why"}>{o.action === "create" ? <code>/{o.slug}</code> : o.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length < outcomes.length && <p className="hint">Showing {shown.length} of {outcomes.length} rows: every row to fix, update or skip, and the first new pages.</p>}
    </div>
  );
}
