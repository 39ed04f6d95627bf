/**
 * Random draws for assigning messages: a small seeded generator (so an assignment can be replayed
 * and tests are reproducible) and the Beta sampler Thompson sampling needs. Every sampler takes the
 * uniform source as an argument; Math.random is only the default.
 */

/** A source of uniform numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/** A 32-bit hash of a string (FNV-1a, then a final avalanche), to turn e.g. an experiment id into a seed. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * A deterministic uniform source from a seed: sfc32 (Chris Doty-Humphrey's small fast counter, 128
 * bits of state, passes PractRand), its state filled by splitmix32 from the seed so nearby seeds give
 * unrelated streams. Not for secrets: it only has to be fair and repeatable.
 */
export function seededRandom(seed: number | string): RandomSource {
  // Numbers go through the hash too, so 1.5 and 1 (or 0) are distinct seeds.
  let s = hashString(typeof seed === "string" ? seed : `#${seed}`);
  const splitmix32 = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let d = splitmix32();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first few outputs still echo the seeding; discard them.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** One standard normal draw (Box–Muller; 1 − u keeps the logarithm away from 0). */
export function sampleStandardNormal(random: RandomSource = Math.random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** One Gamma(shape, 1) draw by Marsaglia and Tsang (2000); shapes below 1 via the u^(1/shape) boost. */
export function sampleGamma(shape: number, random: RandomSource = Math.random): number {
  if (!(shape > 0)) throw new RangeError(`a Gamma shape must be positive, got ${shape}`);
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleStandardNormal(random);
    const base = 1 + c * x;
    if (base <= 0) continue;
    const v = base * base * base;
    const u = 1 - random();
    // The cheap squeeze accepts ~98% of draws without a logarithm.
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function sampleBeta(a: number, b: number, random: RandomSource = Math.random): number {
  const x = sampleGamma(a, random);
  const y = sampleGamma(b, random);
  return x / (x + y);
}
