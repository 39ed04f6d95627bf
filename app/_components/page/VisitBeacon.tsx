"use client";
/**
 * Tells Ringback that a person is looking, truthfully: only once the page has been visible for
 * about 2 s or the visitor interacts (previewers that run no script never count), time only while
 * the page is visible, and what they did. sendBeacon so the last event survives the page closing,
 * with a fetch keepalive fallback.
 */
import { useEffect } from "react";

const VIEW_AFTER_MS = 2000;
const HEARTBEAT_MS = 15_000;
const MAX_VISIBLE_MS = 30 * 60_000;

/** `play`: the play and version this copy of the page shows, so the visit records what was seen. */
export function VisitBeacon({ slug, play = null }: { slug: string; play?: { id: string; version: number } | null }) {
  useEffect(() => {
    // An automated browser is not a person.
    if (navigator.webdriver) return;
    let viewed = false;
    let visibleSince: number | null = document.visibilityState === "visible" ? performance.now() : null;
    let pendingMs = 0;
    let totalMs = 0;

    const takeVisible = () => {
      const now = performance.now();
      if (visibleSince !== null) {
        pendingMs += now - visibleSince;
        visibleSince = now;
      }
      const ms = Math.min(Math.round(pendingMs), Math.max(0, MAX_VISIBLE_MS - totalMs));
      totalMs += ms;
      pendingMs = 0;
      return ms;
    };

    const send = (type: string, data?: Record<string, unknown>) => {
      const body = JSON.stringify({ slug, type, visibleMs: takeVisible(), ...(data ? { data } : {}), ...(play ? { play } : {}) });
      try {
        if (navigator.sendBeacon?.("/api/collect", body)) return;
      } catch {
        // fall through to fetch
      }
      void fetch("/api/collect", { method: "POST", body, keepalive: true, headers: { "Content-Type": "text/plain" } }).catch(() => undefined);
    };

    const view = () => {
      if (viewed) return;
      viewed = true;
      send("view");
    };

    const viewTimer = window.setInterval(() => {
      if (!viewed && visibleSince !== null && pendingMs + (performance.now() - visibleSince) >= VIEW_AFTER_MS) view();
    }, 250);
    const heartbeat = window.setInterval(() => {
      if (viewed && document.visibilityState === "visible" && totalMs < MAX_VISIBLE_MS) send("heartbeat");
    }, HEARTBEAT_MS);

    const onVisibility = () => {
      if (document.visibilityState === "hidden") {
        if (viewed) send("leave");
        else takeVisible();
        visibleSince = null;
      } else {
        visibleSince = performance.now();
      }
    };
    const onInteract = () => view();
    const onClick = (e: MouseEvent) => {
      const cta = (e.target as Element | null)?.closest?.("[data-rb-cta]")?.getAttribute("data-rb-cta");
      if (!cta) return;
      view();
      send("cta_click", { cta });
    };
    const onEvent = (e: Event) => {
      const detail = (e as CustomEvent<{ type: string; data?: Record<string, unknown> }>).detail;
      if (!detail?.type) return;
      view();
      send(detail.type, detail.data);
    };
    const onPageHide = () => {
      if (viewed && visibleSince !== null) send("leave");
      visibleSince = null;
    };

    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", onPageHide);
    for (const t of ["pointerdown", "keydown", "scroll", "touchstart"]) window.addEventListener(t, onInteract, { passive: true, once: true });
    document.addEventListener("click", onClick, true);
    document.addEventListener("ringback:event", onEvent);
    return () => {
      window.clearInterval(viewTimer);
      window.clearInterval(heartbeat);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", onPageHide);
      for (const t of ["pointerdown", "keydown", "scroll", "touchstart"]) window.removeEventListener(t, onInteract);
      document.removeEventListener("click", onClick, true);
      document.removeEventListener("ringback:event", onEvent);
    };
  }, [slug, play]);
  return null;
}
