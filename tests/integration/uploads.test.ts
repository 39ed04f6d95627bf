import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;

/** A tiny but real-looking MP4: an ftyp box, then filler. */
function fakeMp4(bytes: number): Buffer {
  const b = Buffer.alloc(bytes, 7);
  b.writeUInt32BE(24, 0);
  b.write("ftypisom", 4, "ascii");
  return b;
}

beforeAll(async () => {
  server = await startServer({ env: { UPLOAD_MAX_MB: "1" } });
  admin = await setUpAdmin(server.url, { addExample: false });
});
afterAll(async () => {
  await server?.stop();
});

async function upload(body: Buffer, client: Client = admin) {
  return client.fetch("/api/console/uploads", { method: "POST", body: new Uint8Array(body), headers: { "Content-Type": "application/octet-stream" } });
}

describe("uploads", () => {
  it("stores an MP4 beside the database and serves it with Range support", async () => {
    const video = fakeMp4(200_000);
    const res = await upload(video);
    expect(res.status).toBe(201);
    const { url, kind, bytes } = await res.json();
    expect(kind).toBe("mp4");
    expect(bytes).toBe(video.length);
    expect(url).toMatch(/^\/uploads\/[A-Za-z0-9_-]+\.mp4$/);
    expect(fs.existsSync(path.join(server.dataDir, "uploads", path.basename(url)))).toBe(true);

    const whole = await fetch(server.url + url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await whole.arrayBuffer()).equals(video)).toBe(true);

    const part = await fetch(server.url + url, { headers: { Range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${video.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(100, 200))).toBe(true);

    const tail = await fetch(server.url + url, { headers: { Range: "bytes=-10" } });
    expect(tail.status).toBe(206);
    expect((await tail.arrayBuffer()).byteLength).toBe(10);

    expect((await fetch(server.url + url, { headers: { Range: `bytes=${video.length + 5}-` } })).status).toBe(416);
    const head = await fetch(server.url + url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("accept-ranges")).toBe("bytes");
  });

  it("accepts a PDF and refuses what is not a video or PDF, whatever its name", async () => {
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(1000, 32)]);
    const ok = await upload(pdf);
    expect(ok.status).toBe(201);
    const saved = await ok.json();
    expect(saved.kind).toBe("pdf");
    // Shown in place under our own name, never as a download named by the uploader; never sniffed.
    const served = await fetch(server.url + saved.url);
    expect(served.headers.get("content-type")).toBe("application/pdf");
    expect(served.headers.get("content-disposition")).toBe(`inline; filename="${path.basename(saved.url)}"`);
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await upload(Buffer.from("<html><script>alert(1)</script></html>".padEnd(100, " ")));
    expect(html.status).toBe(415);
    expect((await html.json()).error.code).toBe("unsupported_type");
  });

  it("refuses files over the limit and leaves nothing behind", async () => {
    const before = fs.readdirSync(path.join(server.dataDir, "uploads")).length;
    const res = await upload(fakeMp4(1024 * 1024 + 10));
    expect(res.status).toBe(413);
    expect(fs.readdirSync(path.join(server.dataDir, "uploads")).length).toBe(before);
  });

  it("needs a session to upload, and serves nothing outside the uploads folder", async () => {
    const anon = await fetch(server.url + "/api/console/uploads", { method: "POST", body: new Uint8Array(fakeMp4(100)) });
    expect(anon.status).toBe(401);
    for (const p of ["/uploads/..%2Fringback.db", "/uploads/ringback.db", "/uploads/.x.part", "/uploads/nope.mp4"]) {
      expect((await fetch(server.url + p)).status).toBe(404);
    }
  });
});
