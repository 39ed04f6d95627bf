/**
 * Photos and logos against a real server: uploads, who may change which, the hostile files a
 * reviewer would try next (each refused, or re-encoded so what is served is a clean image with an
 * image's Content-Type), https-only links copied once at save time, and a prospect page that loads
 * images from Ringback only.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMAGE_PATH } from "../../lib/images/served";
import { containsMarkup, htmlPage, logoPng, photoJpeg, pixelBombPng, pngWithHtml, SCRIPT, smallGif, svgWithScript, withJpegComment } from "../support/images";
import { runCli, setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";
import { cliEnv, withServerDb } from "../support/server-db";
import { makeCertificate, startImageHost, type ImageHost, type TestCertificate } from "../support/tls";

let server: TestServer;
let admin: Client;
let rep: Client;
let tls: TestCertificate;
let host: ImageHost;
let prospectSlug: string;

beforeAll(async () => {
  tls = makeCertificate();
  const photo = await photoJpeg(800, 600);
  host = await startImageHost(tls, {
    "/rita.jpg": (_req, res) => res.writeHead(200, { "Content-Type": "image/jpeg" }).end(photo),
    "/page.html": (_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end(htmlPage()),
    "/logo.svg": (_req, res) => res.writeHead(200, { "Content-Type": "image/svg+xml" }).end(svgWithScript()),
  });
  // The image host is on 127.0.0.1 with its own certificate: this server trusts both, no other does.
  server = await startServer({ env: { IMAGE_UPLOAD_MAX_MB: "1", IMAGE_FETCH_ALLOW_PRIVATE: "true", NODE_EXTRA_CA_CERTS: tls.certFile } });
  admin = await setUpAdmin(server.url, { addExample: false });
  runCli(["user:create", "--email", "rita@acme.test", "--password", "a long passphrase", "--name", "Rita Rep"], cliEnv(server));
  rep = await signIn(server.url, "rita@acme.test", "a long passphrase");
  const p = await rep.fetch("/api/console/prospects", { method: "POST", json: { firstName: "Rob", lastName: "Mason" } });
  prospectSlug = (await p.json()).slug;
});

afterAll(async () => {
  await server?.stop();
  await host?.close();
});

function upload(client: Client, purpose: string, bytes: Buffer, type = "application/octet-stream") {
  return client.fetch(`/api/console/images?for=${purpose}`, { method: "POST", body: new Uint8Array(bytes), headers: { "Content-Type": type } });
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body).toEqual({ error: { code, message: expect.any(String), fields: expect.any(Object) } });
  return body.error as { code: string; message: string; fields: Record<string, string> };
}

/** What a browser gets for an image address: a clean WebP, typed as one, that can never run as a page. */
async function expectCleanImage(url: string, size?: { width: number; height: number }) {
  expect(url).toMatch(IMAGE_PATH);
  const res = await fetch(server.url + url);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("image/webp");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  // Opened on its own, it may load and run nothing (lib/server.ts's policy for /uploads/).
  expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
  expect(res.headers.get("content-security-policy")).not.toMatch(/script-src|unsafe/);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.subarray(0, 4).toString("latin1")).toBe("RIFF");
  expect(bytes.subarray(8, 12).toString("latin1")).toBe("WEBP");
  expect(containsMarkup(bytes)).toBe(false);
  const meta = await sharp(bytes).metadata();
  expect(meta.format).toBe("webp");
  if (size) expect(meta).toMatchObject(size);
}

/** A GET with the path exactly as given (no dot-segment resolution, no %-decoding on our side). */
function rawGet(pathname: string): Promise<{ status: number; contentType: string; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port: server.port, path: pathname }, (res) => {
      let body = "";
      res.setEncoding("latin1");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), location: res.headers.location, body }));
    });
    req.on("error", reject);
  });
}

