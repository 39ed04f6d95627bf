/**
 * Gauss–Legendre quadrature on [−1, 1], plus its integration matrix: from a function's values at the
 * nodes, both its integral over the panel and its running integral up to each node. The running
 * integral is what lets chance-to-be-best get every arm's CDF at every node from densities alone
 * (a handful of exp() calls) instead of one incomplete-beta continued fraction per node.
 */

export type GaussLegendreRule = {
  /** Nodes t_k in (−1, 1), ascending. */
  nodes: Float64Array;
  /** Weights w_k: Σ w_k f(t_k) ≈ ∫_{−1}^{1} f. */
  weights: Float64Array;
  /** running[k·n + m]: Σ_m running[k·n + m] f(t_m) ≈ ∫_{−1}^{t_k} f (exact for polynomials of degree < n). */
  running: Float64Array;
};

/** P_0(t) … P_{count−1}(t), Legendre polynomials by their three-term recurrence. */
function legendreValues(t: number, count: number): Float64Array {
  const values = new Float64Array(count);
  values[0] = 1;
  if (count > 1) values[1] = t;
  for (let p = 1; p + 1 < count; p++) values[p + 1] = ((2 * p + 1) * t * values[p] - p * values[p - 1]) / (p + 1);
  return values;
}

/** The n-point Gauss–Legendre rule and its integration matrix, computed once (Newton on P_n's roots). */
export function gaussLegendreRule(n: number): GaussLegendreRule {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      const values = legendreValues(t, n + 1);
      derivative = (n * (t * values[n] - values[n - 1])) / (t * t - 1);
      const step = values[n] / derivative;
      t -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[n - 1 - i] = t;
    weights[n - 1 - i] = 2 / ((1 - t * t) * derivative * derivative);
  }
  // ℓ_m(t) = w_m Σ_p (2p+1)/2 P_p(t_m) P_p(t) is the Lagrange basis at the nodes (the rule is exact to
  // degree 2n − 1), and ∫_{−1}^{t} P_p = (P_{p+1}(t) − P_{p−1}(t)) / (2p + 1) for p ≥ 1.
  const atNodes = Array.from(nodes, (t) => legendreValues(t, n + 1));
  const running = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const pk = atNodes[k];
    for (let m = 0; m < n; m++) {
      const pm = atNodes[m];
      let sum = (nodes[k] + 1) / 2;
      for (let p = 1; p < n; p++) sum += 0.5 * pm[p] * (pk[p + 1] - pk[p - 1]);
      running[k * n + m] = weights[m] * sum;
    }
  }
  return { nodes, weights, running };
}
