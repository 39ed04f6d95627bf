import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import type { CSSProperties } from "react";
import { Brandmark } from "../_components/Brandmark";
import { OfferBlock } from "../_components/page/OfferBlock";
import { PresentationBlock } from "../_components/page/PresentationBlock";
import { VideoBlock } from "../_components/page/VideoBlock";
import { VisitBeacon } from "../_components/page/VisitBeacon";
import { offerExpired, storedBlocks, UPLOAD_PATH, videoSource, type Block } from "@/lib/blocks";
import { brandColors } from "@/lib/brand";
import { servedImage } from "@/lib/images/served";
import { pageBySlug } from "@/lib/pages";
import { callNumberFor, workspace } from "@/lib/profiles";
import { publicOrigin } from "@/lib/prospects";

// Rendered per request by Next.js, then served from lib/page-cache.ts until something on it changes.
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

async function load(params: Props["params"]) {
  const { slug } = await params;
  let text = slug;
  try {
    text = decodeURIComponent(slug);
  } catch {
    // A malformed %-sequence is simply not a known slug.
  }
  return pageBySlug(text.toLowerCase());
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await load(params);
  const company = workspace().companyName;
  if (!found) return { title: { absolute: company }, robots: { index: false, follow: false } };
  const title = `${found.prospect.firstName}, this is for you`;
  const description = `${found.owner.name} at ${company} put this together for you.`;
  const h = await headers();
  const image = { url: `/og/${found.prospect.slug}`, width: 1200, height: 630, alt: title };
  return {
    metadataBase: new URL(publicOrigin(`${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}`)),
    title: { absolute: `${title} · ${company}` },
    description,
    robots: { index: false, follow: false },
    openGraph: { title, description, images: [image], type: "website", siteName: company },
    twitter: { card: "summary_large_image", title, description, images: [image] },
  };
}

const weekday = new Intl.DateTimeFormat("en", { weekday: "long", timeZone: "UTC" });
const shortDate = new Intl.DateTimeFormat("en", { day: "numeric", month: "long", timeZone: "UTC" });

function initials(name: string): string {
  return Array.from(name.trim().split(/\s+/).slice(0, 2), (w) => Array.from(w)[0] ?? "").join("").toUpperCase();
}

/** "I'll call you on Thursday" for the coming week; a date beyond it. */
function promise(followUpAt: number | null, now: number): string | null {
  if (!followUpAt || followUpAt < now) return null;
  const days = (followUpAt - now) / 86_400_000;
  if (days < 1 && new Date(followUpAt).getUTCDate() === new Date(now).getUTCDate()) return "I'll call you later today.";
  return days < 7 ? `I'll call you on ${weekday.format(followUpAt)}.` : `I'll call you on ${shortDate.format(followUpAt)}.`;
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

export default async function ProspectPage({ params }: Props) {
  const found = await load(params);
  if (!found) notFound();
  const { prospect, owner } = found;
  const ws = workspace();
  const now = Date.now();
  const { brand, ink } = brandColors(ws.brandColor);
  const repFirst = owner.name.split(/\s+/)[0];
  const subject = `Re: your message for ${`${prospect.firstName} ${prospect.lastName}`.trim()}`;
  const blocks = storedBlocks(prospect.blocks);
  const said = promise(prospect.followUpAt, now);
  // Their own phone, else the workspace's main one: a page always has a way to call when it can.
  const tel = callNumberFor(owner, ws);
  // Only images Ringback serves itself: a link left from before is not shown (initials and the name are).
  const logo = servedImage(ws.logoUrl);
  const photo = servedImage(owner.photoUrl);
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
      {prospect.message && <p className="message">{prospect.message}</p>}
      {blocks.map((b, i) => renderBlock(b, i, prospect.firstName, now))}
      <nav className="actions" aria-label={`Reach ${repFirst}`}>
        {tel && (
          <a className="button primary" href={`tel:${tel}`} data-rb-cta="call">
            Call {repFirst} now
          </a>
        )}
        <a className="button" href={`mailto:${owner.email}?subject=${encodeURIComponent(subject)}`} data-rb-cta="email">
          E-mail {repFirst}
        </a>
        {owner.calendarUrl && (
          <a className="button" href={owner.calendarUrl} target="_blank" rel="noopener noreferrer" data-rb-cta="book">
            Book a time
          </a>
        )}
      </nav>
      {said && <p className="promise">{said}</p>}
      <VisitBeacon slug={prospect.slug} />
      <footer className="page-footer">
        A personal page from {owner.name} at {ws.companyName}. We note when it is opened so {repFirst} knows to call back.{" "}
        <a href="/privacy">About these pages</a>
      </footer>
    </main>
  );
}