/** Every image source on the prospect's page. */
async function pageImageSources(): Promise<string[]> {
  const html = await (await fetch(`${server.url}/${prospectSlug}`)).text();
  const attrs = [...html.matchAll(/\s(?:src|srcset|poster)="([^"]*)"/g)].map((m) => m[1]);
  const css = [...html.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => m[1]);
  return [...attrs, ...css];
}

describe("uploading a photo or a logo", () => {
  it("a rep uploads a photo: cropped square, re-encoded, served by Ringback with long caching", async () => {
    const res = await upload(rep, "photo", await photoJpeg(640, 480), "image/jpeg");
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ url: expect.stringMatching(IMAGE_PATH), width: 256, height: 256, bytes: expect.any(Number) });
    await expectCleanImage(body.url, { width: 256, height: 256 });
    expect(fs.existsSync(path.join(server.dataDir, "uploads", path.basename(body.url)))).toBe(true);

    const saved = await rep.fetch("/api/console/profile", { method: "PATCH", json: { photoUrl: body.url } });
    expect(saved.status).toBe(200);
    expect((await saved.json()).user.photoUrl).toBe(body.url);
    expect(await pageImageSources()).toContain(body.url);
  });

  it("an admin uploads the workspace logo; a rep may not (403), nor may anyone signed out (401)", async () => {
    await expectError(await upload(rep, "logo", await logoPng()), 403, "forbidden");
    const anon = await fetch(`${server.url}/api/console/images?for=photo`, { method: "POST", body: new Uint8Array(await logoPng()) });
    await expectError(anon, 401, "unauthorized");
    await expectError(await upload(admin, "banner", await logoPng()), 422, "invalid_input");

    const res = await upload(admin, "logo", await logoPng(1000, 200), "image/png");
    expect(res.status).toBe(201);
    const { url } = await res.json();
    await expectCleanImage(url, { width: 480, height: 96 });
    const saved = await admin.fetch("/api/console/workspace", { method: "PATCH", json: { logoUrl: url } });
    expect(saved.status).toBe(200);
    expect((await saved.json()).workspace.logoUrl).toBe(url);
    expect(await pageImageSources()).toContain(url);
  });

  it("refuses an image over IMAGE_UPLOAD_MAX_MB with 413", async () => {
    const big = Buffer.concat([await photoJpeg(100, 100), Buffer.alloc(1024 * 1024 + 1)]);
    await expectError(await upload(rep, "photo", big), 413, "too_large");
  });

  it("lets a profile point only at an image Ringback keeps", async () => {
    const gone = await rep.fetch("/api/console/profile", { method: "PATCH", json: { photoUrl: "/uploads/0123456789abcdef0123456789abcdef.webp" } });
    expect((await expectError(gone, 422, "invalid_input")).fields.photoUrl).toMatch(/upload it again/);
    for (const photoUrl of ["/uploads/abc.pdf", "/uploads/../ringback.db", "javascript:alert(1)", "data:image/png;base64,iVBORw0KGgo="]) {
      const res = await rep.fetch("/api/console/profile", { method: "PATCH", json: { photoUrl } });
      expect(Object.keys((await expectError(res, 422, "invalid_input")).fields), photoUrl).toEqual(["photoUrl"]);
    }
  });
});

