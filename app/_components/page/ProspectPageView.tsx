/**
 * A prospect's page as they see it, from the resolved page (lib/plays/resolve.ts): the real page at
 * /<slug>, and the console's preview of a play (which records nothing: no beacon).
 */
import type { CSSProperties } from "react";
import { Brandmark } from "../Brandmark";
import { OfferBlock } from "./OfferBlock";
import { PresentationBlock } from "./PresentationBlock";
import { VideoBlock } from "./VideoBlock";
import { VisitBeacon } from "./VisitBeacon";
import { offerExpired, UPLOAD_PATH, videoSource, type Block } from "@/lib/blocks";
import { brandColors } from "@/lib/brand";
import { servedImage } from "@/lib/images/served";
import { callNumberFor } from "@/lib/profiles";
import type { ResolvedPage } from "@/lib/plays/resolve";

const shortDate = new Intl.DateTimeFormat("en", { day: "numeric", month: "long", timeZone: "UTC" });

function initials(name: string): string {
  return Array.from(name.trim().split(/\s+/).slice(0, 2), (w) => Array.from(w)[0] ?? "").join("").toUpperCase();
}

function renderBlock(block: Block, i: number, firstName: string, now: number) {
  switch (block.type) {
    case "video": {
      const source = videoSource(block.url);
      return source ? <VideoBlock key={i} source={source} title={block.title} firstName={firstName} /> : null;
    }
    case "presentation":
      return <PresentationBlock key={i} url={block.url} title={block.title} inline={UPLOAD_PATH.test(block.url) && block.url.endsWith(".pdf")} />;
    case "offer": {
      if (offerExpired(block, now)) return null;
      const ends = block.expiresAt ? `Ends ${shortDate.format(Date.parse(block.expiresAt.length === 10 ? `${block.expiresAt}T12:00:00Z` : block.expiresAt))}` : undefined;
      return <OfferBlock key={i} title={block.title} text={block.text} code={block.code} endsLabel={ends} />;
    }
  }
}

export type PageViewProps = {
  prospect: { firstName: string; lastName: string; slug: string };
  owner: { name: string; title: string | null; phone: string | null; email: string; photoUrl: string | null; calendarUrl: string | null };
  workspace: { companyName: string; brandColor: string; logoUrl: string | null; contactPhone: string | null };
  page: ResolvedPage;
  now: number;
  /** The real page reports visits; a preview does not. */
  beacon: boolean;
};

export async function ProspectPageView({ prospect, owner, workspace: ws, page, now, beacon }: PageViewProps) {
  const { brand, ink } = brandColors(ws.brandColor);
  const repFirst = owner.name.split(/\s+/)[0];
  const subject = `Re: your message for ${`${prospect.firstName} ${prospect.lastName}`.trim()}`;
  // Their own phone, else the workspace's main one: a page always has a way to call when it can.
  const tel = await callNumberFor(owner, ws);
  // Only images Ringback serves itself: a link left from before is not shown (initials and the name are).
  const logo = servedImage(ws.logoUrl);
  const photo = servedImage(owner.photoUrl);
  const { ctas } = page;
  return (
    <main className="page" style={{ "--brand": brand, "--brand-ink": ink } as CSSProperties}>
      <header className="page-company">
        {logo ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img className="page-logo" src={logo} alt={ws.companyName} height={28} />
        ) : (
          <Brandmark label={ws.companyName} />
        )}
      </header>
      <h1 className="hello">Hi {prospect.firstName},</h1>
      <div className="rep">
        {photo ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img className="avatar" src={photo} alt="" width={56} height={56} />
        ) : (
          <div className="avatar" aria-hidden="true">
            {initials(owner.name)}
          </div>
        )}
        <div className="rep-text">
          <div className="rep-name">{owner.name}</div>
          <div className="muted">{[owner.title, ws.companyName].filter(Boolean).join(" · ")}</div>
        </div>
      </div>
      {page.message && <p className="message">{page.message}</p>}
      {page.blocks.map((b, i) => renderBlock(b, i, prospect.firstName, now))}
      <nav className="actions" aria-label={`Reach ${repFirst}`}>
        {ctas.call && tel && (
          <a className="button primary" href={`tel:${tel}`} data-rb-cta="call">
            Call {repFirst} now
          </a>
        )}
        {ctas.email && (
          <a className="button" href={`mailto:${owner.email}?subject=${encodeURIComponent(subject)}`} data-rb-cta="email">
            E-mail {repFirst}
          </a>
        )}
        {ctas.book && owner.calendarUrl && (
          <a className="button" href={owner.calendarUrl} target="_blank" rel="noopener noreferrer" data-rb-cta="book">
            Book a time
          </a>
        )}
      </nav>
      {page.promise && <p className="promise">{page.promise}</p>}
      {beacon && <VisitBeacon slug={prospect.slug} play={page.play} />}
      <footer className="page-footer">
        A personal page from {owner.name} at {ws.companyName}. We note when it is opened so {repFirst} knows to call back.{" "}
        <a href="/privacy">About these pages</a>
      </footer>
    </main>
  );
}
