"use client";
/**
 * A demo video as a facade: a poster with a play button. The player (about 1 MB for YouTube) loads
 * only when the prospect presses play.
 */
import { useRef, useState } from "react";
import type { VideoSource } from "@/lib/blocks";
import { track } from "./track";

const MILESTONES = [25, 50, 75, 100];

export function VideoBlock({ source, title, firstName }: { source: VideoSource; title?: string; firstName: string }) {
  const [playing, setPlaying] = useState(false);
  const reached = useRef(new Set<number>());
  const label = title || "Watch the video";

  function play() {
    setPlaying(true);
    track("video_play", { provider: source.kind === "embed" ? source.provider : "file" });
  }

  function progress(e: React.SyntheticEvent<HTMLVideoElement>) {
    const v = e.currentTarget;
    if (!v.duration || !Number.isFinite(v.duration)) return;
    const percent = (v.currentTime / v.duration) * 100;
    for (const m of MILESTONES) {
      if (percent >= m - 0.5 && !reached.current.has(m)) {
        reached.current.add(m);
        track("video_progress", { percent: m });
      }
    }
  }

  return (
    <section className="block video-block" aria-label={label}>
      <div className="video-frame">
        {!playing ? (
          <button type="button" className="video-facade" onClick={play} aria-label={`Play: ${label}`}>
            <span className="play-icon" aria-hidden="true">
              <svg viewBox="0 0 24 24" width="30" height="30" fill="currentColor">
                <path d="M8 5v14l11-7z" />
              </svg>
            </span>
            <span className="video-caption">
              <span className="video-title">{label}</span>
              <span className="video-sub">Recorded for {firstName}</span>
            </span>
          </button>
        ) : source.kind === "file" ? (
          <video src={source.src} controls autoPlay playsInline onTimeUpdate={progress} onEnded={progress} />
        ) : (
          <iframe
            src={source.embedUrl}
            title={label}
            allow="autoplay; fullscreen; picture-in-picture; encrypted-media"
            allowFullScreen
            referrerPolicy="strict-origin-when-cross-origin"
          />
        )}
      </div>
    </section>
  );
}
