"use client";
/**
 * New reps start in UTC; their "today", quiet hours and follow-up times should be their own. If
 * the browser's zone differs from the one chosen, offer it with one click (nothing changes until
 * the rep saves).
 */
import { useEffect, useState } from "react";

export function TimeZoneHint({ selectId, current }: { selectId: string; current: string }) {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => {
    const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (mine && mine !== current) setZone(mine);
  }, [current]);
  if (!zone) return null;
  return (
    <p className="hint">
      Your browser says {zone.replace(/_/g, " ")}.{" "}
      <button
        type="button"
        className="linklike"
        onClick={() => {
          const select = document.getElementById(selectId) as HTMLSelectElement | null;
          if (select && [...select.options].some((o) => o.value === zone)) select.value = zone;
          setZone(null);
        }}
      >
        Use it
      </button>
    </p>
  );
}
