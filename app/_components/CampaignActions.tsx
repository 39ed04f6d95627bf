"use client";
/**
 * A campaign page's actions: enrol people (a list filter, or one prospect), archive or delete the
 * campaign, and take one person out. Each posts JSON to the console's endpoints and reloads.
 */
import { useState } from "react";

async function send(path: string, method: string, body?: unknown): Promise<{ ok: boolean; json: Record<string, unknown> | null; status: number }> {
  const res = await fetch(path, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { ok: res.ok, status: res.status, json: await res.json().catch(() => null) };
}

const problemOf = (r: { json: Record<string, unknown> | null; status: number }) => {
  const e = r.json?.error as { message?: string; fields?: Record<string, string> } | undefined;
  const fields = e?.fields ? Object.values(e.fields).join(" ") : "";
  return `${e?.message ?? `That did not work (HTTP ${r.status}).`} ${fields}`.trim();
};

type EnrolProps = {
  campaignId: string;
  filters: { id: string; label: string }[];
  plays: { id: string; name: string }[];
  prospects: { id: string; label: string }[];
};

export function EnrolPeople({ campaignId, filters, plays, prospects }: EnrolProps) {
  const [list, setList] = useState(filters[0]?.id ?? "fresh");
  const [playId, setPlayId] = useState("");
  const [prospectId, setProspectId] = useState(prospects[0]?.id ?? "");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [problem, setProblem] = useState("");
  const url = `/api/console/campaigns/${encodeURIComponent(campaignId)}/enrolments`;

  async function enrol(body: unknown) {
    setBusy(true);
    setProblem("");
    setStatus("");
    try {
      const r = await send(url, "POST", body);
      if (!r.ok) return setProblem(problemOf(r));
      const enrolled = (r.json?.enrolled as string[]).length;
      const skipped = (r.json?.skipped as string[]).length;
      setStatus(`Enrolled ${enrolled} ${enrolled === 1 ? "person" : "people"}${skipped ? `; ${skipped} already in it` : ""}.`);
      window.setTimeout(() => window.location.reload(), 600);
    } catch {
      setProblem("Could not reach Ringback. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <div className="row-actions enrol-row">
        <label className="field">
          <span>From a list</span>
          <select value={list} onChange={(e) => setList(e.target.value)} data-testid="enrol-list">
            {filters.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        {plays.length > 0 && (
          <label className="field">
            <span>On a play</span>
            <select value={playId} onChange={(e) => setPlayId(e.target.value)}>
              <option value="">Any play</option>
              {plays.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" className="button primary" disabled={busy} onClick={() => void enrol({ filter: { list, ...(playId ? { playId } : {}) } })} data-testid="enrol-filter">
          Enrol everyone on it
        </button>
      </div>
      {prospects.length > 0 && (
        <div className="row-actions enrol-row">
          <label className="field">
            <span>One person</span>
            <select value={prospectId} onChange={(e) => setProspectId(e.target.value)} data-testid="enrol-one-select">
              {prospects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" disabled={busy || !prospectId} onClick={() => void enrol({ prospectIds: [prospectId] })} data-testid="enrol-one">
            Enrol
          </button>
        </div>
      )}
      {status && (
        <p className="notice" role="status" data-testid="enrol-status">
          {status}
        </p>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

export function CampaignActions({ id, name, archived }: { id: string; name: string; archived: boolean }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");
  const url = `/api/console/campaigns/${encodeURIComponent(id)}`;
  async function call(method: string, body?: unknown, then?: string) {
    setBusy(true);
    setProblem("");
    try {
      const r = await send(url, method, body);
      if (!r.ok) return setProblem(problemOf(r));
      if (then) window.location.assign(then);
      else window.location.reload();
    } catch {
      setProblem("Could not reach Ringback. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="row-actions">
      <button type="button" className="button small" disabled={busy} onClick={() => void call("PATCH", { archived: !archived })}>
        {archived ? "Unarchive" : "Archive"}
      </button>
      <button
        type="button"
        className="button small danger"
        disabled={busy}
        onClick={() => {
          if (window.confirm(`Delete the campaign “${name}” and everyone's place in it? The messages it made stay in the message log.`)) void call("DELETE", undefined, "/campaigns?deleted=1");
        }}
      >
        Delete
      </button>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

export function TakeOut({ campaignId, prospectId, name }: { campaignId: string; prospectId: string; name: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button small"
      disabled={busy}
      aria-label={`Take ${name} out of the campaign`}
      onClick={async () => {
        setBusy(true);
        try {
          await send(`/api/console/campaigns/${encodeURIComponent(campaignId)}/enrolments/${encodeURIComponent(prospectId)}`, "DELETE");
          window.location.reload();
        } finally {
          setBusy(false);
        }
      }}
    >
      Take out
    </button>
  );
}

/** Hold a person's campaign (nothing comes due until resumed) or let it go on. */
export function HoldCampaign({ campaignId, prospectId, name, paused }: { campaignId: string; prospectId: string; name: string; paused: boolean }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button small"
      disabled={busy}
      aria-label={`${paused ? "Resume" : "Pause"} the campaign for ${name}`}
      onClick={async () => {
        setBusy(true);
        try {
          await send(`/api/console/campaigns/${encodeURIComponent(campaignId)}/enrolments/${encodeURIComponent(prospectId)}`, "PATCH", { paused: !paused });
          window.location.reload();
        } finally {
          setBusy(false);
        }
      }}
    >
      {paused ? "Resume" : "Pause"}
    </button>
  );
}

/** A prospect's page: put them in one of the campaigns the rep may use. */
export function EnrolProspect({ prospectId, campaigns }: { prospectId: string; campaigns: { id: string; name: string }[] }) {
  const [campaignId, setCampaignId] = useState(campaigns[0]?.id ?? "");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");
  if (campaigns.length === 0) return <p className="muted small">No campaigns yet: plan one under Campaigns.</p>;
  return (
    <div className="stack">
      <div className="row-actions enrol-row">
        <label className="field">
          <span>Campaign</span>
          <select value={campaignId} onChange={(e) => setCampaignId(e.target.value)} data-testid="prospect-campaign">
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          disabled={busy || !campaignId}
          onClick={async () => {
            setBusy(true);
            setProblem("");
            try {
              const r = await send(`/api/console/campaigns/${encodeURIComponent(campaignId)}/enrolments`, "POST", { prospectIds: [prospectId] });
              if (!r.ok) return setProblem(problemOf(r));
              if ((r.json?.skipped as string[] | undefined)?.length) return setProblem("Already in this campaign.");
              window.location.reload();
            } catch {
              setProblem("Could not reach Ringback. Check your connection and try again.");
            } finally {
              setBusy(false);
            }
          }}
        >
          Enrol
        </button>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
