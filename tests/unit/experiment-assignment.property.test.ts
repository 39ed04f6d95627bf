/**
 * Assignment of messages to experiment arms, over generated experiments: even while arms fill up to
 * their minimum, then Thompson sampling that favours the better message exactly as often as it is
 * likely to be the best (checked against the deterministic chanceToBeBest), reproducible from a seed.
 * Statistical checks use bounds of 5+ standard errors, so a correct sampler essentially never fails.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pickArm, type AssignableArm } from "../../lib/experiments/assignment";
import { sampleBeta, sampleGamma, seededRandom } from "../../lib/experiments/random";
import { chanceToBeBest } from "../../lib/experiments/stats";

const ARM_IDS = ["A", "B", "C", "D"];
const emptyArms = (count: number): AssignableArm[] => ARM_IDS.slice(0, count).map((id) => ({ id, successes: 0, trials: 0, messages: 0 }));
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** How often each arm is picked over `draws` independent picks from the same state. */
function pickShares(arms: AssignableArm[], minPerArm: number, draws: number, random: () => number): Map<string, number> {
  const counts = new Map(arms.map((arm) => [arm.id, 0]));
  for (let i = 0; i < draws; i++) {
    const { armId } = pickArm(arms, { minPerArm, random });
    counts.set(armId, (counts.get(armId) ?? 0) + 1);
  }
  return new Map([...counts].map(([id, n]) => [id, n / draws]));
}

describe("before every arm has its minimum", () => {
  it("with no data, picks every arm about equally often", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 500 }), seed, (count, minPerArm, s) => {
        const draws = 4000;
        const shares = pickShares(emptyArms(count), minPerArm, draws, seededRandom(s));
        const standardError = Math.sqrt((1 / count) * (1 - 1 / count) / draws);
        for (const share of shares.values()) expect(Math.abs(share - 1 / count)).toBeLessThan(5 * standardError);
      }),
      { numRuns: 25 },
    );
  });

  it("always picks one of the arms with the fewest messages, whatever their results so far", () => {
    const arm = fc.record({ messages: fc.integer({ min: 0, max: 300 }), trials: fc.integer({ min: 0, max: 300 }), rate: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(arm, { minLength: 2, maxLength: 4 }), fc.integer({ min: 1, max: 400 }), seed, (generated, extra, s) => {
        const arms = generated.map((g, i) => ({ id: ARM_IDS[i], messages: g.messages, trials: g.trials, successes: Math.round(g.rate * g.trials) }));
        const fewest = Math.min(...arms.map((a) => a.messages));
        const minPerArm = fewest + extra; // some arm is below the minimum
        const random = seededRandom(s);
        for (let i = 0; i < 20; i++) {
          const pick = pickArm(arms, { minPerArm, random });
          expect(pick.reason).toBe("balancing");
          expect(arms.find((a) => a.id === pick.armId)?.messages).toBe(fewest);
        }
      }),
    );
  });

  it("filling an experiment from nothing leaves every arm with exactly the minimum", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 60 }), seed, (count, minPerArm, s) => {
        const arms = emptyArms(count);
        const random = seededRandom(s);
        for (let i = 0; i < count * minPerArm; i++) {
          const pick = pickArm(arms, { minPerArm, random });
          expect(pick.reason).toBe("balancing");
          arms.find((a) => a.id === pick.armId)!.messages++;
        }
        expect(arms.map((a) => a.messages)).toEqual(arms.map(() => minPerArm));
        expect(pickArm(arms, { minPerArm, random }).reason).toBe("thompson");
      }),
    );
  });
});

