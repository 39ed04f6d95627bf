"use client";
/** The console's sections, with the one being looked at marked (aria-current), so a rep always knows where they are. */
import { usePathname } from "next/navigation";

const SECTIONS: { href: string; label: string; admin?: boolean }[] = [
  { href: "/", label: "Call-back queue" },
  { href: "/call", label: "Call mode" },
  { href: "/prospects", label: "Prospects" },
  { href: "/voicemails", label: "Message log" },
  { href: "/scripts", label: "Scripts" },
  { href: "/experiments", label: "Experiments" },
  { href: "/campaigns", label: "Campaigns" },
  { href: "/plays", label: "Plays" },
  { href: "/settings", label: "Settings" },
  { href: "/reports", label: "Report", admin: true },
  { href: "/team", label: "Team", admin: true },
];

export function ConsoleNav({ isAdmin }: { isAdmin: boolean }) {
  const path = usePathname() ?? "/";
  const current = (href: string) => (href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`));
  return (
    <nav className="nav" aria-label="Console">
      {SECTIONS.filter((s) => isAdmin || !s.admin).map((s) => (
        <a key={s.href} href={s.href} aria-current={current(s.href) ? "page" : undefined}>
          {s.label}
        </a>
      ))}
    </nav>
  );
}
