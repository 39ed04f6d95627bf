/**
 * The production HTTP server: Next.js behind a thin node:http layer that establishes the client's
 * address (lib/api/http.ts#clientIp) and shuts down cleanly.
 */
import http from "node:http";
import next from "next";
import { closeDatabase, runMigrations } from "../db/index";
import { deleteExpiredSessions } from "../db/queries/sessions";
import { startOutboxWorker } from "./alerts/worker";
import { config } from "./config";
import { servePage } from "./page-serving";
import { decidePublicRoute, type RouteDecision } from "./public-routes";
import { sessionTokenFromCookieHeader } from "./auth/sessions";
import { classifyAgent } from "./visits/agents";
import { collect, MAX_BEACON_BYTES } from "./visits/collect";
import { recordAutomated } from "./visits/record";
import { sendDueDigests } from "./alerts/digest";
import { pageBlocksBySlug } from "./pages";
import { settleAll } from "./experiments/funnel";
import { every } from "./periodic";
import { deleteStaleRateWindows } from "../db/queries/rate-limits";
import { BASELINE_HEADERS, HSTS, uploadPolicy } from "./security/csp";

function clientAddress(req: http.IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    // The proxy appends the address it saw; anything left of it was sent by the client.
    const hops = String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (hops.length) return hops[hops.length - 1];
  }
  return req.socket.remoteAddress ?? "unknown";
}

/**
 * A previewer or bot fetching a page runs no script, so only this layer sees it: recorded after
 * the response is on its way ("link previewed in Slack"), never as a visit.
 */
function noteAutomatedFetch(prospectId: string, userAgent: string | null): void {
  if (classifyAgent(userAgent).kind === "human") return;
  setImmediate(async () => {
    try {
      await recordAutomated(prospectId, userAgent);
    } catch (err) {
      console.error("[ringback] could not record a preview:", err);
    }
  });
}

/** The visit beacon, answered here without Next.js: read at most 8 KB, then lib/visits/collect.ts. */
function answerBeacon(req: http.IncomingMessage, res: http.ServerResponse, ip: string): void {
  const declared = Number(req.headers["content-length"] ?? 0);
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = declared > MAX_BEACON_BYTES;
  const respond = async () => {
    const cookie = sessionTokenFromCookieHeader(req.headers.cookie);
    const out = await collect({ body: tooLarge ? null : Buffer.concat(chunks).toString("utf8"), tooLarge, userAgent: req.headers["user-agent"] ?? null, ip, sessionToken: cookie });
    const headers: http.OutgoingHttpHeaders = { "Cache-Control": "no-store", ...out.headers };
    if (out.body === undefined) {
      res.writeHead(out.status, headers);
      res.end();
      return;
    }
    const json = JSON.stringify(out.body);
    headers["Content-Type"] = "application/json";
    headers["Content-Length"] = Buffer.byteLength(json);
    res.writeHead(out.status, headers);
    res.end(json);
  };
  const finish = () => {
    respond().catch((err) => {
      console.error("[ringback] the beacon failed:", err);
      if (!res.headersSent) res.writeHead(500, { "Cache-Control": "no-store" });
      res.end();
    });
  };
  if (tooLarge) {
    req.resume();
    req.on("end", finish);
    return;
  }
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BEACON_BYTES) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on("end", finish);
  req.on("error", () => res.destroy());
}

function wellFormedPath(url: string): boolean {
  const q = url.indexOf("?");
  try {
    decodeURIComponent(q === -1 ? url : url.slice(0, q));
    return true;
  } catch {
    return false;
  }
}

