/**
 * The statistics behind voicemail experiments (issue 12): how sure we are of each message's rate,
 * the chance each message is truly the best, and whether a winner can be named yet. Pure functions,
 * no database; rates are fractions (0.031, not 3.1).
 *
 * Every posterior is Beta(1 + successes, 1 + failures): a uniform prior, so an arm with no data is
 * "anything from 0 to 1" and a few messages cannot make a winner on their own.
 */
import { betaQuantile, betaLogPdf, logBeta, normalQuantile, regularizedIncompleteBeta } from "./beta";
import { gaussLegendreRule } from "./quadrature";

/** What we know of one arm for the chosen goal: how many of its trials reached the goal. */
export type ArmCounts = { successes: number; trials: number };

/** An observed rate with an interval around it, all fractions in [0, 1]. */
export type RateInterval = { rate: number; low: number; high: number };

function checkCounts({ successes, trials }: ArmCounts): void {
  if (!Number.isInteger(trials) || trials < 0) throw new RangeError(`trials must be a whole number ≥ 0, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`successes must be a whole number from 0 to trials (${trials}), got ${successes}`);
  }
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`a confidence level is a fraction between 0 and 1, got ${level}`);
}

/** The posterior's Beta shapes under the uniform prior. */
function posteriorShapes({ successes, trials }: ArmCounts): { a: number; b: number } {
  return { a: 1 + successes, b: 1 + trials - successes };
}

/**
 * The Wilson score interval (no continuity correction), as scipy's binomtest(…).proportion_ci(method="wilson").
 * Chosen over the textbook p ± z·se because it stays inside [0, 1] and is honest at 0 or all successes.
 * With no trials nothing is known: rate 0, interval [0, 1].
 */
export function wilson(successes: number, trials: number, confidence = 0.95): RateInterval {
  checkCounts({ successes, trials });
  checkLevel(confidence);
  if (trials === 0) return { rate: 0, low: 0, high: 1 };
  const rate = successes / trials;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (rate + z2 / (2 * trials)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((rate * (1 - rate)) / trials + z2 / (4 * trials * trials));
  // The formula gives exactly 0 and 1 at the edges in exact arithmetic; rounding must not leave 1e-17.
  return {
    rate,
    low: successes === 0 ? 0 : Math.max(0, center - halfWidth),
    high: successes === trials ? 1 : Math.min(1, center + halfWidth),
  };
}

/**
 * The equal-tailed Bayesian credible interval for the rate: the (1 − level)/2 and (1 + level)/2
 * quantiles of Beta(1 + successes, 1 + failures). `rate` is the observed rate, as in wilson().
 */
export function betaInterval(successes: number, trials: number, level = 0.95): RateInterval {
  checkCounts({ successes, trials });
  checkLevel(level);
  const { a, b } = posteriorShapes({ successes, trials });
  return {
    rate: trials === 0 ? 0 : successes / trials,
    low: betaQuantile((1 - level) / 2, a, b),
    high: betaQuantile((1 + level) / 2, a, b),
  };
}

/**
 * How the chance-to-be-best integral is laid out: panel edges at each posterior's mean plus these
 * many standard deviations (both sides, clipped to [0, 1]), a Gauss–Legendre rule on every panel.
 * Panels of all arms are merged, so wherever any arm's density or CDF changes quickly the panels are
 * as narrow as that arm's sd: this is what keeps 100k-trial posteriors (sd ~ 0.0005) exact. Panels
 * widen in the tails, where everything is smooth and small. Beyond 20 sd even the most skewed
 * posterior here (Beta(1, n), nearly exponential) leaves < 1e-9 of its mass.
 */
const CHANCE_LAYOUT = { edgesInSds: [0, 1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20], nodesPerPanel: 10 } as const;
const RULE = gaussLegendreRule(CHANCE_LAYOUT.nodesPerPanel);

/**
 * The probability that each arm's true rate is the highest, with independent Beta(1 + s, 1 + n − s)
 * posteriors: P(i best) = ∫ f_i(x) ∏_{j≠i} F_j(x) dx. Computed deterministically by quadrature (not
 * by simulation), so the number on the results page does not wobble between reloads. Each F_j starts
 * exactly (incomplete beta at the left edge) and is carried across the panels by integrating f_j,
 * which needs only densities at the nodes. Returns fractions in the arms' order, summing to 1.
 */
export function chanceToBeBest(arms: readonly ArmCounts[]): number[] {
  arms.forEach(checkCounts);
  const count = arms.length;
  if (count === 0) return [];
  if (count === 1) return [1];

  const shapes = arms.map(posteriorShapes);
  const logNorms = shapes.map(({ a, b }) => logBeta(a, b));

  const edges: number[] = [];
  for (const { a, b } of shapes) {
    const mean = a / (a + b);
    const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
    for (const k of CHANCE_LAYOUT.edgesInSds) {
      edges.push(Math.min(1, Math.max(0, mean + k * sd)));
      if (k > 0) edges.push(Math.min(1, Math.max(0, mean - k * sd)));
    }
  }
  edges.sort((x, y) => x - y);

  const n = RULE.nodes.length;
  const cdfAtEdge = shapes.map(({ a, b }, j) => regularizedIncompleteBeta(edges[0], a, b, logNorms[j]));
  const density = shapes.map(() => new Float64Array(n));
  const cdf = shapes.map(() => new Float64Array(n));
  const chance = new Array<number>(count).fill(0);

  for (let e = 1; e < edges.length; e++) {
    const left = edges[e - 1];
    const right = edges[e];
    if (!(right > left)) continue;
    const half = (right - left) / 2;
    const middle = left + half;
    for (let j = 0; j < count; j++) {
      const { a, b } = shapes[j];
      const f = density[j];
      let panelMass = 0;
      for (let k = 0; k < n; k++) {
        f[k] = Math.exp(betaLogPdf(middle + half * RULE.nodes[k], a, b, logNorms[j]));
        panelMass += RULE.weights[k] * f[k];
      }
      const F = cdf[j];
      for (let k = 0; k < n; k++) {
        let running = 0;
        for (let m = 0; m < n; m++) running += RULE.running[k * n + m] * f[m];
        // The running-integral weights are partly negative, so far out in a tail the sum can dip a
        // hair below 0 (−1e-29): a CDF cannot.
        F[k] = Math.min(1, Math.max(0, cdfAtEdge[j] + half * running));
      }
      cdfAtEdge[j] = Math.min(1, cdfAtEdge[j] + half * panelMass);
    }
    for (let i = 0; i < count; i++) {
      const f = density[i];
      let sum = 0;
      for (let k = 0; k < n; k++) {
        let product = RULE.weights[k] * f[k];
        for (let j = 0; j < count && product !== 0; j++) if (j !== i) product *= cdf[j][k];
        sum += product;
      }
      chance[i] += half * sum;
    }
  }

  // In exact arithmetic the chances already sum to 1 (they are the pieces of d/dx ∏ F_j); dividing
  // by the sum only removes the ~1e-10 the quadrature leaves. The cap stops rounding from showing a
  // certain winner as 1.0000000000000002.
  const total = chance.reduce((s, p) => s + p, 0);
  return chance.map((p) => Math.min(1, Math.max(0, p / total)));
}

/** One arm of an experiment as the winner rule sees it; `label` is how the results page names it ("Message B"). */
export type ExperimentArm = ArmCounts & { id: string; label?: string; messages: number };

export type WinnerDecision = {
  /** The id of the winning arm, or null while nothing can be said. */
  winner: string | null;
  /** One plain sentence for the results page: who won, or what is not known yet. */
  reason: string;
  /** Each arm's chance to be best, in the arms' order (empty before every arm has its minimum). */
  chanceBest: number[];
};

/** Whole percent, rounded down so that "95%" is never shown for 94.99% (nor "100%" for 99.99%). */
function percentDown(fraction: number): string {
  return `${Math.floor(fraction * 100 + 1e-9)}%`;
}

/** A threshold as people write it: 95%, 97.5%. */
function percentPlain(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}

function joinWithAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** The sentences the results page shows under an experiment. Data, so wording changes in one place. */
export const WINNER_SENTENCES = {
  tooFewArms: () => "An experiment needs at least two messages to compare.",
  needsMoreMessages: (short: { name: string; missing: number }[]) =>
    `${joinWithAnd(
      short.map(({ name, missing }, i) =>
        i === 0 ? `${name} needs ${missing} more ${missing === 1 ? "message" : "messages"}` : `${name} needs ${missing} more`,
      ),
    )} before anything can be said.`,
  noLeaderYet: (threshold: number, leader: string, chance: number) =>
    `No message is ahead with ${percentPlain(threshold)} certainty yet: ${leader} has a ${percentDown(chance)} chance to be best.`,
  winner: (threshold: number, leader: string, chance: number) =>
    `${leader} is ahead with ${percentPlain(threshold)} certainty: it has a ${percentDown(chance)} chance to be best.`,
} as const;

/**
 * Whether an experiment has a winner: not before EVERY arm has at least minPerArm messages (early
 * leads are mostly noise), and then only the arm whose chance to be best exceeds the threshold.
 */
export function decideWinner(
  arms: readonly ExperimentArm[],
  { minPerArm, threshold = 0.95 }: { minPerArm: number; threshold?: number },
): WinnerDecision {
  checkLevel(threshold);
  const nameOf = (arm: ExperimentArm) => arm.label ?? arm.id;
  if (arms.length < 2) return { winner: null, reason: WINNER_SENTENCES.tooFewArms(), chanceBest: [] };

  const short = arms.filter((arm) => arm.messages < minPerArm);
  if (short.length > 0) {
    const missing = short.map((arm) => ({ name: nameOf(arm), missing: minPerArm - arm.messages }));
    return { winner: null, reason: WINNER_SENTENCES.needsMoreMessages(missing), chanceBest: [] };
  }

  const chanceBest = chanceToBeBest(arms);
  let leader = 0;
  for (let i = 1; i < arms.length; i++) if (chanceBest[i] > chanceBest[leader]) leader = i;
  const leaderName = nameOf(arms[leader]);
  if (chanceBest[leader] > threshold) {
    return { winner: arms[leader].id, reason: WINNER_SENTENCES.winner(threshold, leaderName, chanceBest[leader]), chanceBest };
  }
  return { winner: null, reason: WINNER_SENTENCES.noLeaderYet(threshold, leaderName, chanceBest[leader]), chanceBest };
}
