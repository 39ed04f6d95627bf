/** How page components tell the visit beacon what happened (see VisitBeacon): a DOM event, no coupling. */
export function track(type: string, data?: Record<string, unknown>): void {
  document.dispatchEvent(new CustomEvent("ringback:event", { detail: { type, data } }));
}
