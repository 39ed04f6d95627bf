/**
 * A throwaway certificate for 127.0.0.1 and localhost, made with openssl for one test run, so tests
 * can serve images over https (photo and logo links are https only). A server started with
 * NODE_EXTRA_CA_CERTS=<cert> trusts it; nothing else does.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type net from "node:net";
import path from "node:path";
import { tempDir } from "./server";

export type TestCertificate = { key: string; cert: string; certFile: string };

/** `dnsNames` adds host names to the certificate (a reverse-proxy test serves acme.com and hi.acme.com). */
export function makeCertificate(dnsNames: string[] = []): TestCertificate {
  const dir = tempDir("rb-tls-");
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", `subjectAltName=${["IP:127.0.0.1", "DNS:localhost", ...dnsNames.map((n) => `DNS:${n}`)].join(",")}`], { stdio: "ignore" });
  return { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8"), certFile };
}

export type ImageHost = { origin: string; hits: Map<string, number>; close: () => Promise<void> };

/** An https server on 127.0.0.1 answering each path with a handler; counts the requests per path. */
export async function startImageHost(tls: TestCertificate, routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void>): Promise<ImageHost> {
  const hits = new Map<string, number>();
  const sockets = new Set<{ destroy: () => void }>();
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const p = new URL(req.url ?? "/", "https://x").pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    const route = routes[p];
    if (route) route(req, res);
    else res.writeHead(404, { "Content-Type": "text/plain" }).end("not here");
  });
  server.on("connection", (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
