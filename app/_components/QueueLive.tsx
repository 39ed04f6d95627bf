"use client";
/** Keeps the call-back queue current without a reload: on every live alert, and each minute (who is "on the page now" changes with time). */
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function QueueLive() {
  const router = useRouter();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), 250);
    };
    window.addEventListener("ringback:alert", soon);
    const tick = setInterval(() => router.refresh(), 60_000);
    return () => {
      window.removeEventListener("ringback:alert", soon);
      clearInterval(tick);
      clearTimeout(timer);
    };
  }, [router]);
  return null;
}
