import type { Metadata } from "next";
import { Brandmark } from "../_components/Brandmark";

export const metadata: Metadata = { title: "About these pages", robots: { index: false } };
// The same for everyone, so it is rendered once at build time (and is the benchmark's static reference).
export const dynamic = "force-static";

export default function PrivacyPage() {
  return (
    <main className="page">
      <div className="page-company">
        <Brandmark />
      </div>
      <h1 className="hello">About these pages</h1>
      <p className="message">
        Someone who called you made this page for you. When you open it, they are told that it was opened, how long it was on screen, and what you
        watched or clicked on it, so they know it is a good moment to call back.
      </p>
      <p className="message">
        We do not set cookies on these pages, we do not store your IP address (only a salted hash, to count a visit once), and we do not share
        anything with advertisers. Link previews (for example when a link is pasted into a chat) are recorded as previews, not as visits.
      </p>
      <p className="message">If you would rather not be contacted, reply to the person who called you and say so.</p>
    </main>
  );
}
