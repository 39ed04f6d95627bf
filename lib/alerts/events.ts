/**
 * What the visit pipeline tells the rest of Ringback about: the events that alerts, e-mail and
 * webhooks are made from. One shape for all of them, so a receiver sees what the console sees.
 * visit.burst sums up the visits of one prospect held back beyond its alert rate (a flood).
 */
export const ACTIVITY_TYPES = ["visit.started", "visit.engaged", "cta.clicked", "link.previewed", "visit.burst"] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export type ActivityEvent = {
  /** evt id of the underlying visit event where there is one; otherwise a fresh id. Stable per event. */
  id: string;
  type: ActivityType;
  at: number;
  prospect: { id: string; slug: string; firstName: string; lastName: string; company: string | null; phone: string | null; email: string | null };
  ownerId: string;
  visitId: string | null;
  /** e.g. { percent: 75 }, { cta: "call" }, { source: "Slack" }, { returnAfterMs: 259200000 }, { count: 50, followUps: 3 } */
  data: Record<string, unknown>;
  /** In a rep's words: "Rob Mason (Northwind) is on his page now. Call +1 555 010 2030" */
  message: string;
};
