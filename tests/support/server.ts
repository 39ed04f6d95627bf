/**
 * A real production server (the same `npm start` entry point) on a free port with its own
 * temporary database, for integration and browser tests.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
// One process, not a tsx wrapper around a child: signals and /proc figures reach the server itself.
const NODE_ARGS = ["--import", "tsx"];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix = "rb-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type TestServer = {
  url: string;
  port: number;
  dataDir: string;
  dbPath: string;
  env: NodeJS.ProcessEnv;
  process: ChildProcess;
  logs: () => string;
  /** SIGTERM, then wait for the process to exit. */
  stop: () => Promise<void>;
};

export type StartOptions = { env?: Record<string, string>; dataDir?: string; port?: number };

/** Which database the suite's servers use: the integration-pg project sets RINGBACK_TEST_DB=postgres. */
export const TEST_DB: "sqlite" | "postgres" = process.env.RINGBACK_TEST_DB === "postgres" ? "postgres" : "sqlite";

/** On PostgreSQL, one fresh database per data folder: a server restarted on the same folder finds its data again. */
const pgDatabaseOf = new Map<string, string>();

async function databaseUrlFor(dataDir: string): Promise<string> {
  let url = pgDatabaseOf.get(dataDir);
  if (!url) {
    // Imported here: vitest's inject exists only inside a test run (benchmarks use this file too).
    const { freshPgDatabase } = await import("./pg-database");
    url = await freshPgDatabase();
    pgDatabaseOf.set(dataDir, url);
  }
  return url;
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const port = opts.port ?? (await freePort());
  const dbPath = path.join(dataDir, "ringback.db");
  const databaseUrl = opts.env?.DATABASE_URL ?? (TEST_DB === "postgres" ? await databaseUrlFor(dataDir) : undefined);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_PATH: dbPath,
    // Cheaper hashing keeps tests fast; production uses the default cost.
    PASSWORD_SCRYPT_COST: "1024",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...opts.env,
  };
  const child = spawn(process.execPath, [...NODE_ARGS, "lib/cli.ts", "start"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}) before serving:\n${output}`);
    if (output.includes("[ringback] serving")) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not start within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, port, dataDir, dbPath, env, process: child, logs: () => output, stop };
}

/** Runs the CLI the way `npm run ringback -- …` does. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}) {
  // On PostgreSQL a test names the server's database by its data folder, as on SQLite: the CLI gets that server's DATABASE_URL.
  if (TEST_DB === "postgres" && env.DATABASE_URL === undefined && env.DATABASE_PATH) {
    const url = pgDatabaseOf.get(path.dirname(env.DATABASE_PATH));
    if (url) env = { ...env, DATABASE_URL: url };
  }
  const r = spawnSync(process.execPath, [...NODE_ARGS, "lib/cli.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PASSWORD_SCRYPT_COST: "1024", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A minimal cookie jar for fetch: enough for one session cookie. */
export class Client {
  cookies = new Map<string, string>();
  constructor(public base: string) {}

  async fetch(pathname: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(init.json);
    }
    // Browsers send Origin on writes; our cookie endpoints require it to match.
    if (init.method && init.method !== "GET" && !headers.has("Origin")) headers.set("Origin", this.base);
    const res = await fetch(this.base + pathname, { ...init, body, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value && !/Max-Age=0/i.test(c)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return res;
  }
}

export const ADMIN = { companyName: "Acme", name: "Ada Admin", email: "ada@acme.test", password: "correct horse battery", addExample: true };

/** Runs first-run setup and returns a client signed in as the new admin. */
export async function setUpAdmin(base: string, overrides: Partial<typeof ADMIN> = {}): Promise<Client> {
  const client = new Client(base);
  const res = await client.fetch("/api/auth/setup", { method: "POST", json: { ...ADMIN, ...overrides } });
  if (res.status !== 200) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  return client;
}

export async function signIn(base: string, email: string, password: string): Promise<Client> {
  const client = new Client(base);
  const res = await client.fetch("/api/auth/login", { method: "POST", json: { email, password } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return client;
}
