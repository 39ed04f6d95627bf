/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temporary folder, started on a free port
 * on 127.0.0.1 (and a unix socket inside that folder), never a system service. stop() ends it by
 * its pid file and removes the folder; a process that exits without calling stop() still ends it
 * (see the exit hook below).
 *
 * PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the `postgres` user (the
 * Debian package creates it) with the folder chowned to it.
 *
 * Binaries: $PG_BINDIR, else initdb/pg_ctl on PATH, else the newest /usr/lib/postgresql/<v>/bin
 * (Debian's layout; CI installs the `postgresql` package through .ci/run).
 */
import { execFileSync, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findPgBinDir } from "../../db/pg-backup";

export type PgCluster = {
  /** The port on 127.0.0.1. */
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/<dbName> (trust authentication: a test cluster only). */
  url(dbName: string): string;
  /** The superuser's URL for the `postgres` maintenance database. */
  adminUrl: string;
  /** CREATE DATABASE (a fresh, empty one; a random name unless given); resolves to its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Immediate shutdown, then the folder is removed. Safe to call twice. */
  stop(): Promise<void>;
};

export class PostgresUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `PostgreSQL is not available for the tests: ${detail}. Install the server (Debian: apt-get install postgresql; ` +
        "CI's .ci/run does) or point PG_BINDIR at the folder holding initdb and pg_ctl.",
    );
    this.name = "PostgresUnavailableError";
  }
}

/** The folder holding initdb, pg_ctl and postgres, or null (found as db/pg-backup.ts finds pg_dump). */
export function findPostgresBinDir(): string | null {
  return findPgBinDir(["initdb", "pg_ctl", "postgres"]);
}

/** Who runs the server: ourselves, or the `postgres` user when we are root. */
function serverUser(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error("no id");
    return { uid, gid };
  } catch {
    throw new PostgresUnavailableError("running as root, and PostgreSQL refuses to; there is no `postgres` user to run it as");
  }
}

/** A parent for the cluster's folder that the server's user can reach (root's TMPDIR may not be). */
function tempParent(asOther: boolean): string {
  const dir = os.tmpdir();
  if (!asOther) return dir;
  for (let d = dir; ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) return "/tmp";
    if (d === path.dirname(d)) return dir;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Settings for a disposable test server: speed over durability, and room for several app servers. */
function settings(port: number, socketDir: string): string {
  return [
    "",
    "# tests/support/postgres.ts",
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${socketDir}'`,
    // Several app servers, each with a pool, plus the tests' own connections.
    "max_connections = 200",
    // Nothing here must survive a crash: skip flushing to disk.
    "fsync = off",
    "synchronous_commit = off",
    "full_page_writes = off",
    "wal_level = minimal",
    "max_wal_senders = 0",
    "checkpoint_timeout = 1h",
    "max_wal_size = 1GB",
    // Containers often have a small /dev/shm; parallel query is no gain on tiny test tables.
    "max_parallel_workers_per_gather = 0",
    // Times in UTC like the app's; messages in English whatever the machine's locale.
    "timezone = 'UTC'",
    "lc_messages = 'C'",
    "log_min_messages = warning",
    "",
  ].join("\n");
}

const running = new Set<{ bin: string; data: string; dir: string; user: { uid: number; gid: number } | null }>();
let exitHookInstalled = false;

/** A process that exits without stop() (a crashed run, Ctrl-C) still ends its clusters. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const c of running) stopSync(c);
  });
}

function stopSync(c: { bin: string; data: string; dir: string; user: { uid: number; gid: number } | null }): void {
  running.delete(c);
  const pid = postmasterPid(c.data);
  const r = run(c.bin, "pg_ctl", ["stop", "-D", c.data, "-m", "immediate", "-w", "-t", "20"], c.user, { stdio: "pipe" });
  // pg_ctl failed (say the pid file is gone): end that one process by its pid, immediate shutdown.
  if (r.status !== 0 && pid) {
    try {
      process.kill(pid, "SIGQUIT");
    } catch {
      /* already gone */
    }
  }
  fs.rmSync(c.dir, { recursive: true, force: true });
}

