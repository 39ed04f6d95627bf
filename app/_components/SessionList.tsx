"use client";
/** Settings → Where you're signed in: the rep's own sessions, each with a Sign out button. */
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { LocalTime } from "./LocalTime";
import { plural } from "./plural";
import { RelativeTime } from "./RelativeTime";

export type SessionItem = { id: string; device: "mobile" | "tablet" | "desktop"; os: string; browser: string; createdAt: number; lastSeenAt: number; current: boolean };

const DEVICE_WORDS: Record<SessionItem["device"], string> = { mobile: "Phone", tablet: "Tablet", desktop: "Computer" };

/** "Safari on iOS", or what little the user agent told. */
export function describeDevice(s: Pick<SessionItem, "os" | "browser">): string {
  const browser = s.browser === "Other" ? "A browser" : s.browser;
  return s.os === "Other" ? browser : `${browser} on ${s.os}`;
}

export function SessionList({ initial }: { initial: SessionItem[] }) {
  const router = useRouter();
  const [sessions, setSessions] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setSessions(initial), [initial]);

  async function call(url: string): Promise<Response | null> {
    setProblem(null);
    setNote(null);
    setBusy(true);
    try {
      const res = await fetch(url, { method: "DELETE", headers: { Accept: "application/json" } });
      if (res.ok) return res;
      setProblem((await res.json().catch(() => null))?.error?.message ?? `Could not sign out (HTTP ${res.status}).`);
    } catch {
      setProblem("Could not reach Ringback. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
    return null;
  }

  async function signOut(s: SessionItem) {
    if (await call(`/api/console/sessions/${encodeURIComponent(s.id)}`)) {
      setSessions((all) => all.filter((x) => x.id !== s.id));
      setNote(`Signed out ${describeDevice(s)}.`);
    }
  }

  async function signOutOthers() {
    const res = await call("/api/console/sessions");
    if (res) {
      const { sessionsEnded } = (await res.json()) as { sessionsEnded: number };
      setSessions((all) => all.filter((x) => x.current));
      setNote(`Signed out ${plural(sessionsEnded, "other session")}.`);
      router.refresh();
    }
  }

  const others = sessions.filter((s) => !s.current).length;
  // This device first, then the others newest first (as the server lists them).
  const shown = [...sessions].sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <div className="stack">
      <ul className="token-list" aria-label="Your sessions">
        {shown.map((s) => (
          <li key={s.id}>
            <div className="token-main">
              <strong>{describeDevice(s)}</strong> {s.current && <span className="badge admin">This device</span>}
              <div className="muted small">
                {DEVICE_WORDS[s.device]} · signed in <LocalTime ms={s.createdAt} /> · last seen {s.current ? "now" : <RelativeTime ms={s.lastSeenAt} />}
              </div>
            </div>
            {!s.current && (
              <button type="button" className="button small danger" disabled={busy} onClick={() => signOut(s)} aria-label={`Sign out ${describeDevice(s)}`}>
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <div>
          <button type="button" className="button small" disabled={busy} onClick={signOutOthers}>
            Sign out everywhere else
          </button>
        </div>
      ) : (
        <p className="muted small">You are signed in here only.</p>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {note && (
        <p className="form-ok" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
