/**
 * `npm run ringback -- …` for real: each command in its own process against a temporary database,
 * then a production server on that same database, and a backup taken while the server writes.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, signIn, startServer, tempDir, type Client, type TestServer } from "../support/server";

const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

type CliResult = { code: number | null; stdout: string; stderr: string };

/** Like runCli, without blocking this process, so a command can run while the test does other work. */
function runCliAsync(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, "lib/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PASSWORD_SCRYPT_COST: "1024", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const lastLine = (text: string) => text.trimEnd().split("\n").at(-1) ?? "";

const root = tempDir("rb-cli-");
// Neither folder exists yet: the CLI must create them.
const dataDir = path.join(root, "nested", "data");
const dbPath = path.join(dataDir, "ringback.db");
const env = { DATABASE_PATH: dbPath };
const cli = (...args: string[]) => runCli(args, env);

/** Opens the test database directly (tests may; the app goes through db/). */
function withDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
const emailsIn = (file: string) => withDb(file, (db) => (db.prepare("SELECT email FROM users").all() as { email: string }[]).map((r) => r.email));
const countIn = (file: string, table: string) => withDb(file, (db) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("help and argument errors (no database is touched)", () => {
  // A database path nobody may create: these commands must fail or answer before opening it.
  const untouchedDir = path.join(root, "untouched");
  const untouched = { DATABASE_PATH: path.join(untouchedDir, "ringback.db") };
  const run = (...args: string[]) => runCli(args, untouched);

  afterAll(() => {
    expect(fs.existsSync(untouchedDir)).toBe(false);
  });

  it.each([["--help"], ["-h"], ["help"]])("`%s` lists every command and exits 0", (flag) => {
    const r = run(flag);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: npm run ringback -- <command> [options]");
    for (const command of ["start", "migrate", "user:create", "token:create", "backup"]) expect(r.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    expect(r.stderr).toBe("");
  });

  it("no command at all shows the usage and exits 2", () => {
    const r = run();
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain("Usage: npm run ringback -- <command> [options]");
  });

  it.each([
    ["start", "Usage: npm run ringback -- start"],
    ["migrate", "Usage: npm run ringback -- migrate"],
    ["user:create", 'Usage: npm run ringback -- user:create --email E --password P --name N [--role admin|rep] [--phone "+1 555 010 2030"] [--title T]'],
    ["token:create", "Usage: npm run ringback -- token:create --email E [--name N]"],
    ["backup", "Usage: npm run ringback -- backup <file>"],
  ])("`%s --help` shows that command's usage and exits 0 without running it", (command, usage) => {
    const r = run(command, "--help");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(usage);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toContain("[ringback] serving");
  });

  it("an unknown command exits 2 and says so on stderr, with the list of commands", () => {
    const r = run("frobnicate");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown command "frobnicate".');
    expect(r.stderr).toContain("user:create");
    expect(r.stdout).toBe("");
  });

  it.each([
    [["migrate", "--force"], "Unknown option '--force'", "Usage: npm run ringback -- migrate"],
    [["token:create", "--email", "rep@acme.test", "--nmae", "CRM"], "Unknown option '--nmae'", "Usage: npm run ringback -- token:create"],
    [["user:create", "--email"], "Option '--email <value>' argument missing", "Usage: npm run ringback -- user:create"],
    [["migrate", "now"], 'Unexpected argument "now"', "Usage: npm run ringback -- migrate"],
  ])("bad flags %j exit 2 with a clear message and the command's usage on stderr", (args, message, usage) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(usage);
    expect(r.stdout).toBe("");
  });

  it.each([
    ["an invalid e-mail", ["--email", "not-an-address", "--password", "long enough pw", "--name", "Rita"], /^--email: Enter a valid e-mail address\.$/m, "--password"],
    ["a short password", ["--email", "rita@acme.test", "--password", "short", "--name", "Rita"], /^--password: Use at least 10 characters\.$/m, "--email"],
    ["a bad role", ["--email", "rita@acme.test", "--password", "long enough pw", "--name", "Rita", "--role", "owner"], /^--role: .*"admin"\|"rep"/m, "--password"],
    ["an empty name", ["--email", "rita@acme.test", "--password", "long enough pw", "--name", "  "], /^--name: Enter a name\.$/m, "--role"],
    ["a phone that is not one", ["--email", "rita@acme.test", "--password", "long enough pw", "--name", "Rita", "--phone", "call me"], /^--phone: Enter a phone number such as \+1 555 010 2030\.$/m, "--email"],
    ["a phone of two digits", ["--email", "rita@acme.test", "--password", "long enough pw", "--name", "Rita", "--phone", "12"], /^--phone: Enter a phone number such as \+1 555 010 2030\.$/m, "--name"],
  ])("user:create with %s exits 2 naming only that field", (_label, args, message, notMentioned) => {
    const r = run("user:create", ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(`${notMentioned}:`);
    expect(r.stdout).toBe("");
  });

  it("user:create without arguments names every missing field", () => {
    const r = run("user:create");
    expect(r.code).toBe(2);
    for (const field of ["--email", "--password", "--name"]) expect(r.stderr).toMatch(new RegExp(`^${field}: `, "m"));
  });

  it("token:create without --email or with an invalid one exits 2", () => {
    const missing = run("token:create");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--email is required");
    const invalid = run("token:create", "--email", "nope");
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("--email is not a valid e-mail address");
  });

  it("backup without a destination, or with two, exits 2", () => {
    for (const args of [["backup"], ["backup", path.join(root, "a.db"), path.join(root, "b.db")]]) {
      const r = run(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("Give exactly one destination file");
    }
    expect(fs.existsSync(path.join(root, "a.db"))).toBe(false);
  });

  it("backup of a database that does not exist exits 2 instead of creating an empty one", () => {
    const dest = path.join(root, "backup-of-nothing.db");
    const r = run("backup", dest);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`There is no database at ${untouched.DATABASE_PATH} to back up; check DATABASE_PATH.`);
    expect(fs.existsSync(dest)).toBe(false);
  });
});

describe("migrate", () => {
  it("creates the database, and its missing folders, with every table", () => {
    expect(fs.existsSync(path.join(root, "nested"))).toBe(false);
    const r = cli("migrate");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Database is up to date: ${dbPath}`);
    expect(fs.existsSync(dbPath)).toBe(true);
    withDb(dbPath, (db) => {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(["users", "sessions", "api_tokens", "login_throttle", "workspace_settings"]));
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    });
    expect(countIn(dbPath, "users")).toBe(0);
  });

  it("is idempotent: a second run applies nothing and keeps the data", () => {
    const applied = countIn(dbPath, "__drizzle_migrations");
    expect(applied).toBeGreaterThan(0);
    const schema = withDb(dbPath, (db) => db.prepare("SELECT sql FROM sqlite_master ORDER BY name").all());
    const r = cli("migrate");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Database is up to date: ${dbPath}`);
    expect(countIn(dbPath, "__drizzle_migrations")).toBe(applied);
    expect(withDb(dbPath, (db) => db.prepare("SELECT sql FROM sqlite_master ORDER BY name").all())).toEqual(schema);
  });
});

const ADMIN = { email: "ada@acme.test", password: "correct horse battery", name: "Ada Admin" };
const REP = { email: "rita@acme.test", password: "another long password", name: "Rita Rep" };
const SAM = { email: "sam@acme.test", password: "a third long password", name: "Sam Seller" };

describe("user:create", () => {
  it("creates an admin, storing the e-mail lowercased and only a password hash", () => {
    const r = cli("user:create", "--email", "Ada@ACME.test", "--password", ADMIN.password, "--name", ADMIN.name, "--role", "admin");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Created admin Ada Admin <ada@acme\.test> \(usr_[0-9A-Za-z]{16}\)$/m);
    const row = withDb(dbPath, (db) => db.prepare("SELECT * FROM users WHERE email = ?").get(ADMIN.email)) as Record<string, string>;
    expect(row).toMatchObject({ role: "admin", name: ADMIN.name });
    expect(row.password_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(row.password_hash).not.toContain(ADMIN.password);
  });

  it("creates a rep when no role is given", () => {
    const r = cli("user:create", "--email", REP.email, "--password", REP.password, "--name", REP.name);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Created rep ${REP.name} <${REP.email}>`);
    expect(withDb(dbPath, (db) => db.prepare("SELECT role FROM users WHERE email = ?").get(REP.email))).toEqual({ role: "rep" });
  });

  it("refuses a duplicate e-mail, whatever its case, with exit 2", () => {
    const r = cli("user:create", "--email", "RITA@acme.test", "--password", "yet another password", "--name", "Rita Two");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("An account with this e-mail already exists.");
    expect(countIn(dbPath, "users")).toBe(2);
  });

  it("refuses invalid input against a real database without writing", () => {
    const r = cli("user:create", "--email", "new@acme.test", "--password", "long enough pw", "--name", "New", "--role", "superuser");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--role: /m);
    expect(emailsIn(dbPath)).not.toContain("new@acme.test");
  });

  it("stores --phone and --title, which the rep's pages show", () => {
    const r = cli("user:create", "--email", SAM.email, "--password", SAM.password, "--name", SAM.name, "--phone", "+1 555 010 2030", "--title", "AE");
    expect(r.code, r.stderr).toBe(0);
    expect(withDb(dbPath, (db) => db.prepare("SELECT phone, title FROM users WHERE email = ?").get(SAM.email))).toEqual({ phone: "+1 555 010 2030", title: "AE" });
  });

  it("refuses a bad --phone against a real database without writing", () => {
    const r = cli("user:create", "--email", "pat@acme.test", "--password", "long enough pw", "--name", "Pat", "--phone", "ring me");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--phone: Enter a phone number such as +1 555 010 2030.");
    expect(emailsIn(dbPath)).not.toContain("pat@acme.test");
  });
});

let repToken = "";

describe("token:create", () => {
  it("prints the token alone on the last line and stores only its hash", () => {
    const r = cli("token:create", "--email", REP.email, "--name", "HubSpot");
    expect(r.code).toBe(0);
    repToken = lastLine(r.stdout);
    expect(repToken).toMatch(/^rbk_[A-Za-z0-9_-]{32}$/);
    expect(r.stdout).toContain(`for ${REP.email}`);
    const rows = withDb(dbPath, (db) => db.prepare("SELECT name, token_hash, hint FROM api_tokens").all()) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0].name).toBe("HubSpot");
    expect(rows[0].token_hash).toBe(createHash("sha256").update(repToken).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(repToken);
  });

  it("names the token `CLI token` by default and accepts the e-mail in any case", () => {
    const r = cli("token:create", "--email", ADMIN.email.toUpperCase());
    expect(r.code).toBe(0);
    expect(lastLine(r.stdout)).toMatch(/^rbk_/);
    expect(lastLine(r.stdout)).not.toBe(repToken);
    expect(r.stdout).toContain('"CLI token"');
  });

  it("refuses an unknown e-mail with exit 2 and creates nothing", () => {
    const before = countIn(dbPath, "api_tokens");
    const r = cli("token:create", "--email", "nobody@acme.test");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("No user has the e-mail nobody@acme.test.");
    expect(r.stdout).toBe("");
    expect(countIn(dbPath, "api_tokens")).toBe(before);
  });
});

describe("with a server running on the same database", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const me = (authorization?: string) => fetch(server.url + "/api/v1/me", { headers: authorization ? { Authorization: authorization } : {} });

  it("serves the database the CLI created", () => {
    expect(server.dbPath).toBe(dbPath);
    expect(server.logs()).toContain(`(database ${dbPath})`);
  });

  it("GET /api/v1/me answers 200 with the CLI's token, as the token's owner", async () => {
    const res = await me(`Bearer ${repToken}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ email: REP.email, name: REP.name, role: "rep" });
    expect(body.id).toMatch(/^usr_/);
    expect(JSON.stringify(body)).not.toMatch(/password/i);
  });

  it("GET /api/v1/me answers 401 for a wrong token, or none", async () => {
    const wrong = repToken.slice(0, -1) + (repToken.endsWith("A") ? "B" : "A");
    for (const header of [`Bearer ${wrong}`, `Bearer rbk_${"x".repeat(32)}`, repToken, undefined]) {
      const res = await me(header);
      expect(res.status, String(header)).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
  });

  it("shows the phone and title given to user:create on the rep's pages", async () => {
    const token = lastLine(cli("token:create", "--email", SAM.email).stdout);
    const made = await fetch(server.url + "/api/v1/prospects", { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify({ firstName: "Paula", lastName: "Prospect" }) });
    expect(made.status).toBe(201);
    const html = await (await fetch(`${server.url}/${(await made.json()).slug}`)).text();
    expect(html).toContain('href="tel:+15550102030"');
    expect(html).toMatch(/>AE · [^<]+</);
  });

  it("accepts a token the CLI creates while the server runs", async () => {
    const r = cli("token:create", "--email", ADMIN.email, "--name", "Dialer");
    expect(r.code).toBe(0);
    const res = await me(`Bearer ${lastLine(r.stdout)}`);
    expect(res.status).toBe(200);
    expect((await res.json()).email).toBe(ADMIN.email);
  });

  describe("backup", () => {
    const backupDir = path.join(root, "backups", "nightly"); // missing: backup creates it
    const backupFile = path.join(backupDir, "ringback.db");
    let admin: Client;

    beforeAll(async () => {
      admin = await signIn(server.url, ADMIN.email, ADMIN.password);
    });

    async function addUserThroughApi(email: string): Promise<void> {
      const res = await admin.fetch("/api/console/users", { method: "POST", json: { email, password: "a long enough password", name: email.split("@")[0] } });
      if (res.status !== 201) throw new Error(`POST /api/console/users: ${res.status} ${await res.text()}`);
    }

    it("copies the live database consistently while the server and the CLI write to it", async () => {
      for (let i = 0; i < 3; i++) await addUserThroughApi(`before${i}@acme.test`);
      const before = emailsIn(dbPath);
      expect(before).toHaveLength(3 + 3); // Ada, Rita and Sam from user:create, and these three

      // Keep writing through the server (users and tokens) for as long as the backup runs.
      let backupRunning = true;
      let writesDuringBackup = 0;
      const writer = (async () => {
        for (let i = 0; backupRunning; i++) {
          await addUserThroughApi(`during${i}@acme.test`);
          const res = await admin.fetch("/api/console/tokens", { method: "POST", json: { name: `during ${i}` } });
          if (res.status !== 201) throw new Error(`POST /api/console/tokens: ${res.status}`);
          if (backupRunning) writesDuringBackup++;
        }
      })();
      const cliWrite = runCliAsync(["user:create", "--email", "concurrent@acme.test", "--password", "a long enough password", "--name", "Con Current"], env);
      const backup = await runCliAsync(["backup", backupFile], env);
      backupRunning = false;
      await writer;
      expect((await cliWrite).code).toBe(0);

      expect(backup.stderr).toBe("");
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(new RegExp(`^Backed up to ${backupFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+ bytes\\)$`, "m"));
      expect(writesDuringBackup).toBeGreaterThan(0);

      withDb(backupFile, (db) => {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(db.pragma("foreign_key_check")).toEqual([]);
        const copied = (db.prepare("SELECT email FROM users").all() as { email: string }[]).map((r) => r.email);
        expect(copied).toEqual(expect.arrayContaining(before));
        // A snapshot: it holds no more than the live database does now.
        expect(copied.length).toBeLessThanOrEqual(emailsIn(dbPath).length);
        expect((db.prepare("SELECT count(*) AS n FROM api_tokens").get() as { n: number }).n).toBeGreaterThanOrEqual(3);
        expect(db.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get()).toEqual({ n: countIn(dbPath, "__drizzle_migrations") });
      });
      // The live database is unharmed and kept everything written during the backup.
      expect(emailsIn(dbPath)).toEqual(expect.arrayContaining([...before, "concurrent@acme.test", "during0@acme.test"]));
    });

    it("the copy works as a database of its own: a server can start on it and authenticate", async () => {
      const restoreDir = tempDir("rb-restore-");
      fs.copyFileSync(backupFile, path.join(restoreDir, "ringback.db"));
      const restored = await startServer({ dataDir: restoreDir });
      try {
        const res = await fetch(restored.url + "/api/v1/me", { headers: { Authorization: `Bearer ${repToken}` } });
        expect(res.status).toBe(200);
        expect((await res.json()).email).toBe(REP.email);
      } finally {
        await restored.stop();
        fs.rmSync(restoreDir, { recursive: true, force: true });
      }
    });

    it("refuses to overwrite an existing file (exit 2) and leaves it as it was", () => {
      const digest = () => createHash("sha256").update(fs.readFileSync(backupFile)).digest("hex");
      const before = digest();
      const r = cli("backup", backupFile);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${backupFile} already exists; choose a new file name.`);
      expect(digest()).toBe(before);
    });

    it("refuses a missing argument with exit 2", () => {
      const r = cli("backup");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("Give exactly one destination file");
      expect(r.stderr).toContain("Usage: npm run ringback -- backup <file>");
    });
  });
});
