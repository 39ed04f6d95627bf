import type { NextRequest } from "next/server";
import { cardPng } from "@/lib/og/card";
import { pageBySlug } from "@/lib/pages";
import { workspace } from "@/lib/profiles";
import { recordAutomated } from "@/lib/visits/record";

type Ctx = { params: Promise<{ slug: string }> };

/**
 * The link-preview image. Previewers fetch it right after the page, so a previewer here is
 * recorded as "link previewed in Slack" (once per source every ten minutes), never as a visit.
 */
export async function GET(req: NextRequest, ctx: Ctx): Promise<Response> {
  const { slug } = await ctx.params;
  const found = await pageBySlug(slug);
  if (!found) return new Response("Not found", { status: 404, headers: { "X-Robots-Tag": "noindex" } });
  const { prospect, owner } = found;
  const ws = await workspace();
  try {
    await recordAutomated(prospect.id, req.headers.get("user-agent"));
  } catch (err) {
    console.error("[ringback] could not record a preview:", err);
  }
  const key = [prospect.id, prospect.updatedAt, owner.updatedAt, ws.updatedAt].join(":");
  const { png, cached } = await cardPng(key, {
    firstName: prospect.firstName,
    company: prospect.company,
    repName: owner.name,
    repTitle: owner.title,
    workspaceName: ws.companyName,
    brandColor: ws.brandColor,
  });
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Length": String(png.length),
      "Cache-Control": "public, max-age=300",
      "X-Robots-Tag": "noindex",
      "X-Ringback-Cache": cached ? "hit" : "miss",
    },
  });
}
