"use client";
/** A time shown in the reader's own time zone (the server does not know it), with the UTC time until then. */
import { useEffect, useState } from "react";

export function LocalTime({ ms }: { ms: number }) {
  const iso = new Date(ms).toISOString();
  const [text, setText] = useState(iso.slice(0, 16).replace("T", " ") + " UTC");
  useEffect(() => setText(new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })), [ms]);
  return <time dateTime={iso}>{text}</time>;
}
