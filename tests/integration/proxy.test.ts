/**
 * Ringback behind nginx, both ways docs/deploying.md describes, with the very config files it shows
 * (docs/deploy/*.conf; only ports, paths and certificates are substituted):
 *  - hi.acme.com: the whole name is Ringback (nginx-subdomain.conf), console included;
 *  - acme.com: the company's website, whose nginx sends every path it does not have to Ringback
 *    (nginx-website-fallback.conf).
 * One nginx serves both names over https on free ports of 127.0.0.1; the test picks the name with
 * the Host header (and SNI), and plays different visitors by connecting from other loopback
 * addresses (127.0.0.2, …), so "the client's address" is something nginx really saw.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nginxBinary, startNginx, substitute, type Nginx } from "../support/nginx";
import { freePort, ROOT, startServer, tempDir, type TestServer } from "../support/server";
import { withServerDb } from "../support/server-db";
import { makeCertificate, type TestCertificate } from "../support/tls";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const MISS_LIMIT = 5;
const NGINX = nginxBinary();

let server: TestServer;
let nginx: Nginx;
let tls: TestCertificate;
let httpPort: number;
let httpsPort: number;
let site: string;
let sessionCookie = "";
let setupCookies: string[] = [];

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number };
type Call = { host: string; path: string; method?: string; headers?: Record<string, string>; body?: string; from?: string; scheme?: "https" | "http" };

/** One request to nginx as a browser on `from` would make it to https://<host><path>. */
function call({ host, path: p, method = "GET", headers = {}, body, from = "127.0.0.1", scheme = "https" }: Call): Promise<Reply> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const opts: https.RequestOptions = { host: "127.0.0.1", port: scheme === "https" ? httpsPort : httpPort, path: p, method, localAddress: from, agent: false, headers: { Host: host, "User-Agent": IPHONE, ...headers } };
    const req = scheme === "https" ? https.request({ ...opts, servername: host, ca: tls.cert }) : http.request(opts);
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text, ms: performance.now() - started }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const site$ = (p: string, extra: Partial<Call> = {}) => call({ host: "acme.com", path: p, ...extra });
const hi = (p: string, extra: Partial<Call> = {}) => call({ host: "hi.acme.com", path: p, ...extra });
/** A console write from the console's own page at https://hi.acme.com. */
const consoleWrite = (p: string, json: unknown, origin = "https://hi.acme.com") =>
  hi(p, { method: "POST", body: JSON.stringify(json), headers: { Cookie: sessionCookie, Origin: origin, "Content-Type": "application/json" } });
/** What the page's script sends, the way a phone's browser sends it. */
const beacon = (body: unknown, from: string, ua = IPHONE, headers: Record<string, string> = {}) =>
  site$("/api/collect", { method: "POST", from, body: JSON.stringify(body), headers: { "User-Agent": ua, "Content-Type": "text/plain;charset=UTF-8", Origin: "https://acme.com", ...headers } });
const ogImage = (html: string) => html.match(/<meta property="og:image" content="([^"]+)"/)?.[1];

/** One row from the server's database (SQLite or PostgreSQL). */
const dbRow = <T>(sql: string, ...params: unknown[]) => withServerDb(server, async (db) => (await db.get<T>(sql, ...params))!);
const salted = async (ip: string) => createHash("sha256").update(`${(await dbRow<{ value: string }>("SELECT value FROM secrets WHERE name = 'visit_salt'")).value}:${ip}`).digest("hex");

