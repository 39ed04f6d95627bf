/**
 * A throwaway nginx for one test file: its own prefix folder (config, pid, logs, temp files), in the
 * foreground (`daemon off`), listening only where the site configs say (the tests give it free ports
 * on 127.0.0.1), stopped by its process id. Uses Debian's `nginx` package, or the binary NGINX_PATH
 * names.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { tempDir } from "./server";

/** The nginx binary, or undefined when none is installed. */
export function nginxBinary(): string | undefined {
  const candidates = [process.env.NGINX_PATH, "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"].filter(Boolean) as string[];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  const which = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

/**
 * Replaces each key of `pairs` in `text` (every occurrence) and fails when one is missing: the
 * tests run the very files the docs show, so a doc edit that drops a line the test relies on
 * breaks the test instead of silently testing something else.
 */
export function substitute(text: string, pairs: [string, string][]): string {
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`expected to find ${JSON.stringify(from)} in the config`);
    text = text.split(from).join(to);
  }
  return text;
}

export type Nginx = { pid: number; dir: string; process: ChildProcess; errorLog: () => string; accessLog: () => string; stop: () => Promise<void> };

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port }, () => (s.destroy(), resolve(true)));
    s.on("error", () => resolve(false));
  });
}

/** Starts nginx with `sites` (server blocks, as under sites-enabled/) inside a minimal http block. */
export async function startNginx(sites: string, ports: number[]): Promise<Nginx> {
  const bin = nginxBinary();
  if (!bin) throw new Error("nginx is not installed (apt-get install -y nginx), or set NGINX_PATH");
  const dir = tempDir("rb-nginx-");
  const conf = path.join(dir, "nginx.conf");
  const log = (name: string) => path.join(dir, name);
  const temp = (name: string) => {
    fs.mkdirSync(path.join(dir, name));
    return path.join(dir, name);
  };
  fs.writeFileSync(path.join(dir, "sites.conf"), sites);
  fs.writeFileSync(
    conf,
    [
      "daemon off;",
      "worker_processes 1;",
      `pid ${log("nginx.pid")};`,
      `error_log ${log("error.log")} info;`,
      // As root the workers would switch to nobody, who cannot read this 0700 temp folder.
      ...(process.getuid?.() === 0 ? ["user root;"] : []),
      "events { worker_connections 256; }",
      "http {",
      "  types { text/html html; text/css css; application/javascript js; application/json json; image/svg+xml svg; }",
      "  default_type application/octet-stream;",
      `  access_log ${log("access.log")};`,
      `  client_body_temp_path ${temp("client_body")};`,
      `  proxy_temp_path ${temp("proxy")};`,
      `  fastcgi_temp_path ${temp("fastcgi")};`,
      `  uwsgi_temp_path ${temp("uwsgi")};`,
      `  scgi_temp_path ${temp("scgi")};`,
      `  include ${path.join(dir, "sites.conf")};`,
      "}",
      "",
    ].join("\n"),
  );
  const args = ["-p", dir, "-c", conf, "-e", log("error.log")];
  const read = (name: string) => (fs.existsSync(log(name)) ? fs.readFileSync(log(name), "utf8") : "");

  const check = spawnSync(bin, ["-t", ...args], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`nginx -t refused the config:\n${check.stderr}\n${read("error.log")}`);

  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${output}\n${read("error.log")}`);
    if ((await Promise.all(ports.map(canConnect))).every(Boolean)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`nginx did not listen on ${ports.join(", ")} within 10 s:\n${output}\n${read("error.log")}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    // SIGTERM to the master (our child) is nginx's fast shutdown; it takes its workers with it.
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { pid: child.pid!, dir, process: child, errorLog: () => read("error.log"), accessLog: () => read("access.log"), stop };
}
