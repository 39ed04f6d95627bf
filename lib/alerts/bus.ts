/**
 * In-process wake-ups: "a user has new alerts", "the outbox has work". Only a nudge — every
 * listener reads the database for what is new, so a missed nudge delays, never loses. Shared on
 * globalThis because Next.js bundles lib/ apart from the tsx-loaded HTTP layer (lib/server.ts),
 * and both publish.
 */
import { EventEmitter } from "node:events";

const shared = globalThis as unknown as { __ringbackBus?: EventEmitter };

function bus(): EventEmitter {
  if (!shared.__ringbackBus) {
    shared.__ringbackBus = new EventEmitter();
    // One listener per open console tab.
    shared.__ringbackBus.setMaxListeners(0);
  }
  return shared.__ringbackBus;
}

export function announceAlerts(userIds: Iterable<string>): void {
  for (const id of new Set(userIds)) bus().emit(`alerts:${id}`);
}

export function onAlerts(userId: string, listener: () => void): () => void {
  bus().on(`alerts:${userId}`, listener);
  return () => bus().off(`alerts:${userId}`, listener);
}

export function kickOutbox(): void {
  bus().emit("outbox");
}

export function onOutboxKick(listener: () => void): () => void {
  bus().on("outbox", listener);
  return () => bus().off("outbox", listener);
}
