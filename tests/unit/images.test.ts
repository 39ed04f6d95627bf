/**
 * Photos and logos, without a server: what the bytes are, what sharp makes of them, and the hostile
 * files a reviewer would try. sharp runs for real.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { ImageError, reencodeImage, sniffImage, storeImage } from "../../lib/images/encode";
import { imageLinkSchema } from "../../lib/images/links";
import { IMAGE_PATH, servedImage } from "../../lib/images/served";
import { containsMarkup, htmlPage, logoPng, photoJpeg, pixelBombPng, pngWithHtml, SCRIPT, smallGif, svgWithScript, withJpegComment } from "../support/images";

beforeAll(() => {
  process.env.UPLOADS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "rb-images-unit-"));
});

async function refusal(p: Promise<unknown>): Promise<ImageError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ImageError);
  return e as ImageError;
}

describe("sniffing", () => {
  it("knows PNG, JPEG, WebP and GIF by their first bytes", async () => {
    expect(sniffImage(await logoPng(20, 10))).toBe("png");
    expect(sniffImage(await photoJpeg(20, 10))).toBe("jpeg");
    expect(sniffImage(await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).webp().toBuffer())).toBe("webp");
    expect(sniffImage(await smallGif())).toBe("gif");
  });

  it("knows nothing else, whatever it is called", () => {
    for (const bytes of [svgWithScript(), htmlPage(), Buffer.from("%PDF-1.7\n"), Buffer.from("RIFF\0\0\0\0WAVEfmt "), Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(0), Buffer.from("GIF90a")]) {
      expect(sniffImage(bytes), bytes.toString("latin1").slice(0, 20)).toBeUndefined();
    }
  });
});

describe("re-encoding", () => {
  it("crops a photo square to 256 × 256 WebP and drops EXIF, comments and the rest", async () => {
    const input = await photoJpeg(640, 480, { orientation: 1, comment: SCRIPT });
    expect((await sharp(input).metadata()).exif).toBeDefined();
    expect(input.toString("latin1")).toContain("Secret Home Address");
    const out = await reencodeImage(input, "photo");
    expect(sniffImage(out.data)).toBe("webp");
    const meta = await sharp(out.data).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(out.data.toString("latin1")).not.toContain("Secret Home Address");
    expect(containsMarkup(out.data)).toBe(false);
  });

  it("fits a logo within 480 × 96, keeps its transparency, and never enlarges it", async () => {
    const out = await reencodeImage(await logoPng(1000, 200), "logo");
    const meta = await sharp(out.data).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 480, height: 96, hasAlpha: true });
    const small = await sharp((await reencodeImage(await logoPng(120, 40), "logo")).data).metadata();
    expect(small).toMatchObject({ width: 120, height: 40 });
  });

  it("turns a photo the way the camera held it (EXIF orientation) before dropping EXIF", async () => {
    // 200 × 100 stored, "rotate 90°" in EXIF: it is a portrait 100 × 200.
    const out = await reencodeImage(await photoJpeg(200, 100, { orientation: 6 }), "logo");
    expect(await sharp(out.data).metadata()).toMatchObject({ width: 48, height: 96 });
  });

  it("keeps one frame of a GIF, and none of its comment", async () => {
    const input = await smallGif(SCRIPT);
    expect(input.toString("latin1")).toContain("<script>");
    const out = await reencodeImage(input, "photo");
    expect(await sharp(out.data).metadata()).toMatchObject({ format: "webp", width: 256, height: 256 });
    expect(containsMarkup(out.data)).toBe(false);
  });

  it("re-encodes a PNG with an HTML page appended (a polyglot) into a clean image", async () => {
    const input = await pngWithHtml();
    expect(containsMarkup(input)).toBe(true);
    const out = await reencodeImage(input, "logo");
    expect(sniffImage(out.data)).toBe("webp");
    expect(containsMarkup(out.data)).toBe(false);
  });

  it("re-encodes a JPEG with a <script> in a comment into a clean image", async () => {
    const input = withJpegComment(await photoJpeg(300, 300), `<html>${SCRIPT}</html>`);
    const out = await reencodeImage(input, "photo");
    expect(containsMarkup(out.data)).toBe(false);
  });

  it("refuses an SVG (it can carry scripts) with 415 and says why", async () => {
    const e = await refusal(reencodeImage(svgWithScript(), "logo"));
    expect(e).toMatchObject({ status: 415, code: "unsupported_type" });
    expect(e.message).toMatch(/SVG images are not accepted/);
    const bare = await refusal(reencodeImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'), "photo"));
    expect(bare.message).toMatch(/SVG/);
  });

  it("refuses HTML, whatever the file was called, with 415", async () => {
    const e = await refusal(reencodeImage(htmlPage(), "photo"));
    expect(e).toMatchObject({ status: 415, code: "unsupported_type" });
    expect(e.message).toMatch(/web page/);
    expect((await refusal(reencodeImage(Buffer.from("%PDF-1.7\n%…"), "photo"))).message).toBe("Use a PNG, JPEG, WebP or GIF image.");
  });

  it("refuses a decompression bomb before decoding it", async () => {
    const bomb = pixelBombPng(30_000);
    expect(bomb.length).toBeLessThan(200_000);
    const started = Date.now();
    const e = await refusal(reencodeImage(bomb, "photo"));
    expect(e).toMatchObject({ status: 422, code: "too_many_pixels" });
    expect(e.message).toMatch(/30000 × 30000/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses bytes that start like an image but are not one", async () => {
    const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), htmlPage()]);
    expect(await refusal(reencodeImage(fake, "photo"))).toMatchObject({ status: 422, code: "unreadable_image" });
    const truncated = (await photoJpeg(400, 400)).subarray(0, 300);
    expect((await refusal(reencodeImage(truncated, "photo"))).status).toBe(422);
    expect(await refusal(reencodeImage(Buffer.alloc(0), "photo"))).toMatchObject({ status: 400, code: "empty" });
  });
});

describe("storing", () => {
  it("names a file by the hash of its bytes, so the same image is kept once", async () => {
    const out = await reencodeImage(await logoPng(300, 60), "logo");
    const url = storeImage(out.data);
    expect(url).toMatch(IMAGE_PATH);
    expect(storeImage(out.data)).toBe(url);
    const file = path.join(process.env.UPLOADS_DIR!, path.basename(url));
    expect(fs.readFileSync(file).equals(out.data)).toBe(true);
    expect(fs.readdirSync(process.env.UPLOADS_DIR!).filter((n) => n.endsWith(".part"))).toEqual([]);
  });
});

describe("what a page may show", () => {
  it("shows only images Ringback serves itself", () => {
    expect(servedImage("/uploads/0123456789abcdef0123456789abcdef.webp")).toBe("/uploads/0123456789abcdef0123456789abcdef.webp");
    for (const u of ["https://cdn.example.com/me.png", "//cdn.example.com/me.png", "/uploads/abc.mp4", "/uploads/../ringback.db", "data:image/png;base64,AAAA", "javascript:alert(1)", "", null, undefined]) expect(servedImage(u), String(u)).toBeNull();
  });

  it("accepts an uploaded image or an https link in a photo or logo field, and nothing else", () => {
    expect(imageLinkSchema.parse(" https://cdn.example.com/me.png ")).toBe("https://cdn.example.com/me.png");
    expect(imageLinkSchema.parse("/uploads/0123456789abcdef0123456789abcdef.webp")).toBe("/uploads/0123456789abcdef0123456789abcdef.webp");
    expect(imageLinkSchema.parse("")).toBeNull();
    const http = imageLinkSchema.safeParse("http://cdn.example.com/me.png");
    expect(http.error?.issues[0].message).toMatch(/https:\/\//);
    for (const bad of ["javascript:alert(1)", "data:image/svg+xml,<svg onload=alert(1)>", "/uploads/x.pdf", "/uploads/abc.mp4", "//cdn.example.com/x.png", "https://", "ftp://x/y.png", "/etc/passwd"]) {
      expect(imageLinkSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
