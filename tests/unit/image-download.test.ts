/**
 * Copying a photo or logo link once, at save time: https only, never this machine or a private
 * network unless allowed, a deadline, a size limit, a few redirects each checked again. A local
 * https server with a certificate made for this run plays the image host.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadImage } from "../../lib/images/download";
import { ImageError } from "../../lib/images/encode";
import { logoPng } from "../support/images";
import { makeCertificate, startImageHost, type ImageHost, type TestCertificate } from "../support/tls";

let tls: TestCertificate;
let host: ImageHost;
let png: Buffer;

beforeAll(async () => {
  tls = makeCertificate();
  png = await logoPng(200, 40);
  host = await startImageHost(tls, {
    "/logo.png": (_req, res) => res.writeHead(200, { "Content-Type": "image/png" }).end(png),
    "/moved": (_req, res) => res.writeHead(302, { Location: "/logo.png" }).end(),
    "/to-http": (_req, res) => res.writeHead(301, { Location: "http://127.0.0.1:9/logo.png" }).end(),
    "/loop": (_req, res) => res.writeHead(302, { Location: "/loop" }).end(),
    "/huge": (_req, res) => res.writeHead(200, { "Content-Type": "image/png", "Content-Length": String(50 * 1024 * 1024) }).end(),
    "/endless": (_req, res) => {
      // No Content-Length: the limit must be enforced while reading.
      res.writeHead(200, { "Content-Type": "image/png" });
      const block = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (res.write(block));
      };
      res.on("drain", pump);
      pump();
      res.on("close", () => res.off("drain", pump));
    },
    "/slow": () => {
      // Never answers.
    },
  });
});

afterAll(async () => {
  await host?.close();
});

const allowed = () => ({ allowPrivate: true, ca: tls.cert, timeoutMs: 2000, maxBytes: 1024 * 1024 });

async function refused(link: string, opts: Parameters<typeof downloadImage>[1]): Promise<string> {
  const e = await downloadImage(link, opts).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, link).toBeInstanceOf(ImageError);
  expect((e as ImageError).status).toBe(422);
  return (e as ImageError).message;
}

describe("copying an image link", () => {
  it("downloads the bytes over https, following a redirect", async () => {
    expect((await downloadImage(`${host.origin}/logo.png`, allowed())).equals(png)).toBe(true);
    expect((await downloadImage(`${host.origin}/moved`, allowed())).equals(png)).toBe(true);
  });

  it("refuses this machine and private networks unless allowed, before connecting", async () => {
    const before = host.hits.get("/logo.png") ?? 0;
    for (const link of [`${host.origin}/logo.png`, `https://localhost:${new URL(host.origin).port}/logo.png`, "https://10.1.2.3/x.png", "https://169.254.169.254/latest/meta-data", "https://[::1]/x.png"]) {
      expect(await refused(link, { ...allowed(), allowPrivate: false }), link).toMatch(/this server or a private network/);
    }
    expect(host.hits.get("/logo.png") ?? 0).toBe(before);
  });

  it("checks the address the connection really goes to (a public-looking name that resolves to this machine)", async () => {
    const before = host.hits.get("/logo.png") ?? 0;
    const port = new URL(host.origin).port;
    const toLoopback = ((_name: string, _opts: object, cb: (err: null, addresses: { address: string; family: number }[]) => void) => cb(null, [{ address: "127.0.0.1", family: 4 }])) as unknown as typeof import("node:dns").lookup;
    expect(await refused(`https://images.example.com:${port}/logo.png`, { ...allowed(), allowPrivate: false, resolve: toLoopback })).toMatch(/this server or a private network/);
    expect(await refused(`https://localhost.:${port}/logo.png`, { ...allowed(), allowPrivate: false })).toMatch(/this server or a private network/);
    expect(host.hits.get("/logo.png") ?? 0).toBe(before);
  });

  it("refuses http://, and a redirect to http://", async () => {
    expect(await refused("http://cdn.example.com/me.png", allowed())).toMatch(/https:\/\//);
    expect(await refused(`${host.origin}/to-http`, allowed())).toMatch(/https:\/\//);
  });

  it("says what went wrong: a missing file, too many redirects, an untrusted certificate", async () => {
    expect(await refused(`${host.origin}/nope.png`, allowed())).toMatch(/answered HTTP 404/);
    expect(await refused(`${host.origin}/loop`, allowed())).toMatch(/redirected too many times/);
    expect(await refused(`${host.origin}/logo.png`, { ...allowed(), ca: undefined })).toMatch(/no valid https certificate/);
  });

  it("stops at the size limit, declared or not", async () => {
    expect(await refused(`${host.origin}/huge`, allowed())).toMatch(/larger than 1 MB/);
    expect(await refused(`${host.origin}/endless`, allowed())).toMatch(/larger than 1 MB/);
  });

  it("gives up at the deadline", async () => {
    const started = Date.now();
    expect(await refused(`${host.origin}/slow`, { ...allowed(), timeoutMs: 300 })).toMatch(/did not send the image within/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
