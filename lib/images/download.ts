/**
 * A photo or logo link, copied to Ringback once, when it is saved: prospects' pages then load
 * nothing from the link's host. The download makes this server fetch a URL a user chose, so it is
 * guarded like a webhook delivery: https only, never this machine or a private network (checked on
 * the address the socket really connects to), a deadline, a size limit, at most three redirects,
 * each checked again.
 */
import type { IncomingMessage } from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import { blockedAddress, guardedLookup } from "../alerts/destination";
import { config } from "../config";
import { ImageError, maxImageBytes } from "./encode";

export type DownloadOptions = {
  maxBytes: number;
  timeoutMs: number;
  allowPrivate: boolean;
  /** Extra certificates to trust (tests serve their images with their own). */
  ca?: string | Buffer;
  /** Name resolution under the guard (tests stand in for DNS). */
  resolve?: typeof import("node:dns").lookup;
};

const MAX_REDIRECTS = 3;
export const DOWNLOAD_TIMEOUT_MS = 10_000;

const fail = (message: string) => new ImageError(422, "image_link_failed", message);

/** The bytes at `link`, or an ImageError saying in plain words why not. */
export async function downloadImage(link: string, options: Partial<DownloadOptions> = {}): Promise<Buffer> {
  const opts: DownloadOptions = { maxBytes: maxImageBytes(), timeoutMs: DOWNLOAD_TIMEOUT_MS, allowPrivate: config().IMAGE_FETCH_ALLOW_PRIVATE, ...options };
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  let url = link;
  for (let hop = 0; ; hop++) {
    const u = parse(url);
    const res = await get(u, opts, deadline);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= MAX_REDIRECTS) throw fail(`${u.hostname} redirected too many times.`);
      url = new URL(res.headers.location, u).toString();
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw fail(`${u.hostname} answered HTTP ${status} for this link. Check it, or upload the image instead.`);
    }
    return read(res, u, opts, deadline);
  }
}

function parse(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw fail("Enter a full link starting with https://.");
  }
  if (u.protocol !== "https:") throw fail("Use a link starting with https://, or upload the image.");
  return u;
}

function get(u: URL, opts: DownloadOptions, deadline: AbortSignal): Promise<IncomingMessage> {
  // A trailing dot ("localhost.") names the same host.
  const host = u.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  // A literal address never goes through the lookup below: check it here.
  if (!opts.allowPrivate && net.isIP(host) && blockedAddress(host)) throw privateAddress(host);
  if (!opts.allowPrivate && (host === "localhost" || host.endsWith(".localhost"))) throw privateAddress(host);
  return new Promise((resolve, reject) => {
    const req = https.get(u, {
      headers: { Accept: "image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1", "User-Agent": "Ringback (copying a photo or logo link once)" },
      // The address the socket connects to is the one checked: a name cannot answer "public" to a check and "private" to the connection.
      lookup: guardedLookup(opts.resolve, () => opts.allowPrivate),
      signal: deadline,
      ca: opts.ca ? [...tls.rootCertificates, opts.ca] : undefined,
      agent: false,
    });
    req.on("response", resolve);
    req.on("error", (e) => reject(networkProblem(deadline.aborted ? deadline.reason : e, u, opts)));
  });
}

function read(res: IncomingMessage, u: URL, opts: DownloadOptions, deadline: AbortSignal): Promise<Buffer> {
  const tooBig = () => fail(`The image at this link is larger than ${Math.round(opts.maxBytes / 1024 / 1024)} MB.`);
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    res.destroy();
    return Promise.reject(tooBig());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    res.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > opts.maxBytes) {
        res.destroy();
        return reject(tooBig());
      }
      chunks.push(chunk);
    });
    res.on("end", () => resolve(Buffer.concat(chunks)));
    res.on("error", (e) => reject(networkProblem(deadline.aborted ? deadline.reason : e, u, opts)));
    res.on("close", () => {
      if (!res.complete) reject(deadline.aborted ? networkProblem(deadline.reason, u, opts) : fail(`${u.hostname} stopped sending the image.`));
    });
  });
}

function privateAddress(host: string): ImageError {
  return fail(`${host} is this server or a private network; photo and logo links must lead to a public website (or upload the image).`);
}

function networkProblem(e: unknown, u: URL, opts: DownloadOptions): ImageError {
  if (e instanceof ImageError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? "";
  const host = u.hostname;
  if (err?.name === "TimeoutError" || err?.name === "AbortError" || code === "ABORT_ERR") return fail(`${host} did not send the image within ${Math.round(opts.timeoutMs / 1000)} s.`);
  if (code === "EBLOCKEDADDRESS") return privateAddress(host);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return fail(`${host} could not be found; check the link.`);
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "EHOSTUNREACH" || code === "ENETUNREACH") return fail(`${host} could not be reached (${code}).`);
  if (/CERT|SSL|TLS|SELF_SIGNED/i.test(code) || /certificate/i.test(err?.message ?? "")) return fail(`${host} has no valid https certificate.`);
  return fail(`${host} could not be reached${code ? ` (${code})` : ""}.`);
}