describe("what a security reviewer would upload next", () => {
  it("an SVG with a script: refused with 415", async () => {
    const e = await expectError(await upload(rep, "photo", svgWithScript(), "image/svg+xml"), 415, "unsupported_type");
    expect(e.message).toMatch(/SVG/);
    await expectError(await upload(admin, "logo", svgWithScript(), "image/svg+xml"), 415, "unsupported_type");
    // Nor through the video and PDF upload, which keeps bytes as they are.
    const asFile = await rep.fetch("/api/console/uploads", { method: "POST", body: new Uint8Array(svgWithScript()), headers: { "Content-Type": "application/octet-stream" } });
    await expectError(asFile, 415, "unsupported_type");
  });

  it("an HTML page, and the same page named .png and sent as image/png: refused with 415", async () => {
    await expectError(await upload(rep, "photo", htmlPage(), "text/html"), 415, "unsupported_type");
    const renamed = await rep.fetch("/api/console/images?for=photo", { method: "POST", body: new Uint8Array(htmlPage()), headers: { "Content-Type": "image/png", "Content-Disposition": 'attachment; filename="me.png"' } });
    await expectError(renamed, 415, "unsupported_type");
  });

  it("a PNG with an HTML page appended (a polyglot): stored as a clean WebP", async () => {
    const res = await upload(admin, "logo", await pngWithHtml(), "image/png");
    expect(res.status).toBe(201);
    await expectCleanImage((await res.json()).url);
  });

  it("a GIF and a JPEG with <script> in a comment: stored as clean WebP images", async () => {
    for (const bytes of [await smallGif(SCRIPT), withJpegComment(await photoJpeg(300, 300), `<html>${SCRIPT}</html>`)]) {
      expect(containsMarkup(bytes)).toBe(true);
      const res = await upload(rep, "photo", bytes);
      expect(res.status).toBe(201);
      await expectCleanImage((await res.json()).url, { width: 256, height: 256 });
    }
  });

  it("a 900-megapixel PNG of 100 KB (a decompression bomb): refused before decoding, and the server is fine", async () => {
    const started = Date.now();
    const e = await expectError(await upload(rep, "photo", pixelBombPng(30_000)), 422, "too_many_pixels");
    expect(e.message).toMatch(/30000 × 30000/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await rep.fetch("/api/console/profile")).status).toBe(200);
  });

  it("addresses outside the uploads folder, or of types never kept: 400 or 404, never a file", async () => {
    const probes = [
      "/uploads/../../etc/passwd",
      "/uploads/../ringback.db",
      "/uploads/%2e%2e/ringback.db",
      "/uploads/..%2F..%2Fetc%2Fpasswd",
      "/uploads/%2e%2e%2fringback.db",
      "/uploads/..%5c..%5cringback.db",
      "/uploads/ringback.db",
      "/uploads/x.svg",
      "/uploads/x.html",
      "/uploads/0123456789abcdef0123456789abcdef.webp%00.html",
      "/uploads/0123456789abcdef0123456789abcdef.webp/",
      "/uploads/.0123456789abcdef0123456789abcdef.webp.0123456789ab.part",
    ];
    for (const p of probes) {
      // Sent as written: fetch() would resolve the dots before they reach the server.
      const res = await rawGet(p);
      expect([400, 404, 308], `${p} → ${res.status}`).toContain(res.status);
      expect(res.contentType, p).not.toMatch(/^image\/|octet-stream/);
      if (res.status === 308) expect(new URL(res.location!, server.url).pathname, p).not.toMatch(/etc\/passwd|ringback\.db/);
      expect(res.body, p).not.toMatch(/root:x:0:0|SQLite format/);
    }
  });
});

