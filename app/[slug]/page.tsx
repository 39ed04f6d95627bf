import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ProspectPageView } from "../_components/page/ProspectPageView";
import { resolvedPageBySlug } from "@/lib/pages";
import { workspace } from "@/lib/profiles";
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
  return resolvedPageBySlug(text.toLowerCase());
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await load(params);
  const company = (await workspace()).companyName;
  if (!found) return { title: { absolute: company }, robots: { index: false, follow: false } };
  const title = `${found.prospect.firstName}, this is for you`;
  const description = `${found.owner.name} at ${company} put this together for you.`;
  const h = await headers();
  const image = { url: `/og/${found.prospect.slug}`, width: 1200, height: 630, alt: title };
  return {
    metadataBase: new URL(await publicOrigin(`${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}`)),
    title: { absolute: `${title} · ${company}` },
    description,
    robots: { index: false, follow: false },
    openGraph: { title, description, images: [image], type: "website", siteName: company },
    twitter: { card: "summary_large_image", title, description, images: [image] },
  };
}

export default async function ProspectPage({ params }: Props) {
  const found = await load(params);
  if (!found) notFound();
  const { prospect, owner, page } = found;
  const ws = await workspace();
  // The play id and version go into the page (and its beacon): a cached copy reports what it showed.
  return <ProspectPageView prospect={prospect} owner={owner} workspace={ws} page={page} now={Date.now()} beacon />;
}