describe("once every arm has its minimum (Thompson sampling)", () => {
  /** Arms with the same observed rate but one clearly better: 4+ standard errors of the difference ahead. */
  const clearlyOneBetter = fc
    .record({
      count: fc.integer({ min: 2, max: 4 }),
      trials: fc.integer({ min: 100, max: 20000 }),
      rate: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      betterIndex: fc.nat(3),
    })
    .map(({ count, trials, rate, betterIndex }) => {
      const successes = Math.round(rate * trials);
      const lead = Math.ceil(4 * Math.sqrt(2 * trials * rate * (1 - rate))) + 2;
      const better = betterIndex % count;
      const arms = ARM_IDS.slice(0, count).map((id, i) => ({
        id,
        trials,
        messages: trials,
        successes: i === better ? Math.min(trials, successes + lead) : successes,
      }));
      return { arms, better: ARM_IDS[better], minPerArm: trials };
    });

  it("picks the clearly better message more often than any other, and most of the time", () => {
    fc.assert(
      fc.property(clearlyOneBetter, seed, ({ arms, better, minPerArm }, s) => {
        const shares = pickShares(arms, minPerArm, 600, seededRandom(s));
        expect(pickArm(arms, { minPerArm, random: seededRandom(s) }).reason).toBe("thompson");
        for (const [id, share] of shares) if (id !== better) expect(shares.get(better)!).toBeGreaterThan(share);
        expect(shares.get(better)!).toBeGreaterThan(0.5);
      }),
      { numRuns: 40 },
    );
  });

  it("picks each arm as often as its chance to be best (the sampler agrees with the quadrature)", () => {
    const arm = fc.record({ trials: fc.integer({ min: 0, max: 3000 }), rate: fc.double({ min: 0, max: 0.3, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(arm, { minLength: 2, maxLength: 4 }), seed, (generated, s) => {
        const arms = generated.map((g, i) => ({ id: ARM_IDS[i], trials: g.trials, messages: 10, successes: Math.round(g.rate * g.trials) }));
        const draws = 3000;
        const shares = pickShares(arms, 10, draws, seededRandom(s));
        chanceToBeBest(arms).forEach((p, i) => {
          const standardError = Math.sqrt((p * (1 - p)) / draws);
          expect(Math.abs(shares.get(arms[i].id)! - p)).toBeLessThan(5 * standardError + 1e-3);
        });
      }),
      { numRuns: 25 },
    );
  });
});

describe("reproducibility", () => {
  /** A whole experiment run: pick, then record a result drawn from each arm's true rate. */
  function simulate(s: number | string, picks: number): string[] {
    const random = seededRandom(s);
    const trueRates: Record<string, number> = { A: 0.05, B: 0.08, C: 0.06 };
    const arms = emptyArms(3);
    const chosen: string[] = [];
    for (let i = 0; i < picks; i++) {
      const { armId } = pickArm(arms, { minPerArm: 20, random });
      const arm = arms.find((a) => a.id === armId)!;
      arm.messages++;
      arm.trials++;
      if (random() < trueRates[armId]) arm.successes++;
      chosen.push(armId);
    }
    return chosen;
  }

  it("the same seed gives the same assignments; another seed gives others", () => {
    fc.assert(
      fc.property(seed, (s) => {
        expect(simulate(s, 300)).toEqual(simulate(s, 300));
        expect(simulate(s, 300)).not.toEqual(simulate(s + 1, 300));
      }),
      { numRuns: 20 },
    );
    expect(simulate("exp_abc", 100)).toEqual(simulate("exp_abc", 100));
  });

  it("seededRandom gives uniform numbers in [0, 1)", () => {
    fc.assert(
      fc.property(fc.oneof(seed, fc.string()), (s) => {
        const random = seededRandom(s);
        let sum = 0;
        const draws = 5000;
        for (let i = 0; i < draws; i++) {
          const u = random();
          expect(u).toBeGreaterThanOrEqual(0);
          expect(u).toBeLessThan(1);
          sum += u;
        }
        expect(Math.abs(sum / draws - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / draws));
      }),
      { numRuns: 20 },
    );
  });
});

describe("the samplers match theory", () => {
  /** Sample mean and variance of `draws` values. */
  function moments(draw: () => number, draws: number): { mean: number; variance: number } {
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < draws; i++) {
      const x = draw();
      sum += x;
      sumSquares += x * x;
    }
    const mean = sum / draws;
    return { mean, variance: (sumSquares - draws * mean * mean) / (draws - 1) };
  }

  it.each([
    [1, 1],
    [2, 5],
    [0.5, 0.5],
    [31, 971],
    [3001, 97001],
    [40, 2],
  ])("Beta(%d, %d): mean and variance within tolerance", (a, b) => {
    const random = seededRandom(`beta ${a} ${b}`);
    const draws = 40000;
    const { mean, variance } = moments(() => sampleBeta(a, b, random), draws);
    const trueMean = a / (a + b);
    const trueVariance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(mean - trueMean)).toBeLessThan(5 * Math.sqrt(trueVariance / draws));
    // The sample variance's relative standard error is at most ~sqrt(2/N)·(1 + excess kurtosis/2): 5% is > 5 of them here.
    expect(Math.abs(variance / trueVariance - 1)).toBeLessThan(0.05);
  });

  it.each([0.3, 1, 4.5, 1000])("Gamma(%d): mean and variance both equal the shape", (shape) => {
    const random = seededRandom(`gamma ${shape}`);
    const draws = 40000;
    const { mean, variance } = moments(() => sampleGamma(shape, random), draws);
    expect(Math.abs(mean - shape)).toBeLessThan(5 * Math.sqrt(shape / draws));
    expect(Math.abs(variance / shape - 1)).toBeLessThan(shape < 1 ? 0.1 : 0.05);
  });
});
