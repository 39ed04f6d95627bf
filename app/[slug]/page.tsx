import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Brandmark } from "../_components/Brandmark";
import { pageBySlug } from "@/lib/pages";
import { workspace } from "@/lib/profiles";

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
  if (!found) return { title: company, robots: { index: false, follow: false } };
  return {
    title: `${found.prospect.firstName}, this is for you`,
    description: `${found.owner.name} at ${company} put this together for you.`,
    robots: { index: false, follow: false },
  };
}

const weekday = new Intl.DateTimeFormat("en", { weekday: "long", timeZone: "UTC" });

function initials(name: string): string {
  return Array.from(name.trim().split(/\s+/).slice(0, 2), (w) => Array.from(w)[0] ?? "").join("").toUpperCase();
}

export default async function ProspectPage({ params }: Props) {
  const found = await load(params);
  if (!found) notFound();
  const { prospect, owner } = found;
  const ws = workspace();
  const subject = `Re: your message for ${prospect.firstName} ${prospect.lastName}`.trim();
  return (
    <main className="page">
      <div className="page-company">
        <Brandmark label={ws.companyName} />
      </div>
      <h1 className="hello">Hi {prospect.firstName},</h1>
      <div className="rep">
        {owner.photoUrl ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img className="avatar" src={owner.photoUrl} alt="" width={56} height={56} />
        ) : (
          <div className="avatar" aria-hidden="true">
            {initials(owner.name)}
          </div>
        )}
        <div>
          <div className="rep-name">{owner.name}</div>
          <div className="muted">{[owner.title, ws.companyName].filter(Boolean).join(", ")}</div>
        </div>
      </div>
      {prospect.message && <p className="message">{prospect.message}</p>}
      <div className="actions">
        {owner.phone && (
          <a className="button primary" href={`tel:${owner.phone.replace(/[^+\d]/g, "")}`}>
            Call {owner.name.split(" ")[0]} now
          </a>
        )}
        <a className="button" href={`mailto:${owner.email}?subject=${encodeURIComponent(subject)}`}>
          E-mail {owner.name.split(" ")[0]}
        </a>
        {owner.calendarUrl && (
          <a className="button" href={owner.calendarUrl} rel="noopener">
            Book a time
          </a>
        )}
      </div>
      {prospect.followUpAt && prospect.followUpAt > Date.now() && (
        <p className="promise">I&apos;ll call you on {weekday.format(prospect.followUpAt)}.</p>
      )}
    </main>
  );
}
