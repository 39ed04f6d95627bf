/**
 * The Beta distribution, written out: log-gamma, log-beta, the density, the regularized incomplete
 * beta function (its CDF) and its inverse (its quantiles). Hand-written rather than a dependency
 * because the candidates (stdlib's beta cdf and quantile) each pull in dozens of one-function
 * packages, and the methods below are short, classical and checked against scipy in
 * tests/unit/experiment-stats.test.ts.
 *
 * Experiment posteriors are Beta(1 + successes, 1 + failures), so shapes run from 1 to ~100,000;
 * the care taken below (Stirling corrections, log1p) is for the large ones, where naive
 * differences of log-gammas of size ~10^6 would lose digits.
 */

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Lanczos (g = 7, n = 9) coefficients: ~15 significant digits for small arguments. */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * lnΓ(x) − Stirling's approximation, for x ≥ 10: the remainder of the Stirling series. Kept apart so
 * that log-beta of large shapes can cancel the big terms exactly instead of subtracting ~10^6-sized
 * log-gammas (the trick R's lbeta uses).
 */
function stirlingRemainder(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  // 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹) − 691/(360360x¹¹): the next term is below 1e-14 at x = 10.
  return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188 - inv2 * (691 / 360360))))));
}

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs a positive argument, got ${x}`);
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingRemainder(x);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let series = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) series += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return LN_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(series);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), arranged so large shapes keep their digits. */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (!(p > 0)) throw new RangeError(`logBeta needs positive shapes, got ${a}, ${b}`);
  if (p >= 10) {
    const correction = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + correction + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const correction = stirlingRemainder(q) - stirlingRemainder(p + q);
    return logGamma(p) + correction + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/** ln of the Beta(a, b) density at x, with ln B(a, b) passed in when the caller reuses it. */
export function betaLogPdf(x: number, a: number, b: number, logNorm = logBeta(a, b)): number {
  if (x < 0 || x > 1) return -Infinity;
  // (a − 1)·ln x is 0 for a = 1 even at x = 0, where the product would be 0·(−∞).
  const left = a === 1 ? 0 : (a - 1) * Math.log(x);
  const right = b === 1 ? 0 : (b - 1) * Math.log1p(-x);
  return left + right - logNorm;
}

const CF_EPSILON = 1e-16;
const CF_TINY = 1e-300;
/** Enough for shapes of ~10^7: the fraction needs about √max(a, b) terms near the mean. */
const CF_MAX_TERMS = 20_000;

/** The continued fraction for I_x(a, b) (Numerical Recipes' betacf), evaluated by modified Lentz. */
function incompleteBetaFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < CF_TINY) d = CF_TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= CF_MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < CF_EPSILON) return h;
  }
  throw new Error(`incomplete beta did not converge for x=${x}, a=${a}, b=${b}`);
}

/**
 * I_x(a, b), the regularized incomplete beta function: P(X ≤ x) for X ~ Beta(a, b). The fraction
 * converges fast only left of the mean, so right of it we use I_x(a, b) = 1 − I_{1−x}(b, a).
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, logNorm = logBeta(a, b)): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`incomplete beta needs positive shapes, got ${a}, ${b}`);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logNorm;
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * incompleteBetaFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * incompleteBetaFraction(1 - x, b, a)) / b;
}

/** The Beta(a, b) CDF: a readable name for regularizedIncompleteBeta. */
export const betaCdf = regularizedIncompleteBeta;

/**
 * The p-quantile of Beta(a, b): the x with I_x(a, b) = p. Newton's method from a normal guess,
 * kept inside a shrinking bracket (bisection whenever Newton would leave it), so it always ends.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a quantile needs 0 ≤ p ≤ 1, got ${p}`);
  if (!(a > 0 && b > 0)) throw new RangeError(`betaQuantile needs positive shapes, got ${a}, ${b}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  // Closed forms where one shape is 1: I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a.
  if (a === 1) return -Math.expm1(Math.log1p(-p) / b);
  if (b === 1) return Math.exp(Math.log(p) / a);

  const logNorm = logBeta(a, b);
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
  let lo = 0;
  let hi = 1;
  let x = mean + normalQuantile(p) * sd;
  if (!(x > 0 && x < 1)) x = mean;
  for (let i = 0; i < 400; i++) {
    const error = regularizedIncompleteBeta(x, a, b, logNorm) - p;
    if (error === 0) return x;
    if (error < 0) lo = x;
    else hi = x;
    const density = Math.exp(betaLogPdf(x, a, b, logNorm));
    let next = x - error / density;
    if (!(next > lo && next < hi)) next = lo > 0 ? (lo + hi) / 2 : hi / 2;
    if (Math.abs(next - x) <= 1e-15 * x || hi - lo <= 1e-15 * x) return next;
    x = next;
  }
  return x;
}

// Acklam's rational approximation to the normal quantile: relative error below 1.2e-9, which is
// far inside what a Wilson interval or a starting guess needs.
const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const ACKLAM_LOW = 0.02425;

/** z with Φ(z) = p for the standard normal distribution. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`a quantile needs 0 ≤ p ≤ 1, got ${p}`);
  }
  const [a0, a1, a2, a3, a4, a5] = ACKLAM_A;
  const [b0, b1, b2, b3, b4] = ACKLAM_B;
  const [c0, c1, c2, c3, c4, c5] = ACKLAM_C;
  const [d0, d1, d2, d3] = ACKLAM_D;
  if (p < ACKLAM_LOW || p > 1 - ACKLAM_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < ACKLAM_LOW ? p : 1 - p));
    const z = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
    return p < ACKLAM_LOW ? z : -z;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}
