/**
 * `npm run ringback -- backup <file>` when DATABASE_URL is a PostgreSQL database: pg_dump in its
 * custom format (compressed, one file, restorable table by table), without ownership, so it can be
 * restored as any user.
 *
 * To restore into a new, empty database:
 *   createdb ringback_restored
 *   pg_restore --no-owner --dbname=postgres://user@host/ringback_restored <file>
 * (`pg_restore --list <file>` shows what the file holds; add --clean --if-exists to replace the
 * objects of an existing database instead.) pg_dump must be the server's major version or newer.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const PG_DUMP_MISSING = "pg_dump was not found: install the postgresql-client package, or back up with your provider's tools";

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The folder holding all these PostgreSQL programs: $PG_BINDIR when it is set (only there, so a
 * chosen version is never swapped for another), else a folder on PATH (or the real folder behind a
 * symlink there, e.g. /usr/local/bin/initdb → /usr/lib/postgresql/<v>/bin), else the newest
 * /usr/lib/postgresql/<v>/bin (Debian's layout). The test cluster looks for its programs the same way.
 */
export function findPgBinDir(names: string[], env: Record<string, string | undefined> = process.env): string | null {
  const has = (dir: string) => names.every((b) => isExecutable(path.join(dir, b)));
  if (env.PG_BINDIR) return has(env.PG_BINDIR) ? env.PG_BINDIR : null;
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir || !isExecutable(path.join(dir, names[0]))) continue;
    const real = path.dirname(fs.realpathSync(path.join(dir, names[0])));
    if (has(real)) return real;
    if (has(dir)) return dir;
  }
  const debian = "/usr/lib/postgresql";
  const versions = fs.existsSync(debian)
    ? fs
        .readdirSync(debian)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) if (has(path.join(debian, v, "bin"))) return path.join(debian, v, "bin");
  return null;
}

/** pg_dump's path (see findPgBinDir), or null. */
export function findPgDump(env: Record<string, string | undefined> = process.env): string | null {
  const dir = findPgBinDir(["pg_dump"], env);
  return dir ? path.join(dir, "pg_dump") : null;
}

/**
 * Writes a pg_dump custom-format backup of `url` to `destination` (which must not exist). The
 * password, if the URL has one, goes to pg_dump through PGPASSWORD, never its arguments (which
 * other users of the machine can read). The dump is written beside the destination first and
 * renamed when complete, so a failed backup leaves no half file behind.
 */
export async function backupPostgres(url: string, destination: string): Promise<void> {
  const pgDump = findPgDump();
  if (!pgDump) throw new Error(PG_DUMP_MISSING);
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = "";
  }
  const dest = path.resolve(destination);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const partial = `${dest}.partial-${process.pid}`;
  const stderr: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(/*turbopackIgnore: true*/ pgDump, ["--format=custom", "--no-owner", `--file=${partial}`, `--dbname=${u.toString()}`], { env, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (d: Buffer) => stderr.push(d));
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) {
    fs.rmSync(partial, { force: true });
    throw new Error(`pg_dump failed (exit ${code}): ${Buffer.concat(stderr).toString("utf8").trim()}`);
  }
  fs.renameSync(partial, dest);
}
