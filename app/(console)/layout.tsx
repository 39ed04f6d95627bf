import type { ReactNode } from "react";
import { AlertFeed } from "../_components/AlertFeed";
import { Brandmark } from "../_components/Brandmark";
import { ConsoleNav } from "../_components/ConsoleNav";
import { WhoIsCalling } from "../_components/WhoIsCalling";
import { latestCursor, recentApiAlerts } from "@/lib/alerts/feed";
import { currentUser } from "@/lib/auth/current";
import { workspace } from "@/lib/profiles";

/** The console frame. Every page below still calls requireUser() itself: layouts are not re-run on every navigation. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const company = (await workspace()).companyName;
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brandmark label={company} href="/" />
          {user && (
            <ConsoleNav isAdmin={user.role === "admin"} />
          )}
          {user && <WhoIsCalling />}
          {user && <AlertFeed initialCursor={String(await latestCursor(user.id))} initial={await recentApiAlerts(user.id, 20)} />}
          {user && (
            <div className="whoami">
              <span>
                {user.name} <span className="email">· {user.email}</span>
              </span>
              <form action="/api/auth/logout" method="post">
                <button type="submit" className="button small">Sign out</button>
              </form>
            </div>
          )}
        </div>
      </header>
      <main className="main">{children}</main>
    </>
  );
}
