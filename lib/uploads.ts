/**
 * Uploaded demo videos and presentations: checked by what the bytes are (not what the browser
 * claims), size-limited, streamed to disk, and served back with Range support so phones can seek.
 * Photos and logos (lib/images/) are kept in the same folder and served here too.
 */
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { config } from "./config";
import { newId } from "./ids";

export type UploadKind = "mp4" | "webm" | "pdf";

const TYPES: Record<UploadKind, string> = { mp4: "video/mp4", webm: "video/webm", pdf: "application/pdf" };

/** What the first bytes say the file is. */
export function sniff(head: Uint8Array): UploadKind | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 5 && ascii(0, 5) === "%PDF-") return "pdf";
  if (head.length >= 12 && ascii(4, 8) === "ftyp") return "mp4";
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return "webm";
  return undefined;
}

export class UploadError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Streams a request body to the uploads folder; nothing is left behind if it is refused. */
export async function saveUpload(body: ReadableStream<Uint8Array> | null, declaredLength: number | null): Promise<{ url: string; kind: UploadKind; bytes: number }> {
  const cfg = config();
  const max = cfg.UPLOAD_MAX_MB * 1024 * 1024;
  if (!body) throw new UploadError(400, "empty", "Send the file as the request body.");
  if (declaredLength !== null && declaredLength > max) throw new UploadError(413, "too_large", `Files may be at most ${cfg.UPLOAD_MAX_MB} MB.`);
  fs.mkdirSync(cfg.uploadsDir, { recursive: true });
  const id = newId("off").slice(4);
  const tmp = path.join(/*turbopackIgnore: true*/ cfg.uploadsDir, `.${id}.part`);
  const out = fs.createWriteStream(tmp, { flags: "wx" });
  let kind: UploadKind | undefined;
  let bytes = 0;
  let head = new Uint8Array(0);
  try {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes > max) throw new UploadError(413, "too_large", `Files may be at most ${cfg.UPLOAD_MAX_MB} MB.`);
      if (!kind && head.length < 16) {
        const joined = new Uint8Array(head.length + value.length);
        joined.set(head);
        joined.set(value, head.length);
        head = joined;
        if (head.length >= 16) {
          kind = sniff(head);
          if (!kind) throw new UploadError(415, "unsupported_type", "Upload an MP4 or WebM video, or a PDF.");
        }
      }
      if (!out.write(value)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    kind ??= sniff(head);
    if (!kind) throw new UploadError(415, "unsupported_type", "Upload an MP4 or WebM video, or a PDF.");
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const name = `${id}.${kind}`;
    fs.renameSync(tmp, path.join(/*turbopackIgnore: true*/ cfg.uploadsDir, name));
    return { url: `/uploads/${name}`, kind, bytes };
  } catch (e) {
    // The file opens asynchronously: wait for the stream to close, or the open could land after the removal.
    if (!out.closed) await new Promise<void>((r) => out.once("close", () => r()).destroy());
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** What is served, by extension: what saveUpload keeps, and the WebP photos and logos of lib/images/encode.ts. */
const SERVED: Record<string, string> = { ...TYPES, webp: "image/webp" };
const NAME = /^[A-Za-z0-9_-]+\.(mp4|webm|pdf|webp)$/;

/** A Response for GET/HEAD of an uploaded file, honouring a single `Range: bytes=a-b`. */
export function uploadResponse(name: string, range: string | null, head: boolean): Response {
  if (!NAME.test(name)) return new Response("Not found", { status: 404 });
  const file = path.join(/*turbopackIgnore: true*/ config().uploadsDir, name);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return new Response("Not found", { status: 404 });
  }
  const ext = name.split(".").pop()!;
  const headers: Record<string, string> = {
    // Always the type we decided when the file was kept, never sniffed by the browser: an upload is never a page or an SVG.
    "Content-Type": SERVED[ext],
    "Accept-Ranges": "bytes",
    // Names never change meaning (a random id, or a hash of the bytes for images).
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
    // The Content-Security-Policy is lib/server.ts's (lib/security/csp.ts#uploadPolicy), set before Next.js answers.
    // Shown in place, and saved under our own safe name (the uploader's file name is never kept).
    "Content-Disposition": `inline; filename="${name}"`,
  };
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (range) {
    const m = range.match(/^bytes=(\d*)-(\d*)$/);
    if (!m || (m[1] === "" && m[2] === "")) return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${size}` } });
    if (m[1] === "") {
      start = Math.max(0, size - Number(m[2]));
    } else {
      start = Number(m[1]);
      end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    }
    if (start > end || start >= size) return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${size}` } });
    status = 206;
    headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
  }
  headers["Content-Length"] = String(end - start + 1);
  if (head || size === 0) return new Response(null, { status, headers });
  const stream = Readable.toWeb(fs.createReadStream(file, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(stream, { status, headers });
}
