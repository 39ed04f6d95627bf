/**
 * Every kind of answer carries a Content-Security-Policy and the other security headers, whoever
 * writes it: Next.js pages (nonce), prospect pages (hashes, from the cache or not), the API, the
 * beacon, redirects, files, images and the framework's own scripts.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let uncached: TestServer;
let admin: Client;

beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: "true" } });
  admin = await setUpAdmin(server.url);
  uncached = await startServer({ env: { PAGE_CACHE_MAX_ENTRIES: "0" } });
  await setUpAdmin(uncached.url);
});
afterAll(async () => {
  await server?.stop();
  await uncached?.stop();
});

const NOTHING = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function expectFriends(res: Response, what: string) {
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("cross-origin-opener-policy"), what).toBe("same-origin");
  expect(res.headers.get("permissions-policy"), what).toContain("camera=()");
}

/** Each inline script of the page is allowed by a hash in its policy, and nothing inline runs otherwise. */
async function expectHashedPage(res: Response, what: string) {
  const policy = res.headers.get("content-security-policy") ?? "";
  const html = await res.text();
  const script = policy.split("; ").find((d) => d.startsWith("script-src "))!;
  expect(script, what).not.toMatch(/unsafe-inline|unsafe-eval|nonce-/);
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\ssrc=/.test(m[1]));
  expect(inline.length, what).toBeGreaterThan(0);
  for (const m of inline) expect(script, what).toContain(`'sha256-${createHash("sha256").update(m[2]).digest("base64")}'`);
  expect(html, what).not.toContain("nonce=");
}

describe("security headers on every response", () => {
  it("console pages and sign-in: a fresh nonce per response, on every script", async () => {
    const seen = new Set<string>();
    for (const path of ["/login", "/", "/settings", "/prospects"]) {
      for (let i = 0; i < 2; i++) {
        const res = path === "/login" ? await fetch(server.url + path) : await admin.fetch(path);
        expect(res.status, path).toBe(200);
        const policy = res.headers.get("content-security-policy") ?? "";
        const nonce = policy.match(/script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/)?.[1];
        expect(nonce, path).toBeTruthy();
        expect(seen.has(nonce!), "nonces are never reused").toBe(false);
        seen.add(nonce!);
        for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]) expect(policy, path).toContain(d);
        expect(res.headers.get("x-frame-options")).toBe("DENY");
        expectFriends(res, path);
        const tags = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
        for (const tag of tags) expect(tag, path).toContain(`nonce="${nonce}"`);
      }
    }
  });

  it("a client cannot talk a console page out of its nonce by claiming to be a prospect's page", async () => {
    const res = await admin.fetch("/settings", { headers: { "X-Ringback-Route": "page" } });
    expect(res.headers.get("content-security-policy")).toMatch(/'nonce-/);
  });

  it("a prospect's page: hashes for its inline scripts, the same policy from the cache, and with the cache off", async () => {
    const first = await fetch(server.url + "/rob-mason");
    expect(first.headers.get("x-ringback-cache")).toBe("miss");
    const policy = first.headers.get("content-security-policy");
    expect(policy).toMatch(/^default-src 'none'; script-src 'self' 'sha256-/);
    expect(policy).toContain("frame-src https://www.youtube-nocookie.com;");
    await expectHashedPage(first, "miss");
    const again = await fetch(server.url + "/rob-mason");
    expect(again.headers.get("x-ringback-cache")).toBe("hit");
    expect(again.headers.get("content-security-policy")).toBe(policy);
    await expectHashedPage(again, "hit");
    const gz = await fetch(server.url + "/rob-mason", { headers: { "Accept-Encoding": "gzip" } });
    expect(gz.headers.get("content-security-policy")).toBe(policy);
    expectFriends(gz, "prospect page");
    await expectHashedPage(await fetch(uncached.url + "/rob-mason"), "no cache");
    await expectHashedPage(await fetch(server.url + "/privacy"), "about page");
  });

  it("a request with a forged Host cannot plant that name in the copy everyone else is served", async () => {
    // An edit empties the cache: the forged request is the one that renders the page afresh.
    expect((await admin.fetch("/api/console/profile", { method: "PATCH", json: { title: "Account Executive" } })).status).toBe(200);
    const forged = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: new URL(server.url).port, path: "/rob-mason", headers: { Host: "evil.example" } }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve(body));
      });
      req.on("error", reject);
      req.end();
    });
    expect(forged).toContain("evil.example/og/rob-mason");
    const normal = await (await fetch(server.url + "/rob-mason")).text();
    expect(normal).not.toContain("evil.example");
  });

  it("API answers, the beacon, redirects, files and images load nothing", async () => {
    const token = (await (await admin.fetch("/api/console/tokens", { method: "POST", json: { name: "probe" } })).json()).token as string;
    const answers: [string, Response][] = [
      ["API 401", await fetch(server.url + "/api/v1/me")],
      ["API 200", await fetch(server.url + "/api/v1/me", { headers: { Authorization: `Bearer ${token}` } })],
      ["console API", await admin.fetch("/api/console/prospects", { method: "POST", json: {} })],
      ["beacon", await fetch(server.url + "/api/collect", { method: "POST", body: "{}" })],
      ["typed-name redirect", await fetch(server.url + "/robmason", { redirect: "manual" })],
      ["OG image", await fetch(server.url + "/og/rob-mason")],
      ["icon", await fetch(server.url + "/icon.svg")],
    ];
    const html = await (await fetch(server.url + "/login")).text();
    const chunk = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)![1];
    answers.push(["framework script", await fetch(server.url + chunk)]);
    for (const [what, res] of answers) {
      if (what.startsWith("API") || what === "console API" || what === "beacon") expect(res.headers.get("cache-control"), what).toBe("no-store");
      expect(res.headers.get("content-security-policy"), what).toBe(NOTHING);
      expect(res.headers.get("x-frame-options"), what).toBe("DENY");
      expectFriends(res, what);
    }
    const upload = await admin.fetch("/api/console/uploads", { method: "POST", body: new Uint8Array(Buffer.from("%PDF-1.4\n%%EOF\n".padEnd(64, " "))), headers: { "Content-Type": "application/octet-stream" } });
    const file = await fetch(server.url + (await upload.json()).url);
    // Framed by Ringback's own pages (a presentation opens inline), by nobody else; runs nothing.
    expect(file.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'");
    // Anything else uploaded is sandboxed too: even a file that slipped through could run nothing.
    const mp4 = Buffer.alloc(64, 7);
    mp4.writeUInt32BE(24, 0);
    mp4.write("ftypisom", 4, "ascii");
    const video = await admin.fetch("/api/console/uploads", { method: "POST", body: new Uint8Array(mp4), headers: { "Content-Type": "application/octet-stream" } });
    const served = await fetch(server.url + (await video.json()).url);
    expect(served.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox");
    expect(file.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("HSTS only when the request really came over https (through a trusted proxy)", async () => {
    const https = await fetch(server.url + "/login", { headers: { "X-Forwarded-Proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/^max-age=\d{7,}/);
    expect((await fetch(server.url + "/login")).headers.get("strict-transport-security")).toBeNull();
    // Without TRUST_PROXY a client's own X-Forwarded-Proto is not believed.
    expect((await fetch(uncached.url + "/login", { headers: { "X-Forwarded-Proto": "https" } })).headers.get("strict-transport-security")).toBeNull();
  });
});