/** The console's live feed, read through nginx as a browser's EventSource would. */
function openFeed(): Promise<{ headers: http.IncomingHttpHeaders; chunks: { at: number; text: string }[]; alerts: () => { at: number; data: { message: string; prospectId: string } }[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const chunks: { at: number; text: string }[] = [];
    const req = https.request({ host: "127.0.0.1", port: httpsPort, path: "/api/console/alerts/stream", servername: "hi.acme.com", ca: tls.cert, agent: false, headers: { Host: "hi.acme.com", Accept: "text/event-stream", Cookie: sessionCookie } });
    // A proxy that buffers the stream holds even its headers back: fail clearly, not by the test's timeout.
    const timer = setTimeout(() => (req.destroy(), reject(new Error("the live feed did not answer within 5 s through nginx (buffered?)"))), 5_000);
    req.on("response", (res) => {
      clearTimeout(timer);
      res.setEncoding("utf8");
      res.on("data", (d: string) => chunks.push({ at: performance.now(), text: d }));
      res.on("error", () => {});
      const alerts = () => {
        const out: { at: number; data: { message: string; prospectId: string } }[] = [];
        let buffer = "";
        for (const c of chunks) {
          buffer += c.text;
          let i: number;
          while ((i = buffer.indexOf("\n\n")) !== -1) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const data = block.split("\n").find((l) => l.startsWith("data: "));
            if (/^event: alert$/m.test(block) && data) out.push({ at: c.at, data: JSON.parse(data.slice(6)) });
          }
        }
        return out;
      };
      resolve({ headers: res.headers, chunks, alerts, close: () => req.destroy() });
    });
    req.on("error", (e) => (e.message.includes("socket hang up") ? undefined : reject(e)));
    req.end();
  });
}

