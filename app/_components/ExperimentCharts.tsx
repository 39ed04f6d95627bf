/**
 * An experiment's charts, drawn on the server as plain SVG (no chart library, no script): the
 * funnel per arm, each arm's rate with its 95% interval, and the chance each arm is best over time.
 */
import type { ArmResult } from "@/lib/experiments/experiments";
import { pct } from "@/app/_components/numbers";

/** One colour per arm (2–4), distinguishable for the common colour blindnesses. */
export const ARM_COLORS = ["#2563eb", "#d97706", "#059669", "#9333ea"];

export function FunnelChart({ arms }: { arms: ArmResult[] }) {
  const steps = [
    { key: "messages", label: "Voicemails left" },
    { key: "visits", label: "Page visited" },
    { key: "callbacks", label: "Call returned" },
    { key: "meetings", label: "Meeting" },
  ] as const;
  const max = Math.max(1, ...arms.map((a) => a.messages));
  const barH = 14;
  const groupH = arms.length * (barH + 3) + 16;
  const w = 520;
  const labelW = 120;
  const h = steps.length * groupH + 6;
  return (
    <svg className="chart exp-chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label="The funnel per arm: voicemails left, page visited, call returned, meeting">
      {steps.map((s, si) => (
        <g key={s.key} transform={`translate(0 ${si * groupH})`}>
          <text x="0" y="12" className="exp-step">
            {s.label}
          </text>
          {arms.map((a, ai) => {
            const n = a[s.key];
            const bw = Math.max(n > 0 ? 2 : 0, ((w - labelW - 60) * n) / max);
            const y = 16 + ai * (barH + 3);
            return (
              <g key={a.id}>
                <rect x={labelW} y={y} width={bw} height={barH} rx="2" fill={ARM_COLORS[ai]}>
                  <title>{`${a.name}: ${n}`}</title>
                </rect>
                <text x={labelW + bw + 6} y={y + barH - 3} className="exp-num">
                  {n}
                  {s.key !== "messages" && a.messages > 0 ? ` (${pct(n / a.messages)})` : ""}
                </text>
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}

export function IntervalChart({ arms, goalLabel }: { arms: ArmResult[]; goalLabel: string }) {
  const w = 520;
  const rowH = 30;
  const left = 12;
  const right = w - 12;
  const top = Math.max(0.05, ...arms.map((a) => a.high));
  // A scale that ends at a round number above the highest interval.
  const end = Math.min(1, Math.ceil(top * 10) / 10);
  const x = (v: number) => left + ((right - left) * v) / end;
  const h = arms.length * rowH + 24;
  const ticks = Array.from({ length: 6 }, (_, i) => (end * i) / 5);
  return (
    <svg className="chart exp-chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`Each arm's ${goalLabel} with its 95% interval`}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1="0" y2={h - 18} className="exp-grid" />
          <text x={x(t)} y={h - 4} textAnchor="middle" className="exp-num">
            {pct(t)}
          </text>
        </g>
      ))}
      {arms.map((a, i) => {
        const y = i * rowH + 14;
        return (
          <g key={a.id}>
            <line x1={x(a.low)} x2={x(a.high)} y1={y} y2={y} stroke={ARM_COLORS[i]} strokeWidth="6" strokeLinecap="round" opacity="0.35" />
            <circle cx={x(a.rate)} cy={y} r="6" fill={ARM_COLORS[i]}>
              <title>{`${a.name}: ${pct(a.rate)} (95% interval ${pct(a.low)}–${pct(a.high)})`}</title>
            </circle>
          </g>
        );
      })}
    </svg>
  );
}

export function ChanceOverTime({ arms, series }: { arms: ArmResult[]; series: { at: number; chanceBest: number[] }[] }) {
  const w = 520;
  const h = 170;
  const pad = { l: 34, r: 8, t: 8, b: 22 };
  if (series.length === 0) return <p className="muted small">No messages yet.</p>;
  const t0 = series[0].at;
  const t1 = series[series.length - 1].at;
  const x = (t: number) => pad.l + (t1 === t0 ? (w - pad.l - pad.r) / 2 : ((w - pad.l - pad.r) * (t - t0)) / (t1 - t0));
  const y = (p: number) => pad.t + (h - pad.t - pad.b) * (1 - p);
  const day = (t: number) => new Date(t).toISOString().slice(5, 10);
  return (
    <svg className="chart exp-chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label="Each arm's chance to be best, day by day">
      {[0, 0.5, 1].map((p) => (
        <g key={p}>
          <line x1={pad.l} x2={w - pad.r} y1={y(p)} y2={y(p)} className="exp-grid" />
          <text x={pad.l - 4} y={y(p) + 4} textAnchor="end" className="exp-num">
            {Math.round(p * 100)}%
          </text>
        </g>
      ))}
      <line x1={pad.l} x2={w - pad.r} y1={y(0.95)} y2={y(0.95)} className="exp-threshold" />
      <text x={w - pad.r} y={y(0.95) + 12} textAnchor="end" className="exp-num">
        95%: the bar to declare a winner
      </text>
      <text x={pad.l} y={h - 4} className="exp-num">
        {day(t0)}
      </text>
      <text x={w - pad.r} y={h - 4} textAnchor="end" className="exp-num">
        {day(t1)}
      </text>
      {arms.map((a, i) => (
        <polyline
          key={a.id}
          fill="none"
          stroke={ARM_COLORS[i]}
          strokeWidth="2.5"
          strokeLinejoin="round"
          points={series.map((s) => `${x(s.at).toFixed(1)},${y(s.chanceBest[i]).toFixed(1)}`).join(" ")}
        >
          <title>{`${a.name}: ${pct(a.chanceBest)} now`}</title>
        </polyline>
      ))}
    </svg>
  );
}