export async function serve(): Promise<http.Server> {
  const cfg = config();
  const dbFile = await runMigrations();
  const app = next({ dev: false, dir: process.cwd(), hostname: cfg.HOST, port: cfg.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const passToNext = (req: http.IncomingMessage, res: http.ServerResponse) =>
    handle(req, res).catch((err) => {
      console.error("[ringback] request failed:", err);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end("Internal error");
      }
    });

  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<unknown> => {
    const ip = clientAddress(req, cfg.TRUST_PROXY);
    req.headers["x-ringback-client-ip"] = ip;
    // Only this layer says what a request is; a client's own x-ringback-* headers are dropped.
    delete req.headers["x-ringback-route"];
    if (!cfg.TRUST_PROXY) {
      req.headers["x-forwarded-for"] = ip;
      req.headers["x-forwarded-proto"] = "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
    }
    // Every answer, whoever writes it, starts with these; pages replace the policy with their own.
    for (const [name, value] of Object.entries(BASELINE_HEADERS)) res.setHeader(name, value);
    // What the API answers is one user's data: no shared cache may keep it (a handler may say otherwise).
    if (req.url?.startsWith("/api/")) res.setHeader("Cache-Control", "no-store");
    if (req.url?.startsWith("/uploads/")) {
      res.setHeader("Content-Security-Policy", uploadPolicy(req.url.split("?")[0]));
      res.setHeader("X-Frame-Options", "SAMEORIGIN");
    }
    if (String(req.headers["x-forwarded-proto"] ?? "").split(",")[0].trim() === "https") res.setHeader("Strict-Transport-Security", HSTS);
    if (!wellFormedPath(req.url ?? "/")) {
      // Next.js answers a malformed %-sequence with a 500; it is the client's mistake.
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
      return res.end("That address is not valid.\n");
    }
    if (req.method === "POST" && (req.url === "/api/collect" || req.url?.startsWith("/api/collect?"))) return answerBeacon(req, res, ip);
    if (req.method === "GET" && (req.url === "/privacy" || req.url?.startsWith("/privacy?"))) {
      // Prerendered at build time, so it carries no per-request nonce: its scripts are allowed by hash.
      req.headers["x-ringback-route"] = "page";
      return servePage(req, res, "privacy", () => [], passToNext, { cache: false });
    }
    let decision: RouteDecision;
    try {
      decision = await decidePublicRoute(req.method ?? "GET", req.url ?? "/", ip, req.headers["user-agent"] ?? null);
    } catch (err) {
      console.error("[ringback] routing failed, letting Next.js answer:", err);
      decision = { action: "next" };
    }
    switch (decision.action) {
      case "page":
        if (req.method === "GET") noteAutomatedFetch(decision.prospectId, req.headers["user-agent"] ?? null);
        // proxy.ts leaves a prospect's page to servePage, which sets its hash-based policy.
        req.headers["x-ringback-route"] = "page";
        const { slug } = decision;
        return servePage(req, res, slug, () => pageBlocksBySlug(slug), passToNext);
      case "redirect":
        res.writeHead(307, { Location: decision.location, "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow" });
        return res.end();
      case "throttled":
        res.writeHead(429, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(decision.retryAfterSeconds), "Cache-Control": "no-store" });
        return res.end("Too many unknown addresses tried. Wait a minute and try again.\n");
      case "miss":
        res.setHeader("X-Robots-Tag", "noindex, nofollow");
        return passToNext(req, res);
      default:
        return passToNext(req, res);
    }
  };
  const server = http.createServer((req, res) => {
    route(req, res).catch((err) => {
      console.error("[ringback] request failed:", err);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end("Internal error");
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  // Periodic jobs: each runs once per period across all servers (lib/periodic.ts).
  const minute = cfg.PERIODIC_EVERY_SECONDS * 1000;
  // Expired sessions are refused already, and stale rate-limit windows count for nothing; this keeps the tables small.
  every("sweep", 60 * minute, async () => {
    await deleteExpiredSessions();
    await deleteStaleRateWindows(Date.now() - 10 * 60_000);
  });
  // Quiet hours end on the minute: a digest of what was held back goes out then.
  every("quiet-hours digests", minute, sendDueDigests);
  // The funnel's facts of messages whose windows have closed are kept on their rows (reports read them).
  every("funnel settling", minute, settleAll, { firstAfterMs: 5_000 });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(cfg.PORT, cfg.HOST, resolve);
  });
  const shown = cfg.HOST === "0.0.0.0" || cfg.HOST === "::" ? "localhost" : cfg.HOST;
  console.log(`[ringback] serving http://${shown}:${cfg.PORT} (database ${dbFile})`);
  // E-mail and webhook deliveries (lib/alerts/worker.ts); it never throws into the server.
  const outboxWorker = startOutboxWorker();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[ringback] ${signal}: stopping`);
    // Deliveries in flight are cut short (and tried again after a restart) before the database closes.
    const workerStopped = outboxWorker.stop().catch((err) => console.error("[ringback] stopping the outbox worker:", (err as Error).message));
    server.close(() => {
      workerStopped.finally(async () => {
        await closeDatabase();
        process.exit(0);
      });
    });
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return server;
}
