/**
 * Which message of an experiment the next prospect gets. The rule, from issue 12: evenly at random
 * until every arm has the experiment's minimum of messages, then by Thompson sampling on the chosen
 * goal, so fewer prospects get the weaker message.
 */
import { sampleBeta, type RandomSource } from "./random";

/** An arm as assignment sees it: its goal counts and how many messages it has been left so far. */
export type AssignableArm = { id: string; successes: number; trials: number; messages: number };

export type ArmPick = {
  armId: string;
  /** "balancing" while some arm is below the minimum; "thompson" once every arm has it. */
  reason: "balancing" | "thompson";
};

/** A uniform index in [0, count), from a [0, 1) source; the min() guards a source that returns 1. */
function randomIndex(count: number, random: RandomSource): number {
  return Math.min(count - 1, Math.floor(random() * count));
}

/**
 * Picks the arm for the next message. While any arm has fewer than minPerArm messages, a random one
 * of the arms with the fewest messages (so the arms fill up evenly, and no goal data steers the
 * early split). After that, one draw from each arm's Beta(1 + successes, 1 + failures) posterior and
 * the highest draw wins: an arm gets messages in proportion to the chance it is the best.
 */
export function pickArm(
  arms: readonly AssignableArm[],
  { minPerArm, random = Math.random }: { minPerArm: number; random?: RandomSource },
): ArmPick {
  if (arms.length === 0) throw new RangeError("an experiment needs at least one arm to pick from");
  for (const arm of arms) {
    if (!Number.isInteger(arm.trials) || arm.trials < 0 || !Number.isInteger(arm.successes) || arm.successes < 0 || arm.successes > arm.trials) {
      throw new RangeError(`arm ${arm.id}: successes must be a whole number from 0 to trials, got ${arm.successes} of ${arm.trials}`);
    }
  }

  const fewest = Math.min(...arms.map((arm) => arm.messages));
  if (fewest < minPerArm) {
    const behind = arms.filter((arm) => arm.messages === fewest);
    return { armId: behind[randomIndex(behind.length, random)].id, reason: "balancing" };
  }

  let best = arms[0];
  let bestDraw = -Infinity;
  for (const arm of arms) {
    const draw = sampleBeta(1 + arm.successes, 1 + arm.trials - arm.successes, random);
    if (draw > bestDraw) {
      best = arm;
      bestDraw = draw;
    }
  }
  return { armId: best.id, reason: "thompson" };
}
