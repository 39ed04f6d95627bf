"use client";
/** "2 min ago", kept fresh; the server renders the absolute UTC time until the browser takes over. */
import { useEffect, useState } from "react";

function words(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  const d = Math.round(s / 86_400);
  return d === 1 ? "yesterday" : `${d} days ago`;
}

export function RelativeTime({ ms }: { ms: number }) {
  const iso = new Date(ms).toISOString();
  const [text, setText] = useState(iso.slice(0, 16).replace("T", " ") + " UTC");
  useEffect(() => {
    const update = () => setText(words(ms, Date.now()));
    update();
    const t = setInterval(update, 30_000);
    return () => clearInterval(t);
  }, [ms]);
  return <time dateTime={iso}>{text}</time>;
}