function postmasterPid(data: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function run(bin: string, cmd: string, args: string[], user: { uid: number; gid: number } | null, options: SpawnSyncOptions = {}) {
  return spawnSync(path.join(bin, cmd), args, {
    encoding: "utf8",
    timeout: 120_000,
    ...options,
    // As root: drop to the postgres user (like `su postgres -s /bin/sh -c …`, without a shell to quote for).
    ...(user ? { uid: user.uid, gid: user.gid, env: { ...process.env, HOME: os.tmpdir(), USER: "postgres", LOGNAME: "postgres" } } : {}),
    // The server must not hold the test runner's cwd (it may be removed) nor depend on it.
    cwd: "/",
  });
}

export async function startPostgres(): Promise<PgCluster> {
  const bin = findPostgresBinDir();
  if (!bin) {
    throw new PostgresUnavailableError(
      process.env.PG_BINDIR ? `PG_BINDIR=${process.env.PG_BINDIR} holds no initdb, pg_ctl and postgres` : "no initdb/pg_ctl on PATH nor in /usr/lib/postgresql/*/bin",
    );
  }
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(tempParent(user !== null), "ringback-pg-"));
  const data = path.join(dir, "data");
  const socketDir = path.join(dir, "socket");
  fs.mkdirSync(socketDir);
  if (user) {
    fs.chownSync(dir, user.uid, user.gid);
    fs.chownSync(socketDir, user.uid, user.gid);
  }
  const cluster = { bin, data, dir, user };
  try {
    // -E UTF8 --locale=C: text compares and sorts by bytes (= code points in UTF-8), like SQLite's
    // default BINARY collation, so ORDER BY, unique indexes and range scans agree between the two
    // databases; a linguistic locale (en_US) would sort "a" < "B" and ignore punctuation.
    // --no-sync: a throwaway cluster needs no flush to disk. Trust auth: 127.0.0.1 and our socket only.
    const init = run(bin, "initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], user);
    if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.signal}):\n${init.stdout}\n${init.stderr}`);

    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      // Appended last, so these win over initdb's defaults (the last setting in the file counts).
      fs.appendFileSync(path.join(data, "postgresql.conf"), settings(port, socketDir));
      const log = path.join(dir, `server-${attempt}.log`);
      if (user) {
        fs.writeFileSync(log, "");
        fs.chownSync(log, user.uid, user.gid);
      }
      const start = run(bin, "pg_ctl", ["start", "-D", data, "-l", log, "-w", "-t", "60", "-s"], user, { stdio: ["ignore", "pipe", "pipe"] });
      if (start.status === 0) {
        running.add(cluster);
        installExitHook();
        return handle(cluster, port);
      }
      const logText = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
      // Another process took the port between freePort() and the server's bind: try another one.
      if (attempt < 3 && /could not bind|Address already in use/i.test(logText)) continue;
      throw new Error(`pg_ctl start failed (${start.status ?? start.signal}):\n${start.stderr}\n${logText}`);
    }
  } catch (err) {
    stopSync(cluster);
    throw err;
  }
}

function handle(cluster: { bin: string; data: string; dir: string; user: { uid: number; gid: number } | null }, port: number): PgCluster {
  const url = (dbName: string) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(dbName)}`;
  const adminUrl = url("postgres");
  let stopped = false;
  return {
    port,
    url,
    adminUrl,
    createDatabase: (name) => createDatabase(adminUrl, name),
    async stop() {
      if (stopped) return;
      stopped = true;
      stopSync(cluster);
    },
  };
}

/** CREATE DATABASE on the cluster behind `adminUrl`; resolves to the new database's URL. */
export async function createDatabase(adminUrl: string, name = `t_${randomBytes(6).toString("hex")}`): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`database name ${JSON.stringify(name)}: use lowercase letters, digits and _`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // template0 with the cluster's C locale and UTF8: nothing inherited from template1.
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
