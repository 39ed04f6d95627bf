/**
 * Photos and logos: checked by what their bytes are (PNG, JPEG, WebP or GIF; never SVG or HTML,
 * whatever the name or the browser claims), refused before decoding when their pixel count could
 * exhaust memory, then resized and re-encoded to WebP without metadata. Only the re-encoded bytes are
 * kept, so nothing the sender put in the file (a script in a comment, HTML appended after the
 * image, EXIF with a home address) ever reaches a prospect.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { config } from "../config";

export type ImagePurpose = "photo" | "logo";
export type ImageFormat = "png" | "jpeg" | "webp" | "gif";

export const ACCEPTED = "PNG, JPEG, WebP or GIF";

export class ImageError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Larger than any phone or camera photo (48 MP); a small file that claims more is a decompression bomb. */
export const MAX_INPUT_PIXELS = 50_000_000;

/** What each image becomes. The page shows the photo at 56 px and the logo 28 px high: these cover 3× screens. */
const SHAPES: Record<ImagePurpose, { resize: sharp.ResizeOptions; webp: (source: ImageFormat) => sharp.WebpOptions }> = {
  // A square crop around what draws the eye (usually the face).
  photo: { resize: { width: 256, height: 256, fit: "cover", position: sharp.strategy.attention }, webp: () => ({ quality: 82 }) },
  // Never cropped or enlarged; transparency kept. Flat graphics stay lossless; a photographic logo need not.
  logo: { resize: { width: 480, height: 96, fit: "inside", withoutEnlargement: true }, webp: (source) => (source === "png" || source === "gif" ? { lossless: true } : { quality: 90, alphaQuality: 100 }) },
};

/** The format the first bytes say, or undefined for anything else (SVG, HTML, PDF, HEIC, …). */
export function sniffImage(head: Uint8Array): ImageFormat | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => head[i] === b)) return "png";
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  if (head.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  if (head.length >= 6 && (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a")) return "gif";
  return undefined;
}

/** Why a file is refused, in words a rep understands. */
function unsupported(head: Uint8Array): ImageError {
  const text = Buffer.from(head.subarray(0, 512)).toString("latin1").replace(/^\uFEFF/, "").trimStart().toLowerCase();
  const what = /<svg[\s>]/.test(text) || (text.startsWith("<?xml") && text.includes("<svg")) ? "SVG images are not accepted (they can carry scripts). " : text.startsWith("<") ? "That file is a web page, not an image. " : "";
  return new ImageError(415, "unsupported_type", `${what}Use a ${ACCEPTED} image.`);
}

export type EncodedImage = { data: Buffer; width: number; height: number; source: ImageFormat };

/** Resizes and re-encodes `input` for its purpose; refuses anything that is not a plain image. */
export async function reencodeImage(input: Buffer, purpose: ImagePurpose): Promise<EncodedImage> {
  if (input.length === 0) throw new ImageError(400, "empty", "The file is empty.");
  const source = sniffImage(input);
  if (!source) throw unsupported(input);
  // One frame of an animation; errors (not mere warnings, common in phone photos) refuse the file.
  const open = () => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error", animated: false });
  let meta: sharp.Metadata;
  try {
    // The header alone (nothing is decoded yet), so a bomb can be named before the limit refuses it.
    meta = await sharp(input, { limitInputPixels: false, failOn: "error", animated: false }).metadata();
  } catch (e) {
    throw unreadable(e);
  }
  // The decoder must agree with the sniff: the bytes go to the loader they claim to be for, no other.
  if (meta.format !== source) throw unsupported(input);
  const pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
  if (!pixels) throw new ImageError(422, "unreadable_image", "This image has no size; it may be damaged.");
  if (pixels > MAX_INPUT_PIXELS) throw tooManyPixels(meta.width ?? 0, meta.pageHeight ?? meta.height ?? 0);
  const shape = SHAPES[purpose];
  try {
    // No keepMetadata(): EXIF, XMP, comments and ICC profiles are dropped (colours converted to sRGB).
    const { data, info } = await open().autoOrient().resize(shape.resize).webp(shape.webp(source)).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, source };
  } catch (e) {
    throw unreadable(e);
  }
}

function tooManyPixels(width: number, height: number): ImageError {
  return new ImageError(422, "too_many_pixels", `This image is ${width} × ${height} pixels; use one of at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels.`);
}

function unreadable(e: unknown): ImageError {
  const message = e instanceof Error ? e.message : String(e);
  if (/pixel limit/i.test(message)) return new ImageError(422, "too_many_pixels", `This image has too many pixels; use one of at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels.`);
  return new ImageError(422, "unreadable_image", "This image could not be read; it may be damaged. Try saving it again as PNG or JPEG.");
}

/** Keeps the encoded bytes under a name made from their hash (so the address can be cached forever); returns the address. */
export function storeImage(data: Buffer): string {
  const dir = config().uploadsDir;
  fs.mkdirSync(dir, { recursive: true });
  const name = `${crypto.createHash("sha256").update(data).digest("hex").slice(0, 32)}.webp`;
  const file = path.join(/*turbopackIgnore: true*/ dir, name);
  if (!fs.existsSync(file)) {
    const tmp = path.join(/*turbopackIgnore: true*/ dir, `.${name}.${crypto.randomBytes(6).toString("hex")}.part`);
    fs.writeFileSync(tmp, data, { flag: "wx" });
    fs.renameSync(tmp, file);
  }
  return `/uploads/${name}`;
}

export function imageFileExists(url: string): boolean {
  return fs.existsSync(path.join(/*turbopackIgnore: true*/ config().uploadsDir, path.basename(url)));
}

export function maxImageBytes(): number {
  return config().IMAGE_UPLOAD_MAX_MB * 1024 * 1024;
}

export function tooLarge(): ImageError {
  return new ImageError(413, "too_large", `Images may be at most ${config().IMAGE_UPLOAD_MAX_MB} MB.`);
}

/** Reads a request body into memory, refusing it once it passes `max` bytes. */
export async function readCapped(body: ReadableStream<Uint8Array> | null, declaredLength: number | null, max: number): Promise<Buffer> {
  if (!body) throw new ImageError(400, "empty", "Send the image as the request body.");
  if (declaredLength !== null && declaredLength > max) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    if (bytes > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export type SavedImage = { url: string; width: number; height: number; bytes: number };

/** An uploaded photo or logo, re-encoded and kept; the answer is the address to save in the profile or workspace. */
export async function saveImageUpload(body: ReadableStream<Uint8Array> | null, declaredLength: number | null, purpose: ImagePurpose): Promise<SavedImage> {
  const input = await readCapped(body, declaredLength, maxImageBytes());
  const image = await reencodeImage(input, purpose);
  return { url: storeImage(image.data), width: image.width, height: image.height, bytes: image.data.length };
}
