/**
 * The blocks a prospect's page can show: a demo video, a short presentation, a special offer.
 * Validated here once, for the console, the API and CSV rows alike.
 */
import { z } from "zod";

/** Where a video link can be played, and how to embed it once the prospect presses play. */
export type VideoSource =
  | { kind: "file"; src: string }
  | { kind: "embed"; provider: "YouTube" | "Vimeo" | "Loom" | "Wistia"; embedUrl: string };

const ID = /^[A-Za-z0-9_-]{4,64}$/;

/** One rule a provider: how to find the video's id in a link, and the player URL for it. */
const PROVIDERS: { provider: "YouTube" | "Vimeo" | "Loom" | "Wistia"; hosts: RegExp; id: (u: URL) => string | undefined; embed: (id: string) => string }[] = [
  {
    provider: "YouTube",
    hosts: /^(www\.|m\.)?(youtube\.com|youtube-nocookie\.com)$/,
    id: (u) => u.searchParams.get("v") ?? u.pathname.match(/^\/(?:embed|shorts|live)\/([^/]+)/)?.[1],
    // The privacy-enhanced host sets no cookies until play.
    embed: (id) => `https://www.youtube-nocookie.com/embed/${id}?autoplay=1&rel=0`,
  },
  { provider: "YouTube", hosts: /^youtu\.be$/, id: (u) => u.pathname.split("/")[1], embed: (id) => `https://www.youtube-nocookie.com/embed/${id}?autoplay=1&rel=0` },
  {
    provider: "Vimeo",
    hosts: /^(www\.|player\.)?vimeo\.com$/,
    id: (u) => u.pathname.match(/(?:^|\/)(\d{5,12})(?:\/|$)/)?.[1],
    embed: (id) => `https://player.vimeo.com/video/${id}?autoplay=1`,
  },
  {
    provider: "Loom",
    hosts: /^(www\.)?loom\.com$/,
    id: (u) => u.pathname.match(/^\/(?:share|embed)\/([^/]+)/)?.[1],
    embed: (id) => `https://www.loom.com/embed/${id}?autoplay=1`,
  },
  {
    provider: "Wistia",
    hosts: /^([a-z0-9-]+\.)?(wistia\.com|wistia\.net|wi\.st)$/,
    id: (u) => u.pathname.match(/\/(?:medias|iframe)\/([^/]+)/)?.[1],
    embed: (id) => `https://fast.wistia.net/embed/iframe/${id}?autoPlay=true`,
  },
];

/** Every origin a video player may be framed from (the providers' embed hosts above). */
export const PLAYER_ORIGINS = [...new Set(PROVIDERS.map((p) => new URL(p.embed("x")).origin))];

/** Uploaded files are served by us under /uploads/. */
export const UPLOAD_PATH = /^\/uploads\/[A-Za-z0-9_-]+\.(mp4|webm|pdf)$/;

export function videoSource(url: string): VideoSource | undefined {
  if (UPLOAD_PATH.test(url)) return url.endsWith(".pdf") ? undefined : { kind: "file", src: url };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return undefined;
  for (const p of PROVIDERS) {
    if (!p.hosts.test(u.hostname)) continue;
    const id = p.id(u);
    if (id && ID.test(id)) return { kind: "embed", provider: p.provider, embedUrl: p.embed(id) };
  }
  if (/\.(mp4|webm)$/i.test(u.pathname) && u.protocol === "https:") return { kind: "file", src: u.toString() };
  return undefined;
}

const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`);
const link = z
  .string()
  .trim()
  .max(1000, "Use at most 1000 characters.")
  .refine((v) => UPLOAD_PATH.test(v) || /^https:\/\/[^\s<>"]+$/i.test(v), "Enter an https:// link or an uploaded file.");

export const videoBlockSchema = z.object({
  type: z.literal("video"),
  url: link.refine((v) => videoSource(v) !== undefined, "Use a YouTube, Vimeo, Loom or Wistia link, or an MP4 file."),
  title: text(120).optional(),
});

export const presentationBlockSchema = z.object({
  type: z.literal("presentation"),
  url: link,
  title: text(120).optional(),
});

export const offerBlockSchema = z.object({
  type: z.literal("offer"),
  title: text(120).min(1, "Give the offer a title."),
  text: text(1000).optional(),
  code: z
    .string()
    .trim()
    .max(40, "Use at most 40 characters.")
    .regex(/^[A-Za-z0-9_-]*$/, "Use letters, digits, - and _ only.")
    .optional(),
  /** ISO date or date-time; the offer shows its expiry and hides once past. */
  expiresAt: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});

export const blockSchema = z.discriminatedUnion("type", [videoBlockSchema, presentationBlockSchema, offerBlockSchema], {
  error: "Each block needs a type: video, presentation or offer.",
});

export const blocksSchema = z
  .array(blockSchema)
  .max(6, "A page shows at most 6 blocks.")
  .refine((bs) => bs.filter((b) => b.type === "video").length <= 2, "A page shows at most 2 videos.");

export type Block = z.infer<typeof blockSchema>;
export type VideoBlock = z.infer<typeof videoBlockSchema>;
export type OfferBlock = z.infer<typeof offerBlockSchema>;
export type PresentationBlock = z.infer<typeof presentationBlockSchema>;

/** Blocks read back from the database; anything no longer valid is left out rather than shown broken. */
export function storedBlocks(value: unknown): Block[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((b) => {
    const r = blockSchema.safeParse(b);
    return r.success ? [r.data] : [];
  });
}

export function offerExpired(block: OfferBlock, now = Date.now()): boolean {
  if (!block.expiresAt) return false;
  const end = block.expiresAt.length === 10 ? Date.parse(`${block.expiresAt}T23:59:59Z`) : Date.parse(block.expiresAt);
  return Number.isFinite(end) && end < now;
}
