/**
 * Image files for tests, made on the spot: ordinary ones (by sharp) and the hostile ones a security
 * reviewer would upload (an SVG with a script, HTML named like a PNG, an image with HTML or a script
 * hidden inside, a small file that decodes to billions of pixels).
 */
import zlib from "node:zlib";
import sharp from "sharp";

export const SCRIPT = "<script>alert(document.cookie)</script>";

/** A photo-like head and shoulders on a gradient, so crops and encoders have something to do. */
export async function photoJpeg(width = 640, height = 480, opts: { orientation?: number; comment?: string } = {}): Promise<Buffer> {
  const u = Math.min(width, height);
  const cx = width / 2;
  const cy = height / 2 - u * 0.06;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#bfdbfe"/><stop offset="1" stop-color="#1e40af"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><rect x="${cx - u * 0.06}" y="${cy + u * 0.12}" width="${u * 0.12}" height="${u * 0.14}" fill="#c98f55"/><ellipse cx="${cx}" cy="${cy + u * 0.58}" rx="${u * 0.38}" ry="${u * 0.32}" fill="#1f2937"/><path d="M${cx - u * 0.08} ${cy + u * 0.27} L${cx} ${cy + u * 0.38} L${cx + u * 0.08} ${cy + u * 0.27} Z" fill="#f8fafc"/><circle cx="${cx}" cy="${cy - u * 0.03}" r="${u * 0.19}" fill="#3f2a1d"/><ellipse cx="${cx}" cy="${cy + u * 0.03}" rx="${u * 0.16}" ry="${u * 0.18}" fill="#e0ac69"/></svg>`;
  let img = sharp(Buffer.from(svg)).jpeg({ quality: 85 });
  if (opts.orientation) img = img.withMetadata({ orientation: opts.orientation }).withExifMerge({ IFD0: { Artist: "Secret Home Address 42" } });
  const out = await img.toBuffer();
  return opts.comment ? withJpegComment(out, opts.comment) : out;
}

/** A transparent PNG logo: a mark and a wordmark. */
export async function logoPng(width = 680, height = 200, word = "Acme"): Promise<Buffer> {
  const h = height;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${h * 3.4} ${h}" preserveAspectRatio="xMinYMid meet"><circle cx="${h / 2}" cy="${h / 2}" r="${h * 0.45}" fill="#0f766e"/><path d="M${h * 0.28} ${h * 0.7} L${h / 2} ${h * 0.25} L${h * 0.72} ${h * 0.7} Z" fill="#ffffff"/><text x="${h * 1.15}" y="${h * 0.74}" font-family="sans-serif" font-weight="700" font-size="${h * 0.7}" fill="#0f172a">${word}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function smallGif(comment?: string): Promise<Buffer> {
  const gif = await sharp({ create: { width: 40, height: 40, channels: 3, background: "#e11d48" } }).gif().toBuffer();
  if (!comment) return gif;
  // A comment extension just before the trailer (0x3B): valid GIF, and the script is in the bytes.
  const body = Buffer.from(comment, "latin1");
  const ext = Buffer.concat([Buffer.from([0x21, 0xfe, body.length]), body, Buffer.from([0x00])]);
  return Buffer.concat([gif.subarray(0, gif.length - 1), ext, gif.subarray(gif.length - 1)]);
}

/** Inserts a JPEG COM segment right after SOI. */
export function withJpegComment(jpeg: Buffer, comment: string): Buffer {
  const body = Buffer.from(comment, "latin1");
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xfffe, 0);
  seg.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), seg, body, jpeg.subarray(2)]);
}

export const svgWithScript = () => Buffer.from(`<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">${SCRIPT}<rect width="10" height="10"/></svg>`);
export const htmlPage = () => Buffer.from(`<!doctype html><html><body><h1>Log in to Ringback</h1>${SCRIPT}</body></html>`);

/** A real PNG followed by an HTML page: a polyglot that a sniffing browser might render as HTML. */
export async function pngWithHtml(): Promise<Buffer> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 20, g: 120, b: 200, alpha: 1 } } }).png().toBuffer();
  return Buffer.concat([png, htmlPage()]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * A valid 1-bit greyscale PNG of `side` × `side` pixels, all black: a few hundred KB that decode to
 * side² pixels (30,000² is 900 megapixels, several GB as RGBA).
 */
export function pixelBombPng(side = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Math.ceil(side / 8) + 1; // filter byte + packed bits
  const raw = Buffer.alloc(row * side); // zeros: filter 0, black
  const idat = zlib.deflateSync(raw, { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}

/** Bytes that a browser or a sloppy check might take for markup, anywhere in the file. */
export function containsMarkup(bytes: Buffer): boolean {
  const s = bytes.toString("latin1").toLowerCase();
  return s.includes("<script") || s.includes("<html") || s.includes("<svg") || s.includes("onload=");
}