describe("photo and logo links", () => {
  it("refuses an http:// link with 422 naming the field", async () => {
    const res = await rep.fetch("/api/console/profile", { method: "PATCH", json: { photoUrl: "http://cdn.example.com/me.png" } });
    const e = await expectError(res, 422, "invalid_input");
    expect(Object.keys(e.fields)).toEqual(["photoUrl"]);
    expect(e.fields.photoUrl).toMatch(/https:\/\//);
    const logo = await admin.fetch("/api/console/workspace", { method: "PATCH", json: { logoUrl: "http://cdn.example.com/logo.png" } });
    expect(Object.keys((await expectError(logo, 422, "invalid_input")).fields)).toEqual(["logoUrl"]);
  });

  it("copies an https link once, when it is saved; the page then loads it from Ringback only", async () => {
    const link = `${host.origin}/rita.jpg`;
    const res = await rep.fetch("/api/console/profile", { method: "PATCH", json: { photoUrl: link } });
    expect(res.status).toBe(200);
    const { photoUrl } = (await res.json()).user;
    expect(photoUrl).toMatch(IMAGE_PATH);
    await expectCleanImage(photoUrl, { width: 256, height: 256 });
    expect(host.hits.get("/rita.jpg")).toBe(1);
    for (let i = 0; i < 3; i++) expect(await pageImageSources()).toContain(photoUrl);
    expect(host.hits.get("/rita.jpg")).toBe(1);
  });

  it("fails the save with 422 naming the field and why, when the link is not an image or cannot be fetched", async () => {
    const cases: [string, RegExp][] = [
      [`${host.origin}/page.html`, /does not lead to a PNG, JPEG, WebP or GIF image/],
      [`${host.origin}/logo.svg`, /does not lead to a PNG, JPEG, WebP or GIF image/],
      [`${host.origin}/missing.png`, /answered HTTP 404/],
      ["https://127.0.0.1:9/refused.png", /could not be reached/],
    ];
    const before = (await (await admin.fetch("/api/console/workspace")).json()).workspace.logoUrl;
    for (const [logoUrl, why] of cases) {
      const res = await admin.fetch("/api/console/workspace", { method: "PATCH", json: { logoUrl, companyName: "Changed" } });
      const e = await expectError(res, 422, "invalid_input");
      expect(e.fields.logoUrl, logoUrl).toMatch(why);
    }
    // Nothing of a refused save is kept.
    const after = (await (await admin.fetch("/api/console/workspace")).json()).workspace;
    expect(after.logoUrl).toBe(before);
    expect(after.companyName).not.toBe("Changed");
  });

  it("shows a link stored before this change to nobody: the page falls back to initials and the company name", async () => {
    // As an older version would have saved them.
    await withServerDb(server, async (db) => {
      await db.run("UPDATE users SET photo_url = ? WHERE email = ?", "https://tracker.example.com/rita.png", "rita@acme.test");
      await db.run("UPDATE workspace_settings SET logo_url = ?", "http://tracker.example.com/logo.png");
    });
    // A profile save drops the cached page; the change is to the title only.
    await rep.fetch("/api/console/profile", { method: "PATCH", json: { title: "Account Executive" } });
    const sources = await pageImageSources();
    for (const src of sources) {
      expect(src, src).not.toMatch(/^(https?:)?\/\//i);
      expect(src.startsWith("/") || src.startsWith("data:"), src).toBe(true);
    }
    const html = await (await fetch(`${server.url}/${prospectSlug}`)).text();
    expect(html).not.toContain("tracker.example.com");
    expect(html).toContain(">RR<");

    const settings = await (await rep.fetch("/settings")).text();
    expect(settings).toContain("not shown to prospects");
  });
});

describe("with private addresses refused (the default)", () => {
  let strict: TestServer;
  let strictAdmin: Client;
  beforeAll(async () => {
    strict = await startServer({ env: { NODE_EXTRA_CA_CERTS: tls.certFile } });
    strictAdmin = await setUpAdmin(strict.url, { addExample: false });
  });
  afterAll(async () => {
    await strict?.stop();
  });

  it("refuses a link to this machine, without fetching it", async () => {
    const before = host.hits.get("/rita.jpg") ?? 0;
    for (const photoUrl of [`${host.origin}/rita.jpg`, `https://localhost:${new URL(host.origin).port}/rita.jpg`, "https://169.254.169.254/latest/meta-data/photo.png"]) {
      const res = await strictAdmin.fetch("/api/console/profile", { method: "PATCH", json: { photoUrl } });
      const e = await expectError(res, 422, "invalid_input");
      expect(e.fields.photoUrl, photoUrl).toMatch(/private network/);
    }
    expect(host.hits.get("/rita.jpg") ?? 0).toBe(before);
  });
});
