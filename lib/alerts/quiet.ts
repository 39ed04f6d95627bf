/** Quiet hours and "today" in a rep's own time zone. */

/** Minutes after local midnight in `timeZone` at `at` (UTC ms). An unknown zone counts as UTC. */
export function localMinutes(at: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0) % 24;
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  return hour * 60 + minute;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    } catch {
      f = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Whether `at` falls in the quiet hours [start, end) (minutes after local midnight). A window
 * that wraps midnight (22:00–07:00) works; start = end, or either missing, means no quiet hours.
 */
export function inQuietHours(at: number, prefs: { timeZone: string; quietStart: number | null; quietEnd: number | null }): boolean {
  const { quietStart: start, quietEnd: end } = prefs;
  if (start === null || end === null || start === end) return false;
  const m = localMinutes(at, prefs.timeZone);
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** UTC ms of the most recent local midnight in `timeZone` (the start of the rep's "today"). */
export function startOfLocalDay(at: number, timeZone: string): number {
  const m = localMinutes(at, timeZone);
  const guess = at - m * 60_000 - (at % 60_000);
  // Across a DST change the local clock jumped; one correction puts us on local midnight.
  const drift = localMinutes(guess, timeZone);
  return drift === 0 ? guess : drift > 720 ? guess + (1440 - drift) * 60_000 : guess - drift * 60_000;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "22:00" ↔ 1320 */
export function parseClock(text: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatClock(minutes: number | null): string {
  if (minutes === null) return "";
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
