/**
 * The link-preview image of a prospect's page: "Rob, this is for you", the company, the rep.
 * Rendered with @vercel/og from fonts in this folder only, so it never reaches the network;
 * rendered images are kept in memory until what they show changes.
 */
import fs from "node:fs";
import path from "node:path";
import { ImageResponse } from "@vercel/og";
import { brandColors } from "../brand";
import { codepointsOf } from "./coverage";

const FONT_DIR = path.join(process.cwd(), "lib", "og", "fonts");

type Font = { name: string; data: Buffer; weight: 400 | 700; style: "normal" };

let loaded: { fonts: Font[]; covered: Set<number> } | undefined;

function fonts() {
  if (!loaded) {
    const read = (f: string) => fs.readFileSync(path.join(/*turbopackIgnore: true*/ FONT_DIR, f));
    const sans = read("DejaVuSans.ttf");
    const bold = read("DejaVuSans-Bold.ttf");
    // One font a script family, each with its licence beside it: Latin, Greek, Cyrillic, Arabic and
    // Hebrew (DejaVu); Chinese and Japanese (Droid Sans Fallback); Korean (Nanum Gothic);
    // Devanagari (Lohit); Thai (Loma).
    const fallbacks: [string, Buffer][] = [
      ["Droid Sans Fallback", read("DroidSansFallbackFull.ttf")],
      ["Nanum Gothic", read("NanumGothic.ttf")],
      ["Lohit Devanagari", read("Lohit-Devanagari.ttf")],
      ["Loma", read("Loma.ttf")],
    ];
    const covered = new Set<number>();
    for (const f of [sans, bold, ...fallbacks.map(([, d]) => d)]) for (const c of codepointsOf(f)) covered.add(c);
    loaded = {
      covered,
      fonts: [
        { name: "DejaVu Sans", data: sans, weight: 400, style: "normal" },
        { name: "DejaVu Sans", data: bold, weight: 700, style: "normal" },
        ...fallbacks.flatMap(([name, data]) => [400, 700].map((weight) => ({ name, data, weight: weight as 400 | 700, style: "normal" as const }))),
      ],
    };
  }
  return loaded;
}

const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u{FE0E}\u{FE0F}\u{20E3}]/u;

/** Keeps what the bundled fonts can draw, drops the rest (emoji, rare scripts, controls), tidies spaces. */
export function drawable(text: string, max = 80): string {
  const { covered } = fonts();
  const kept = Array.from(text.normalize("NFC"))
    .filter((ch) => {
      const c = ch.codePointAt(0)!;
      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return false;
      // The renderer fetches emoji images from the web whatever the fonts hold: never pass one.
      if (EMOJI.test(ch)) return false;
      return covered.has(c);
    })
    .join("")
    .replace(/\s+/g, " ")
    .trim();
  return Array.from(kept).length > max ? Array.from(kept).slice(0, max - 1).join("") + "…" : kept;
}

export type CardInput = { firstName: string; company: string | null; repName: string; repTitle: string | null; workspaceName: string; brandColor: string };

export function renderCard(input: CardInput): Promise<Buffer> {
  const { brand, ink } = brandColors(input.brandColor);
  const first = drawable(input.firstName, 40) || "there";
  const company = drawable(input.company ?? "", 60);
  const rep = drawable(input.repName, 60);
  const repLine = [drawable(input.repTitle ?? "", 60), drawable(input.workspaceName, 60)].filter(Boolean).join(" · ");
  const headline = first === "there" ? "This is for you" : `${first}, this is for you`;
  const image = new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", flexDirection: "column", justifyContent: "space-between", padding: "64px 72px", background: "#0b1220", color: "#ffffff", fontFamily: "DejaVu Sans, Droid Sans Fallback, Nanum Gothic, Lohit Devanagari, Loma" }}>
        <div style={{ display: "flex", alignItems: "center", fontSize: 34, color: "#cbd5e1" }}>
          <div style={{ width: 18, height: 18, borderRadius: 9, background: brand, marginRight: 16 }} />
          {drawable(input.workspaceName, 60)}
        </div>
        <div style={{ display: "flex", flexDirection: "column" }}>
          <div style={{ fontSize: 78, fontWeight: 700, lineHeight: 1.1 }}>{headline}</div>
          {company && <div style={{ fontSize: 40, color: "#cbd5e1", marginTop: 20 }}>{`For ${company}`}</div>}
        </div>
        <div style={{ display: "flex", alignItems: "center" }}>
          <div style={{ width: 84, height: 84, borderRadius: 42, background: brand, color: ink, display: "flex", alignItems: "center", justifyContent: "center", fontSize: 36, fontWeight: 700, marginRight: 24 }}>
            {Array.from(rep)[0] ?? "·"}
          </div>
          <div style={{ display: "flex", flexDirection: "column" }}>
            <div style={{ fontSize: 36, fontWeight: 700 }}>{rep}</div>
            {repLine && <div style={{ fontSize: 28, color: "#94a3b8" }}>{repLine}</div>}
          </div>
        </div>
      </div>
    ),
    { width: 1200, height: 630, fonts: fonts().fonts },
  );
  return image.arrayBuffer().then((b) => Buffer.from(b));
}

const cache = new Map<string, Buffer>();
const CACHE_MAX = 500;

/** The image for this exact content, rendered once. */
export async function cardPng(key: string, input: CardInput): Promise<{ png: Buffer; cached: boolean }> {
  const hit = cache.get(key);
  if (hit) return { png: hit, cached: true };
  const png = await renderCard(input);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, png);
  return { png, cached: false };
}