async function until<T>(what: string, fn: () => T | undefined, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe.skipIf(!NGINX)("Ringback behind nginx (docs/deploy/*.conf)", () => {
  beforeAll(async () => {
    tls = makeCertificate(["acme.com", "www.acme.com", "hi.acme.com"]);
    server = await startServer({ env: { TRUST_PROXY: "true", MISS_LIMIT_PER_MINUTE: String(MISS_LIMIT) } });
    // The company's website: a home page, a page, and an /api/ of its own.
    site = tempDir("rb-website-");
    fs.writeFileSync(path.join(site, "index.html"), "<!doctype html><title>Acme</title><h1>Acme website home</h1>\n");
    fs.writeFileSync(path.join(site, "pricing.html"), "<!doctype html><title>Pricing</title><h1>Acme website pricing</h1>\n");
    fs.mkdirSync(path.join(site, "api"));
    fs.writeFileSync(path.join(site, "api", "status.json"), '{"website":"up"}\n');
    httpPort = await freePort();
    httpsPort = await freePort();
    const pairs: [string, string][] = [
      ["listen [::]:80;", "# (no IPv6 listener in the test)"],
      ["listen [::]:443 ssl http2;", "# (no IPv6 listener in the test)"],
      ["listen 80;", `listen 127.0.0.1:${httpPort};`],
      ["listen 443 ssl http2;", `listen 127.0.0.1:${httpsPort} ssl http2;`],
      ["proxy_pass http://127.0.0.1:3000;", `proxy_pass http://127.0.0.1:${server.port};`],
    ];
    const read = (name: string) => fs.readFileSync(path.join(ROOT, "docs", "deploy", name), "utf8");
    const subdomain = substitute(read("nginx-subdomain.conf"), [
      ...pairs,
      ["/etc/letsencrypt/live/hi.acme.com/fullchain.pem", tls.certFile],
      ["/etc/letsencrypt/live/hi.acme.com/privkey.pem", tls.certFile.replace(/cert\.pem$/, "key.pem")],
    ]);
    const website = substitute(read("nginx-website-fallback.conf"), [
      ...pairs,
      ["/etc/letsencrypt/live/acme.com/fullchain.pem", tls.certFile],
      ["/etc/letsencrypt/live/acme.com/privkey.pem", tls.certFile.replace(/cert\.pem$/, "key.pem")],
      ["root /var/www/acme.com;", `root ${site};`],
    ]);
    nginx = await startNginx(`${subdomain}\n${website}`, [httpPort, httpsPort]);

    // First-run setup through the proxy, as an admin would do it at https://hi.acme.com/setup.
    const setup = await hi("/api/auth/setup", {
      method: "POST",
      headers: { Origin: "https://hi.acme.com", "Content-Type": "application/json" },
      body: JSON.stringify({ companyName: "Acme", name: "Ada Admin", email: "ada@acme.test", password: "correct horse battery", addExample: true }),
    });
    expect(setup.status, setup.body).toBe(200);
    setupCookies = ([] as string[]).concat(setup.headers["set-cookie"] ?? []);
    sessionCookie = setupCookies.map((c) => c.split(";")[0]).filter((c) => !c.endsWith("=")).join("; ");
  });

  afterAll(async () => {
    await nginx?.stop();
    await server?.stop();
  });

  describe("acme.com: the website's nginx sends what it does not have to Ringback", () => {
    it("serves the website's own pages and files from the website", async () => {
      const home = await site$("/");
      expect(home.status).toBe(200);
      expect(home.body).toContain("Acme website home");
      expect(home.headers["x-robots-tag"]).toBeUndefined();
      const pricing = await site$("/pricing");
      expect(pricing.status).toBe(200);
      expect(pricing.body).toContain("Acme website pricing");
      // The website keeps its own /api/…; only /api/collect is Ringback's.
      const status = await site$("/api/status.json");
      expect(status.status).toBe(200);
      expect(JSON.parse(status.body)).toEqual({ website: "up" });
    });

    it("serves /rob-mason from Ringback: the page, with its noindex and its policy", async () => {
      const page = await site$("/rob-mason");
      expect(page.status).toBe(200);
      expect(page.body).toContain("Rob, this is for you");
      expect(page.headers["x-robots-tag"]).toBe("noindex, nofollow");
      expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    });

    it("sends what a listener typed to the page meant", async () => {
      for (const typed of ["/Rob_Mason", "/robmason", "/ROB-MASON", "/rob-masen", "/rob/mason", "/rob%20mason"]) {
        const res = await site$(typed);
        expect(res.status, typed).toBe(307);
        expect(res.headers.location, typed).toBe("/rob-mason");
      }
      // Typed without https://: nginx answers first, keeping what was typed for Ringback to resolve.
      const plain = await site$("/Rob_Mason", { scheme: "http" });
      expect(plain.status).toBe(301);
      expect(plain.headers.location).toBe("https://acme.com/Rob_Mason");
      // A name nobody has is Ringback's generic page, not the website's or nginx's 404.
      const unknown = await site$("/nobody-at-all", { from: "127.0.0.9" });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toContain("Acme");
      expect(unknown.headers["x-robots-tag"]).toBe("noindex, nofollow");
    });

    it("serves what the page loads (scripts, link-preview image, icon) through the same name, over https", async () => {
      const page = await site$("/rob-mason");
      // PUBLIC_BASE_URL is unset here, so the page names its address from what reached Ringback:
      // https and acme.com prove X-Forwarded-Proto and Host came through.
      expect(ogImage(page.body)).toBe("https://acme.com/og/rob-mason");
      const og = await site$("/og/rob-mason");
      expect(og.status).toBe(200);
      expect(og.headers["content-type"]).toBe("image/png");
      const scripts = [...page.body.matchAll(/src="(\/_next\/static\/[^"]+\.js)"/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of new Set(scripts)) {
        const res = await site$(s);
        expect(res.status, s).toBe(200);
        expect(res.headers["content-type"], s).toMatch(/javascript/);
      }
      const icon = page.body.match(/href="(\/icon\.svg[^"]*)"/)?.[1];
      expect(icon).toBeDefined();
      expect((await site$(icon!.replace(/&amp;/g, "&"))).status).toBe(200);
      // Ringback's HSTS (includeSubDomains) is the website's decision on its own domain: hidden.
      expect(page.headers["strict-transport-security"]).toBeUndefined();
    });

    it("records the beacon as a person's visit, from the client's own address (not nginx's)", async () => {
      const robId = (await dbRow<{ id: string }>("SELECT id FROM prospects WHERE slug = 'rob-mason'")).id;
      const res = await beacon({ slug: "rob-mason", type: "view", visibleMs: 2100 }, "127.0.0.2");
      expect(res.status, res.body).toBe(202);
      const visitId = JSON.parse(res.body).visitId as string;
      // Quoted aliases: PostgreSQL folds unquoted ones to lower case.
      const visit = await dbRow<{ prospectId: string; kind: string; ipHash: string }>('SELECT prospect_id AS "prospectId", kind, ip_hash AS "ipHash" FROM visits WHERE id = ?', visitId);
      expect(visit).toMatchObject({ prospectId: robId, kind: "human" });
      expect(visit.ipHash).toBe(await salted("127.0.0.2"));
      expect(visit.ipHash).not.toBe(await salted("127.0.0.1"));
      // The same browser from another address is another visitor, hence another visit.
      const other = await beacon({ slug: "rob-mason", type: "view", visibleMs: 2100 }, "127.0.0.3");
      expect(JSON.parse(other.body).visitId).not.toBe(visitId);
    });

    it("throttles a client scanning for names by its own address; a forged X-Forwarded-For changes nothing", async () => {
      for (let i = 1; i <= MISS_LIMIT; i++) {
        const res = await site$(`/no-such-person-${i}`, { from: "127.0.0.4", headers: { "X-Forwarded-For": `203.0.113.${i}` } });
        expect(res.status, `miss ${i}`).toBe(404);
      }
      const blocked = await site$("/no-such-person-x", { from: "127.0.0.4", headers: { "X-Forwarded-For": "198.51.100.7" } });
      expect(blocked.status).toBe(429);
      // Everyone else, behind the same nginx, is untouched.
      expect((await site$("/no-such-person-x", { from: "127.0.0.5" })).status).toBe(404);
      expect((await site$("/rob-mason", { from: "127.0.0.5" })).status).toBe(200);
    });
  });

  describe("hi.acme.com: the whole name is Ringback, console included", () => {
    it("set up the first admin over https: Secure, host-only cookie", () => {
      const session = setupCookies.find((c) => c.startsWith("__Host-rb_session="));
      expect(session, setupCookies.join("\n")).toBeDefined();
      expect(session).toMatch(/; Secure/);
    });

    it("serves the page and its typed variants, over https (HSTS from Ringback)", async () => {
      const page = await hi("/rob-mason");
      expect(page.status).toBe(200);
      expect(page.body).toContain("Rob, this is for you");
      expect(ogImage(page.body)).toBe("https://hi.acme.com/og/rob-mason");
      expect(page.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
      const typed = await hi("/Rob_Mason");
      expect(typed.status).toBe(307);
      expect(typed.headers.location).toBe("/rob-mason");
      const plain = await hi("/rob-mason", { scheme: "http" });
      expect(plain.status).toBe(301);
      expect(plain.headers.location).toBe("https://hi.acme.com/rob-mason");
    });

    it("takes console writes from its own https origin and refuses others", async () => {
      const created = await consoleWrite("/api/console/prospects", { firstName: "Dana", lastName: "Whitfield", company: "Globex" });
      expect(created.status, created.body).toBe(201);
      expect(JSON.parse(created.body).slug).toBe("dana-whitfield");
      // A CRM reading the REST API through the proxy is given the address prospects type.
      const token = await consoleWrite("/api/console/tokens", { name: "CRM" });
      expect(token.status, token.body).toBe(201);
      const api = await hi(`/api/v1/prospects/${JSON.parse(created.body).id}`, { headers: { Authorization: `Bearer ${JSON.parse(token.body).token}` } });
      expect(api.status, api.body).toBe(200);
      expect(JSON.parse(api.body).url).toBe("https://hi.acme.com/dana-whitfield");
      const forged = await consoleWrite("/api/console/prospects", { firstName: "Eve", lastName: "Forged" }, "https://evil.example");
      expect(forged.status).toBe(403);
      // The page is reachable on the website's name too, at once.
      expect((await site$("/dana-whitfield")).status).toBe(200);
    });

    it("a signed-in rep checking the page on hi.acme.com is recorded as the rep (the console's cookie is sent there)", async () => {
      const res = await hi("/api/collect", { method: "POST", from: "127.0.0.6", body: JSON.stringify({ slug: "rob-mason", type: "view", visibleMs: 2000 }), headers: { Cookie: sessionCookie, "Content-Type": "text/plain;charset=UTF-8" } });
      expect(res.status, res.body).toBe(202);
      const kind = (await dbRow<{ kind: string }>("SELECT kind FROM visits WHERE id = ?", JSON.parse(res.body).visitId)).kind;
      expect(kind).toBe("rep");
    });

    it("streams the live feed through nginx unbuffered: a visit on acme.com alerts within a second", async () => {
      const feed = await openFeed();
      try {
        expect(feed.headers["content-type"]).toMatch(/^text\/event-stream/);
        expect(feed.headers["content-encoding"]).toBeUndefined();
        // The feed's first words ("retry: …") are only a few bytes: a buffering proxy would hold them.
        await until("the feed's first bytes", () => (feed.chunks.length ? true : undefined), 3_000);
        const danaId = (await dbRow<{ id: string }>("SELECT id FROM prospects WHERE slug = 'dana-whitfield'")).id;
        const waits: number[] = [];
        for (let i = 0; i < 10; i++) {
          // Each a new person: another address (and browser build) is another visit, hence another alert.
          const sent = performance.now();
          const res = await beacon({ slug: "dana-whitfield", type: "view", visibleMs: 2000 }, `127.0.1.${i + 1}`, IPHONE.replace("604.1", `604.${i + 2}`));
          expect(res.status, res.body).toBe(202);
          const alert = await until(`alert ${i + 1}`, () => feed.alerts()[i], 1_000);
          expect(alert.data.prospectId).toBe(danaId);
          expect(alert.data.message).toMatch(/^Dana Whitfield \(Globex\) is on their page now/);
          waits.push(alert.at - sent);
        }
        console.log(`[proxy] beacon on acme.com → alert on hi.acme.com's feed, through nginx: median ${median(waits).toFixed(1)} ms, max ${Math.max(...waits).toFixed(1)} ms (10 visits)`);
        expect(Math.max(...waits)).toBeLessThan(1_000);
      } finally {
        feed.close();
      }
    });

    it("costs little: the page through nginx (https, new connection each) vs straight from Ringback", async () => {
      const direct: number[] = [];
      const proxied: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        const r = await fetch(`${server.url}/rob-mason`, { headers: { "User-Agent": IPHONE } });
        await r.text();
        direct.push(performance.now() - t);
        proxied.push((await site$("/rob-mason")).ms);
      }
      console.log(`[proxy] GET /rob-mason: direct median ${median(direct).toFixed(1)} ms; through nginx with a new TLS connection median ${median(proxied).toFixed(1)} ms (40 each)`);
      expect(median(proxied)).toBeLessThan(500);
    });
  });

  it("docs/deploying.md shows these very files", () => {
    const guide = fs.readFileSync(path.join(ROOT, "docs", "deploying.md"), "utf8");
    for (const name of ["nginx-subdomain.conf", "nginx-website-fallback.conf", "Caddyfile.subdomain", "Caddyfile.website-fallback"]) {
      expect(guide.includes(fs.readFileSync(path.join(ROOT, "docs", "deploy", name), "utf8").trimEnd()), name).toBe(true);
    }
  });

  it("nginx logged no errors", () => {
    expect(nginx.errorLog()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  });
});

if (!NGINX) {
  describe("Ringback behind nginx", () => {
    it.skip("skipped: nginx is not installed (apt-get install -y nginx, or set NGINX_PATH)", () => {});
  });
}
