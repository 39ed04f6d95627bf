/**
 * Serving a prospect's page from the in-memory cache (lib/page-cache.ts), or rendering it with
 * Next.js once and keeping a copy of what was sent.
 */
import type http from "node:http";
import { externalDataVersion } from "../db/queries/prospects";
import { config } from "./config";
import { cachedPage, storePage } from "./page-cache";
import { prospectPagePolicy } from "./security/csp";

/** Headers that belong to one connection or one encoding, never replayed from the cache. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date", "set-cookie", "x-nextjs-cache", "x-ringback-cache"]);

function acceptsGzip(req: http.IncomingMessage): boolean {
  return /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
}

/** Client-side navigations and prefetches ask for data, not the page's HTML: never cached. */
function isDocumentRequest(req: http.IncomingMessage): boolean {
  return !req.headers["rsc"] && !req.headers["next-router-prefetch"] && !req.headers["next-action"] && !req.headers["next-router-state-tree"];
}

const ASYNC_FRAMEWORK_SCRIPT = /<script src="(\/_next\/static\/[^"<>]+\.js)" async=""><\/script>/g;

/**
 * The page is complete as HTML; the framework's scripts only make its few buttons live. They are
 * async already (any order); starting them after the first paint lets a phone paint the page
 * before it parses ~130 KB of JavaScript.
 */
export function deferFrameworkScripts(html: string): string {
  const sources: string[] = [];
  const stripped = html.replace(ASYNC_FRAMEWORK_SCRIPT, (_m, src: string) => {
    sources.push(src);
    return "";
  });
  if (sources.length === 0 || !stripped.includes("</body>")) return html;
  const loader =
    `<script>(function(){var s=${JSON.stringify(sources)};function go(){for(var i=0;i<s.length;i++){var e=document.createElement("script");e.src=s[i];e.async=true;document.body.appendChild(e)}}` +
    `if(window.requestAnimationFrame){requestAnimationFrame(function(){setTimeout(go,0)})}else{go()}})()</script>`;
  return stripped.replace("</body>", `${loader}</body>`);
}

/**
 * A prospect's page, from the cache or rendered once. The whole render is held back until it is
 * complete: its Content-Security-Policy lists the hashes of the page's inline scripts, which are
 * known only then (a few KB; only a miss pays for it). `blocksOf` gives the prospect's blocks, for the
 * players and files the policy must allow.
 */
export async function servePage(req: http.IncomingMessage, res: http.ServerResponse, slug: string, blocksOf: () => unknown, render: (req: http.IncomingMessage, res: http.ServerResponse) => unknown, opts: { cache?: boolean } = {}): Promise<unknown> {
  const cfg = config();
  res.setHeader("X-Robots-Tag", "noindex, nofollow");
  if (!isDocumentRequest(req)) return render(req, res);
  const caching = cfg.PAGE_CACHE_MAX_ENTRIES > 0 && opts.cache !== false;

  // The page names its own address (link-preview tags) from the Host it was asked for when no public
  // address is set, so a copy made for one Host is never served for another: a request with
  // "Host: evil.example" cannot plant that name in everyone's copy.
  const key = `${String(req.headers.host ?? "").toLowerCase()}/${slug}`;
  const version = externalDataVersion();
  const hit = caching ? cachedPage(key, cfg.PAGE_CACHE_TTL_SECONDS * 1000, version) : undefined;
  if (hit) {
    const gzip = acceptsGzip(req);
    const body = gzip ? hit.gzip : hit.body;
    const headers: http.OutgoingHttpHeaders = Object.fromEntries(hit.headers);
    headers["content-length"] = body.length;
    headers["x-ringback-cache"] = "hit";
    headers["vary"] = "Accept-Encoding";
    if (gzip) headers["content-encoding"] = "gzip";
    res.writeHead(hit.status, headers);
    return res.end(req.method === "HEAD" ? undefined : body);
  }

  // What the page embeds (players, files), for its policy: read before the render starts.
  const blocks = await blocksOf();
  // Render once without compression so the copy can be replayed in any encoding.
  delete req.headers["accept-encoding"];
  const chunks: Buffer[] = [];
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (typeof chunk === "string") chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  // Headers the renderer gives are kept on the response, not sent, until the body is complete.
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    res.statusCode = status;
    const headers = rest.find((r) => r && typeof r === "object") as http.OutgoingHttpHeaders | string[] | undefined;
    if (Array.isArray(headers)) for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(headers[i], headers[i + 1]);
    else if (headers) for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    return res;
  }) as typeof res.writeHead;
  res.flushHeaders = () => {};
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    if (done) process.nextTick(done);
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk !== undefined && typeof chunk !== "function") keep(chunk, rest[0]);
    const html = String(res.getHeader("content-type") ?? "").startsWith("text/html");
    const ok = res.statusCode === 200;
    const body = html && ok ? Buffer.from(deferFrameworkScripts(Buffer.concat(chunks).toString("utf8"))) : Buffer.concat(chunks);
    if (html) res.setHeader("Content-Security-Policy", prospectPagePolicy(body.toString("utf8"), blocks));
    const cacheable = caching && html && ok && req.method === "GET" && !res.hasHeader("set-cookie") && !res.getHeader("content-encoding");
    if (cacheable) {
      const headers = Object.entries(res.getHeaders())
        .filter(([name, value]) => !HOP_BY_HOP.has(name) && value !== undefined)
        .map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)] as [string, string]);
      storePage(key, { status: 200, headers, body }, cfg.PAGE_CACHE_MAX_ENTRIES, version);
    }
    if (!res.getHeader("content-encoding")) res.setHeader("Content-Length", body.length);
    res.removeHeader("transfer-encoding");
    writeHead(res.statusCode);
    return end(req.method === "HEAD" ? undefined : body);
  }) as typeof res.end;
  res.setHeader("X-Ringback-Cache", "miss");
  return render(req, res);
}
