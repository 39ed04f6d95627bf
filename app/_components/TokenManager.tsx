"use client";
/** Create and revoke personal API tokens. A new token is shown once, here, and never again. */
import { useEffect, useState } from "react";
import { Field, Form } from "./Form";

export type TokenView = { id: string; name: string; hint: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null };

function when(ms: number | null): string {
  return ms ? new Date(ms).toLocaleString() : "never";
}

export function TokenManager({ initial }: { initial: TokenView[] }) {
  const [tokens, setTokens] = useState(initial);
  // A password change can revoke every token: the page's refresh brings the new list.
  useEffect(() => setTokens(initial), [initial]);
  const [fresh, setFresh] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function revoke(t: TokenView) {
    if (!window.confirm(`Revoke “${t.name}”? Anything using it stops working at once.`)) return;
    setProblem(null);
    const res = await fetch(`/api/console/tokens/${encodeURIComponent(t.id)}`, { method: "DELETE" });
    if (res.ok) setTokens((all) => all.map((x) => (x.id === t.id ? { ...x, revokedAt: Date.now() } : x)));
    else setProblem((await res.json().catch(() => null))?.error?.message ?? `Could not revoke (HTTP ${res.status}).`);
  }

  return (
    <div className="stack">
      {fresh && (
        <div role="status" className="stack">
          <p>
            <strong>Copy your new token “{fresh.name}” now.</strong> It will not be shown again.
          </p>
          <div className="secret">
            <code data-testid="new-token">{fresh.token}</code>
            <button
              type="button"
              className="button small"
              onClick={() => navigator.clipboard?.writeText(fresh.token).then(() => setCopied(true))}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      )}
      <Form
        action="/api/console/tokens"
        submitLabel="Create token"
        resetOnSuccess
        onSuccess={(body) => {
          const b = body as TokenView & { token: string };
          setFresh({ name: b.name, token: b.token });
          setCopied(false);
          setTokens((all) => [{ id: b.id, name: b.name, hint: b.hint, createdAt: b.createdAt, lastUsedAt: null, revokedAt: null }, ...all]);
        }}
      >
        <Field name="name" label="Token name" required placeholder="HubSpot" maxLength={100} />
      </Form>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {tokens.length === 0 ? (
        <p className="muted">No tokens yet.</p>
      ) : (
        <ul className="token-list">
          {tokens.map((t) => (
            <li key={t.id}>
              <div className="token-main">
                <strong>{t.name}</strong> <code>{t.hint}…</code>
                <div className="muted small">Last used {when(t.lastUsedAt)}</div>
              </div>
              {t.revokedAt ? (
                <span className="badge">Revoked</span>
              ) : (
                <button type="button" className="button small danger" onClick={() => revoke(t)} aria-label={`Revoke ${t.name}`}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
