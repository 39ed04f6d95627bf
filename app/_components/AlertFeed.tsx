"use client";
/**
 * The console's live alerts: a server-sent event stream that reconnects by itself and catches up
 * from the last alert it saw (the server reads the feed from the database, so nothing is lost
 * across a dropped connection or a restart). New alerts pop up on screen, as a desktop
 * notification once the rep allows it (asked on a click, never on load), and with an optional
 * sound. Other parts of the console (the queue) listen for the `ringback:alert` window event.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { RelativeTime } from "./RelativeTime";

export type FeedAlert = {
  id: string;
  cursor: string;
  prospectId: string | null;
  kind: string;
  message: string;
  quiet: boolean;
  createdAt: string;
  prospect: { name: string; phone: string | null; slug: string | null } | null;
};

type Status = "connecting" | "live" | "reconnecting" | "signed-out";
const SOUND_KEY = "ringback:sound";
const MAX_KEPT = 30;
const TOAST_MS = 15_000;

function beep() {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = "sine";
    osc.frequency.setValueAtTime(880, ctx.currentTime);
    osc.frequency.setValueAtTime(1320, ctx.currentTime + 0.12);
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.35);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.4);
    osc.onended = () => void ctx.close();
  } catch {
    // No audio on this device: the on-screen alert is enough.
  }
}

export function AlertFeed({ initialCursor, initial }: { initialCursor: string; initial: FeedAlert[] }) {
  const [status, setStatus] = useState<Status>("connecting");
  const [alerts, setAlerts] = useState<FeedAlert[]>(initial);
  const [toasts, setToasts] = useState<FeedAlert[]>([]);
  const [unseen, setUnseen] = useState(0);
  const [sound, setSound] = useState(false);
  const [permission, setPermission] = useState<NotificationPermission | "unsupported">("unsupported");
  const soundRef = useRef(false);

  useEffect(() => {
    soundRef.current = sound;
  }, [sound]);

  useEffect(() => {
    setSound(window.localStorage.getItem(SOUND_KEY) === "on");
    setPermission("Notification" in window ? Notification.permission : "unsupported");
  }, []);

  const arrive = useCallback((a: FeedAlert) => {
    setAlerts((list) => (list.some((x) => x.id === a.id) ? list : [a, ...list].slice(0, MAX_KEPT)));
    window.dispatchEvent(new CustomEvent("ringback:alert", { detail: a }));
    if (a.quiet) return; // quiet hours: recorded and listed, no interruption
    setUnseen((n) => n + 1);
    setToasts((list) => [a, ...list.filter((x) => x.id !== a.id)].slice(0, 3));
    setTimeout(() => setToasts((list) => list.filter((x) => x.id !== a.id)), TOAST_MS);
    if (soundRef.current) beep();
    if ("Notification" in window && Notification.permission === "granted" && document.visibilityState !== "visible") {
      try {
        const n = new Notification(a.prospect?.name ? `${a.prospect.name}` : "Ringback", { body: a.message, tag: a.id });
        n.onclick = () => {
          window.focus();
          if (a.prospectId) window.location.assign(`/prospects/${encodeURIComponent(a.prospectId)}`);
        };
      } catch {
        // Some browsers only allow notifications from a service worker; the on-screen alert stays.
      }
    }
  }, []);

  useEffect(() => {
    let cursor = initialCursor;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = 1000;
    let stopped = false;

    const connect = () => {
      if (stopped) return;
      source = new EventSource(`/api/console/alerts/stream?after=${encodeURIComponent(cursor)}`);
      source.onopen = () => {
        delay = 1000;
        setStatus("live");
      };
      source.addEventListener("alert", (ev) => {
        const e = ev as MessageEvent<string>;
        if (e.lastEventId) cursor = e.lastEventId;
        try {
          arrive(JSON.parse(e.data) as FeedAlert);
        } catch {
          // A malformed event is skipped; the next one carries on.
        }
      });
      source.addEventListener("signed-out", () => {
        stopped = true;
        source?.close();
        setStatus("signed-out");
      });
      source.onerror = async () => {
        if (!source || source.readyState !== EventSource.CLOSED) {
          setStatus("reconnecting"); // the browser retries by itself, sending Last-Event-ID
          return;
        }
        // The server answered with an error (or restarted mid-answer): is the session still good?
        setStatus("reconnecting");
        const probe = await fetch("/api/console/alerts/preferences", { cache: "no-store" }).catch(() => null);
        if (probe?.status === 401) {
          stopped = true;
          setStatus("signed-out");
          return;
        }
        timer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, 30_000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [initialCursor, arrive]);

  async function askPermission() {
    if (!("Notification" in window)) return;
    setPermission(await Notification.requestPermission());
  }

  function toggleSound() {
    const next = !sound;
    setSound(next);
    window.localStorage.setItem(SOUND_KEY, next ? "on" : "off");
    if (next) beep();
  }

  const label = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", "signed-out": "Signed out" }[status];
  return (
    <>
      <details className="alert-menu" onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && setUnseen(0)}>
        <summary className="alert-chip" data-testid="alert-status" data-status={status} aria-label={`Alerts: ${label}${unseen ? `, ${unseen} new` : ""}`}>
          <span className={`dot ${status}`} aria-hidden="true" />
          <span className="alert-chip-label">{label}</span>
          {unseen > 0 && <span className="alert-count" data-testid="alert-count">{unseen}</span>}
        </summary>
        <div className="alert-panel">
          <div className="alert-panel-head">
            <strong>Alerts</strong>
            <div className="alert-panel-actions">
              {permission === "default" && (
                <button type="button" className="button small" onClick={askPermission}>
                  Desktop alerts
                </button>
              )}
              {permission === "denied" && <span className="muted small">Desktop alerts blocked in the browser</span>}
              {permission === "granted" && <span className="muted small">Desktop alerts on</span>}
              <button type="button" className="button small" aria-pressed={sound} onClick={toggleSound}>
                Sound {sound ? "on" : "off"}
              </button>
            </div>
          </div>
          {alerts.length === 0 ? (
            <p className="muted small">Nothing yet. When a prospect opens their page, you hear about it here.</p>
          ) : (
            <ol className="alert-list" data-testid="alert-list">
              {alerts.map((a) => (
                <li key={a.id} className={a.quiet ? "quiet" : undefined}>
                  <a href={a.prospectId ? `/prospects/${encodeURIComponent(a.prospectId)}` : "/"}>{a.message}</a>
                  <span className="muted small">
                    <RelativeTime ms={Date.parse(a.createdAt)} />
                    {a.quiet ? " · during quiet hours" : ""}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </details>
      <div className="toasts" aria-live="polite" aria-atomic="false">
        {toasts.map((a) => (
          <div key={a.id} className="toast" role="status" data-testid="alert-toast">
            <a className="toast-message" href={a.prospectId ? `/prospects/${encodeURIComponent(a.prospectId)}` : "/"}>
              {a.message}
            </a>
            <div className="toast-actions">
              {a.prospect?.phone && (
                <a className="button small primary" href={`tel:${a.prospect.phone}`}>
                  Call now
                </a>
              )}
              <button type="button" className="button small" onClick={() => setToasts((l) => l.filter((x) => x.id !== a.id))}>
                Dismiss
              </button>
            </div>
          </div>
        ))}
      </div>
    </>
  );
}
