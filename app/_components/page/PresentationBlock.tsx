"use client";
/** A short presentation: an uploaded PDF opens inline (loaded only when asked for), a link opens in a new tab. */
import { useState } from "react";
import { track } from "./track";

export function PresentationBlock({ url, title, inline }: { url: string; title?: string; inline: boolean }) {
  const [open, setOpen] = useState(false);
  const label = title || "Short presentation";
  return (
    <section className="block presentation-block" aria-label={label}>
      <div className="presentation-head">
        <span className="doc-icon" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z" />
            <path d="M14 2v6h6" />
          </svg>
        </span>
        <span className="presentation-title">{label}</span>
        {inline ? (
          <button
            type="button"
            className="button small"
            aria-expanded={open}
            onClick={() => {
              if (!open) track("presentation_open", { inline: true });
              setOpen(!open);
            }}
          >
            {open ? "Close" : "View"}
          </button>
        ) : (
          <a className="button small" href={url} target="_blank" rel="noopener noreferrer" onClick={() => track("presentation_open", { inline: false })}>
            Open
          </a>
        )}
      </div>
      {inline && open && <iframe className="presentation-frame" src={url} title={label} />}
    </section>
  );
}
