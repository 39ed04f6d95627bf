/** How the console writes rates and waits: one place, so the experiment, report and charts agree. */

/** A fraction as a percentage with one decimal ("19.4%"). */
export const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** A wait in the unit people think in: minutes, hours up to two days, then days; "—" for none. */
export function duration(ms: number | null): string {
  if (ms === null) return "—";
  const m = Math.round(ms / 60_000);
  return m < 60 ? `${m} min` : m < 48 * 60 ? `${Math.round(m / 6) / 10} h` : `${Math.round(m / 144) / 10} days`;
}
