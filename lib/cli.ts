/**
 * `npm run ringback -- <command>`: run the server, migrate, create users and tokens, back up.
 * Each command validates its arguments and says exactly what is wrong before touching anything.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Command = {
  summary: string;
  usage: string;
  options: Options;
  run: (values: Record<string, string | boolean | undefined>, positionals: string[]) => Promise<void>;
};

// Nothing may reach the network: Next.js would otherwise report telemetry.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

export class UsageError extends Error {}

const commands: Record<string, Command> = {
  start: {
    summary: "Apply migrations, build if the build is missing or stale, and serve (PORT, HOST, DATABASE_PATH).",
    usage: "start",
    options: {},
    async run() {
      const { ensureBuild } = await import("./build");
      if (!ensureBuild()) throw new Error("The build failed; see the output above.");
      const { serve } = await import("./server");
      await serve();
    },
  },
  migrate: {
    summary: "Apply pending database migrations (the server also does this when it starts).",
    usage: "migrate",
    options: {},
    async run() {
      const { runMigrations } = await import("../db/index");
      console.log(`Database is up to date: ${(await runMigrations())}`);
    },
  },
  "user:create": {
    summary: "Create a rep or an admin.",
    usage: 'user:create --email E --password P --name N [--role admin|rep] [--phone "+1 555 010 2030"] [--title T]',
    options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" }, role: { type: "string" }, phone: { type: "string" }, title: { type: "string" } },
    async run(v) {
      const { createUser, newUserSchema, AccountError } = await import("./accounts");
      // The same rules as the console's forms: the phone is what the Call button on their pages dials.
      const parsed = newUserSchema.safeParse({ email: v.email, password: v.password, name: v.name, role: v.role ?? "rep", phone: v.phone, title: v.title });
      if (!parsed.success) throw new UsageError(describeIssues(parsed.error));
      try {
        const user = await createUser(parsed.data);
        console.log(`Created ${user.role} ${user.name} <${user.email}> (${user.id})`);
      } catch (e) {
        if (e instanceof AccountError) throw new UsageError(e.message);
        throw e;
      }
    },
  },
  "token:create": {
    summary: "Create a personal API token for a user; the token is printed alone on the last line.",
    usage: "token:create --email E [--name N]",
    options: { email: { type: "string" }, name: { type: "string" } },
    async run(v) {
      const args = z
        .object({ email: z.string({ error: "--email is required" }).trim().toLowerCase().pipe(z.email("--email is not a valid e-mail address")), name: z.string().trim().min(1).max(100).default("CLI token") })
        .safeParse({ email: v.email, name: v.name });
      if (!args.success) throw new UsageError(describeIssues(args.error));
      const { findUserByEmail } = await import("../db/queries/users");
      const { createApiToken } = await import("./auth/tokens");
      const user = await findUserByEmail(args.data.email);
      if (!user) throw new UsageError(`No user has the e-mail ${args.data.email}.`);
      const { token, record } = await createApiToken(user.id, args.data.name);
      console.log(`Created token ${record.id} "${record.name}" for ${user.email}. It is shown only once:`);
      console.log(token);
    },
  },
  backup: {
    summary: "Write an online, consistent copy of the live database to <file>.",
    usage: "backup <file>",
    options: {},
    async run(_v, positionals) {
      if (positionals.length !== 1) throw new UsageError("Give exactly one destination file, e.g. `backup ./backups/ringback.db`.");
      const fs = await import("node:fs");
      const path = await import("node:path");
      const dest = path.resolve(positionals[0]);
      if (fs.existsSync(dest)) throw new UsageError(`${dest} already exists; choose a new file name.`);
      const { config } = await import("./config");
      const databaseUrl = config().DATABASE_URL;
      if (databaseUrl) {
        const { backupPostgres } = await import("../db/pg-backup");
        await backupPostgres(databaseUrl, dest);
        console.log(`Backed up to ${dest} (${fs.statSync(dest).size} bytes, pg_dump custom format; restore with pg_restore)`);
        return;
      }
      // Opening a missing database would create an empty one, and "back up" that.
      const source = config().databasePath;
      if (!fs.existsSync(source)) throw new UsageError(`There is no database at ${source} to back up; check DATABASE_PATH.`);
      const { backupDatabase } = await import("../db/index");
      await backupDatabase(dest);
      console.log(`Backed up to ${dest} (${fs.statSync(dest).size} bytes)`);
    },
  },
  "db:copy": {
    summary: "Copy the SQLite database (DATABASE_PATH) into a new, empty PostgreSQL database, verified by row counts.",
    usage: "db:copy --to postgres://user:password@host:5432/ringback",
    options: { to: { type: "string" } },
    async run(v) {
      const to = typeof v.to === "string" ? v.to.trim() : "";
      if (!to) throw new UsageError("--to is required: the PostgreSQL database to copy into, e.g. --to postgres://user:password@host:5432/ringback");
      if (!isPostgresUrl(to)) throw new UsageError("--to must be a postgres:// or postgresql:// URL, e.g. postgres://user:password@host:5432/ringback");
      const { config } = await import("./config");
      const { copySqliteToPostgres, redactUrl } = await import("../db/copy");
      const { tables } = await copySqliteToPostgres({ sqlitePath: config().databasePath, postgresUrl: to, log: (line) => console.log(line) });
      const rows = tables.reduce((n, t) => n + t.rows, 0);
      console.log(`Copied ${rows} rows in ${tables.length} tables to ${redactUrl(to)}. Verified by row counts.`);
    },
  },
};

/** postgres://… or postgresql://… with a host: what pg (and pg_dump) accept as a database URL. */
function isPostgresUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "postgres:" || u.protocol === "postgresql:";
  } catch {
    return false;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const field = i.path.join(".");
      return field && !i.message.startsWith("--") ? `--${field}: ${i.message}` : i.message;
    })
    .join("\n");
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    "Usage: npm run ringback -- <command> [options]",
    "",
    "Commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `npm run ringback -- <command> --help` for a command's options.",
  ].join("\n");
}

function commandHelp(name: string, c: Command): string {
  return `Usage: npm run ringback -- ${c.usage}\n\n${c.summary}`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(mainHelp());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${mainHelp()}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${commandHelp(name, command)}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(commandHelp(name, command));
    return 0;
  }
  if (name !== "backup" && parsed.positionals.length) {
    console.error(`Unexpected argument "${parsed.positionals[0]}".\n\n${commandHelp(name, command)}`);
    return 2;
  }
  try {
    await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${commandHelp(name, command)}`);
      return 2;
    }
    console.error(`Error: ${(e as Error).message}`);
    return 1;
  }
}

const isEntry = process.argv[1] && /cli\.ts$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then((code) => {
    // `start` keeps the process alive with its server; the others end here.
    if (process.argv[2] !== "start" || code !== 0) process.exit(code);
  });
}
