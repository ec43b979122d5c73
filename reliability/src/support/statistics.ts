/** Population coefficient of variation (standard deviation / mean) of `values`. */
export function coefficientOfVariation(values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

/**
 * An upper bound on the probability that `n` full-jitter delays `round(u · ceiling)` (`u`
 * uniform in [0, 1), independent) show a coefficient of variation below `minimum`: the
 * false-failure probability of asserting `CV ≥ minimum` on correctly jittered delays.
 *
 * With `x = delay / ceiling`, `CV < m` means `Σ(x − x̄)² < m² n x̄²`. For a grid point `c` within
 * `δ` of `x̄`, `Σ(x − c)² = Σ(x − x̄)² + n(x̄ − c)² < n (m² (c + δ)² + δ²)`, a lower-tail event of
 * a sum of independent bounded variables, bounded by Chernoff with the exact distribution of
 * `round(u · ceiling)`; the union over the grid covers every possible mean.
 */
export function jitterCvFalseFailureBound(n: number, ceiling: number, minimum: number): number {
  const grid = 400;
  const delta = 0.5 / grid;
  const points = Array.from({ length: ceiling + 1 }, (_, k) => ({
    x: k / ceiling,
    weight: k === 0 || k === ceiling ? 1 / (2 * ceiling) : 1 / ceiling,
  }));
  let total = 0;
  for (let j = 0; j <= grid; j += 1) {
    const c = j / grid;
    const threshold = minimum ** 2 * (c + delta) ** 2 + delta ** 2;
    let exponent = 0;
    for (let lambda = 0; lambda <= 2_000; lambda += 2) {
      const mgf = points.reduce(
        (sum, { x, weight }) => sum + weight * Math.exp(-lambda * (x - c) ** 2),
        0,
      );
      exponent = Math.min(exponent, lambda * threshold + Math.log(mgf));
    }
    total += Math.exp(n * exponent);
  }
  return Math.min(1, total);
}

/** `P(X ≥ k)` for `X ~ Binomial(n, p)`, summed exactly in log space. */
export function binomialUpperTail(n: number, p: number, k: number): number {
  if (k <= 0) return 1;
  let total = 0;
  let logChoose = 0;
  for (let i = 0; i <= n; i += 1) {
    if (i > 0) logChoose += Math.log((n - i + 1) / i);
    if (i >= k) total += Math.exp(logChoose + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return Math.min(1, total);
}
