"use client";
/**
 * Rehearse a voicemail aloud: the words in large type, a record button (the browser's
 * MediaRecorder), playback, and each take's measured length and pace against the target. Takes stay
 * in this browser tab; one is sent to Ringback only when the rep keeps it in the message log.
 */
import { useEffect, useRef, useState } from "react";
import { countWords, measuredPace, paceVerdict, timingVerdict, type TimingWindow } from "@/lib/voicemail/timing";

export type Take = { n: number; url: string; blob: Blob; seconds: number; wpm: number };

type Props = {
  text: string;
  estimate: number;
  window: TimingWindow;
  wpm: number;
  /** Offer "Keep in the message log" for a take: the words, its length and the recording, for this prospect. */
  keep?: { prospectId: string; scriptId: string | null };
  /** Call mode: told of the newest take (null when none), so "Left voicemail" can carry its length and recording. */
  onTake?: (take: Take | null) => void;
};

const LENGTH_WORDS = { short: "shorter than", ok: "inside", long: "longer than" } as const;
const PACE_WORDS = { rushed: "rushed — slow down, and say the number clearly", ok: "a natural pace", slow: "slow — it may sound like rambling" } as const;

/** The container the browser records best in: WebM/Opus (Chromium, Firefox), else MP4 (Safari). */
function pickType(): string | undefined {
  const all = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
  return typeof MediaRecorder === "undefined" ? undefined : all.find((t) => MediaRecorder.isTypeSupported(t));
}

export async function keepRecording(voicemailId: string, take: Take): Promise<string | null> {
  const res = await fetch(`/api/console/voicemails/${encodeURIComponent(voicemailId)}/recording`, { method: "PUT", headers: { "Content-Type": take.blob.type || "audio/webm" }, body: take.blob });
  if (res.ok) return null;
  const body = await res.json().catch(() => null);
  return body?.error?.message ?? `The recording was not kept (HTTP ${res.status}).`;
}

export function Rehearse({ text, estimate, window: win, wpm, keep, onTake }: Props) {
  const [takes, setTakes] = useState<Take[]>([]);
  const [recording, setRecording] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [problem, setProblem] = useState("");
  const [kept, setKept] = useState<Record<number, string>>({});
  const rec = useRef<{ recorder: MediaRecorder; stream: MediaStream; startedAt: number; timer: number } | null>(null);
  const counter = useRef(0);
  const words = countWords(text);

  // Recordings live only as long as the page: give their memory back when it goes.
  const urls = useRef<string[]>([]);
  useEffect(
    () => () => {
      urls.current.forEach((u) => URL.revokeObjectURL(u));
      rec.current?.stream.getTracks().forEach((t) => t.stop());
    },
    [],
  );

  async function start() {
    setProblem("");
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") {
      setProblem("This browser cannot record. Rehearse aloud with the timer instead, or open Ringback in Chrome, Edge, Firefox or Safari.");
      return;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setProblem("Ringback could not use the microphone. Allow it in the browser's address bar, then try again.");
      return;
    }
    const type = pickType();
    const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
    recorder.onstop = () => {
      const r = rec.current;
      rec.current = null;
      stream.getTracks().forEach((t) => t.stop());
      if (!r) return;
      window.clearInterval(r.timer);
      // Measured by the clock from start to stop: the length the listener would hear.
      const seconds = Math.max(1, Math.round((performance.now() - r.startedAt) / 1000));
      const blob = new Blob(chunks, { type: recorder.mimeType || type || "audio/webm" });
      const url = URL.createObjectURL(blob);
      urls.current.push(url);
      counter.current += 1;
      const take = { n: counter.current, url, blob, seconds, wpm: measuredPace(text, seconds) };
      setTakes((prev) => [take, ...prev]);
      onTake?.(take);
      setRecording(false);
    };
    const startedAt = performance.now();
    const timer = window.setInterval(() => setElapsed(Math.floor((performance.now() - startedAt) / 1000)), 250);
    rec.current = { recorder, stream, startedAt, timer };
    setElapsed(0);
    setRecording(true);
    recorder.start(250);
  }

  function stop() {
    rec.current?.recorder.stop();
  }

  function discard(n: number) {
    const next = takes.filter((t) => t.n !== n);
    setTakes(next);
    onTake?.(next[0] ?? null);
  }

  async function keepTake(t: Take) {
    if (!keep) return;
    setKept((k) => ({ ...k, [t.n]: "Keeping…" }));
    const res = await fetch(`/api/console/prospects/${encodeURIComponent(keep.prospectId)}/voicemails`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text, seconds: Math.min(600, t.seconds), ...(keep.scriptId ? { scriptId: keep.scriptId } : {}) }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) return setKept((k) => ({ ...k, [t.n]: body?.error?.message ?? `Not kept (HTTP ${res.status}).` }));
    const failed = await keepRecording(body.id, t);
    setKept((k) => ({ ...k, [t.n]: failed ?? "Kept in the message log, with the recording." }));
  }

  const live = timingVerdict(elapsed, win);
  return (
    <div className="rehearse" data-testid="rehearse">
      <blockquote className="rehearse-words">{text}</blockquote>
      <p className="muted small">
        {words} words — about {estimate} s at {wpm} words a minute. Aim for {win.min}–{win.max} s.
      </p>
      <div className="rehearse-controls">
        {recording ? (
          <button type="button" className="button danger rec-button" onClick={stop} aria-pressed="true">
            <span className="rec-dot" aria-hidden="true" /> Stop
          </button>
        ) : (
          <button type="button" className="button primary rec-button" onClick={start} aria-pressed="false">
            <span className="rec-dot idle" aria-hidden="true" /> Record a take
          </button>
        )}
        {recording && (
          <span className={`rec-timer ${live}`} role="timer" aria-live="off">
            {elapsed} s{elapsed > win.max ? " — past the window" : ""}
          </span>
        )}
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {takes.length > 0 && (
        <ol className="takes" aria-label="Takes">
          {takes.map((t) => {
            const v = timingVerdict(t.seconds, win);
            const p = paceVerdict(t.wpm, wpm);
            return (
              <li key={t.n} className="take" data-testid="take">
                <div className="take-head">
                  <strong>Take {t.n}</strong>
                  <span className={`take-length ${v}`} data-testid="take-seconds">
                    {t.seconds} s — {LENGTH_WORDS[v]} {win.min}–{win.max} s
                  </span>
                  <span className={`take-pace ${p}`} data-testid="take-pace">
                    {t.wpm} words a minute: {PACE_WORDS[p]}
                  </span>
                </div>
                <audio controls src={t.url} preload="metadata" aria-label={`Play take ${t.n}`} />
                <div className="row-actions">
                  {keep && (
                    <button type="button" className="button small" onClick={() => keepTake(t)} disabled={Boolean(kept[t.n])}>
                      Keep in the message log
                    </button>
                  )}
                  <button type="button" className="button small" onClick={() => discard(t.n)}>
                    Discard
                  </button>
                  {kept[t.n] && (
                    <span className="small" role="status">
                      {kept[t.n]}
                    </span>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <p className="muted small">Takes stay in this browser until you keep one in the message log.</p>
    </div>
  );
}

/** "Rehearse it aloud" folded away until opened (the recorder and its words exist only while open). */
export function RehearsePanel(props: Props) {
  const [open, setOpen] = useState(false);
  return (
    <details className="call-rehearse" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Rehearse it aloud</summary>
      {open && <Rehearse {...props} />}
    </details>
  );
}
