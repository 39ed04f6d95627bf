/**
 * The production HTTP server: Next.js behind a thin node:http layer that establishes the client's
 * address (lib/api/http.ts#clientIp) and shuts down cleanly.
 */
import http from "node:http";
import next from "next";
import { closeDatabase, runMigrations } from "../db/index";
import { config } from "./config";

function clientAddress(req: http.IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    // The proxy appends the address it saw; anything left of it was sent by the client.
    const hops = String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (hops.length) return hops[hops.length - 1];
  }
  return req.socket.remoteAddress ?? "unknown";
}

export async function serve(): Promise<http.Server> {
  const cfg = config();
  const dbFile = runMigrations();
  const app = next({ dev: false, dir: process.cwd(), hostname: cfg.HOST, port: cfg.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    const ip = clientAddress(req, cfg.TRUST_PROXY);
    req.headers["x-ringback-client-ip"] = ip;
    if (!cfg.TRUST_PROXY) req.headers["x-forwarded-for"] = ip;
    handle(req, res).catch((err) => {
      console.error("[ringback] request failed:", err);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end("Internal error");
      }
    });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(cfg.PORT, cfg.HOST, resolve);
  });
  const shown = cfg.HOST === "0.0.0.0" || cfg.HOST === "::" ? "localhost" : cfg.HOST;
  console.log(`[ringback] serving http://${shown}:${cfg.PORT} (database ${dbFile})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[ringback] ${signal}: stopping`);
    server.close(() => {
      closeDatabase();
      process.exit(0);
    });
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return server;
}
