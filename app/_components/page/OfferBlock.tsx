"use client";
/** A special offer, with its code one tap from the clipboard. */
import { useState } from "react";
import { track } from "./track";

export function OfferBlock({ title, text, code, endsLabel }: { title: string; text?: string; code?: string; endsLabel?: string }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code);
    } catch {
      // Older browsers: select the code so a long-press copies it.
      const el = document.getElementById("offer-code");
      if (el) window.getSelection()?.selectAllChildren(el);
    }
    setCopied(true);
    track("offer_code_copied");
  }

  return (
    <section className="block offer-block" aria-label="Special offer">
      <p className="offer-kicker">Special offer</p>
      <h2 className="offer-title">{title}</h2>
      {text && <p className="offer-text">{text}</p>}
      {code && (
        <div className="offer-code-row">
          <code id="offer-code" className="offer-code">
            {code}
          </code>
          <button type="button" className="button small" onClick={copy} aria-live="polite">
            {copied ? "Copied" : "Copy code"}
          </button>
        </div>
      )}
      {endsLabel && <p className="offer-ends">{endsLabel}</p>}
    </section>
  );
}
