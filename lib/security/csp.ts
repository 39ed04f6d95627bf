/**
 * Content-Security-Policy and the other security headers, as data. Three policies:
 * - the console and every other Next.js page: scripts only with this request's nonce (proxy.ts);
 * - a prospect's page: served from a cache, so its inline scripts are allowed by their SHA-256
 *   hashes, and it may load only what its own blocks use (lib/page-serving.ts);
 * - everything else (API answers, the beacon, redirects, files): nothing at all.
 * Styles stay 'unsafe-inline': the pages inline their one small stylesheet and set brand colours
 * as style attributes; a nonce in style-src would switch that off. Scripts never run inline
 * without a nonce or a hash.
 */
import { createHash, randomBytes } from "node:crypto";
import { PLAYER_ORIGINS, storedBlocks, UPLOAD_PATH, videoSource, type Block } from "../blocks";

type Directives = Record<string, string[]>;

function serialize(d: Directives): string {
  return Object.entries(d)
    .map(([name, values]) => (values.length ? `${name} ${values.join(" ")}` : name))
    .join("; ");
}

/** Directives every HTML page shares: nothing framed by others, no plugins, no <base> games, forms post home. */
const PAGE_BASE: Directives = {
  "default-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  "media-src": ["'self'", "blob:"],
  "frame-src": ["'self'"],
  "worker-src": ["'self'", "blob:"],
  "manifest-src": ["'self'"],
  "frame-ancestors": ["'none'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
};

/** A fresh, unguessable nonce for one response. */
export function newNonce(): string {
  return randomBytes(18).toString("base64");
}

/**
 * The console's (and sign-in's, setup's, the 404's) policy. 'strict-dynamic' lets the framework's
 * nonce-carrying loader pull in its own chunks; 'self' is the fallback for browsers without it.
 * Development builds evaluate code from strings, so only they get 'unsafe-eval'.
 */
export function consolePolicy(nonce: string, dev = false, opts: { framedBySelf?: boolean } = {}): string {
  const script = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"];
  if (dev) script.push("'unsafe-eval'");
  // The play editor's preview is a page as a prospect sees it, for the rep: its videos play there too
  // (any provider's player, or an MP4 from an https host, since the draft may name any).
  const preview: Directives = opts.framedBySelf
    ? { "frame-ancestors": ["'self'"], "frame-src": ["'self'", ...PLAYER_ORIGINS], "media-src": ["'self'", "blob:", "https:"] }
    : {};
  return serialize({ ...PAGE_BASE, "script-src": script, ...preview });
}

/** Console pages made to be shown in a frame of our own (the play editor's live preview); every other page is framed by nobody. */
export const FRAMED_BY_SELF = new Set(["/plays/preview"]);

/** For answers that are not pages (JSON, redirects, the beacon, files): load and frame nothing. */
export const NOTHING_POLICY = serialize({
  "default-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
});

/**
 * Uploaded files (videos, PDFs, images): nothing runs or loads from them, whatever their bytes say,
 * but Ringback's own pages may frame them (a presentation opens inline on the prospect's page).
 * Everything but a PDF is also sandboxed (a unique origin, no scripts); Chromium's PDF viewer does
 * not open in a sandboxed document, and a PDF's own scripts never run in it anyway.
 */
const UPLOAD_POLICY = serialize({
  "default-src": ["'none'"],
  "frame-ancestors": ["'self'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
});

export function uploadPolicy(pathname: string): string {
  return /\.pdf$/i.test(pathname) ? UPLOAD_POLICY : `${UPLOAD_POLICY}; sandbox`;
}

/** SHA-256 of every inline <script> (no src) in the HTML, as CSP hash sources. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (/\ssrc\s*=/i.test(m[1])) continue;
    hashes.add(`'sha256-${createHash("sha256").update(m[2], "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

/** The origins a prospect's blocks load from once played or opened: video players, remote MP4s, uploaded PDFs. */
export function blockSources(blocks: Block[]): { frames: string[]; media: string[] } {
  const frames = new Set<string>();
  const media = new Set<string>();
  for (const block of blocks) {
    if (block.type === "video") {
      const source = videoSource(block.url);
      if (!source) continue;
      if (source.kind === "embed") frames.add(new URL(source.embedUrl).origin);
      else if (!source.src.startsWith("/")) media.add(new URL(source.src).origin);
    }
    // Uploaded PDFs open inline from 'self'; links to other presentations open in a new tab.
    if (block.type === "presentation" && UPLOAD_PATH.test(block.url)) frames.add("'self'");
  }
  return { frames: [...frames], media: [...media] };
}

/**
 * A prospect's page allows exactly what it uses: its own scripts (files from 'self', inline ones
 * by hash), images from Ringback only, the beacon, and the players of its own videos.
 */
export function prospectPagePolicy(html: string, blocks: unknown): string {
  const { frames, media } = blockSources(storedBlocks(blocks));
  return serialize({
    "default-src": ["'none'"],
    "script-src": ["'self'", ...inlineScriptHashes(html)],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'", ...media],
    "frame-src": frames.length ? frames : ["'none'"],
    "manifest-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
  });
}

/**
 * Headers for every response, whoever answers it. Pages replace the Content-Security-Policy with
 * their own; the rest keep "load nothing". The microphone stays available to Ringback itself (the
 * rehearsal recorder); camera, location and the rest are off.
 */
export const BASELINE_HEADERS: Record<string, string> = {
  "Content-Security-Policy": NOTHING_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), geolocation=(), payment=(), usb=(), microphone=(self)",
};

/** HSTS only where the request really came over https (a browser ignores it on http anyway). */
export const HSTS = "max-age=31536000; includeSubDomains";
