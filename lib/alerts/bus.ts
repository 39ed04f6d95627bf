/**
 * Wake-ups: "a user has new alerts", "the outbox has work". Only a nudge — every listener reads
 * the database for what is new, so a missed nudge delays, never loses. Shared on globalThis
 * because Next.js bundles lib/ apart from the tsx-loaded HTTP layer (lib/server.ts), and both
 * publish. With several servers on PostgreSQL, alerts are also announced to the other servers
 * (db/index.ts broadcast, LISTEN/NOTIFY), so a console connected to any server hears at once.
 */
import { EventEmitter } from "node:events";
import { broadcast, onBroadcast } from "../../db/index";

const shared = globalThis as unknown as { __ringbackBus?: EventEmitter; __ringbackBusLinked?: boolean };

function bus(): EventEmitter {
  if (!shared.__ringbackBus) {
    shared.__ringbackBus = new EventEmitter();
    // One listener per open console tab.
    shared.__ringbackBus.setMaxListeners(0);
  }
  return shared.__ringbackBus;
}

/** Other servers' announcements, relayed to this process's listeners (once per process). */
function linkServers(): void {
  if (shared.__ringbackBusLinked) return;
  shared.__ringbackBusLinked = true;
  onBroadcast((topic, data) => {
    if (topic === "alerts" && Array.isArray(data)) for (const id of data) bus().emit(`alerts:${String(id)}`);
    // Deaf for a while: whatever was announced meanwhile, every stream looks again.
    if (topic === "reconnected") for (const name of bus().eventNames()) if (String(name).startsWith("alerts:")) bus().emit(name);
  });
}

export function announceAlerts(userIds: Iterable<string>): void {
  const ids = [...new Set(userIds)];
  for (const id of ids) bus().emit(`alerts:${id}`);
  if (ids.length) void broadcast("alerts", ids);
}

export function onAlerts(userId: string, listener: () => void): () => void {
  linkServers();
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
