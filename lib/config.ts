/**
 * Every setting Ringback reads from the environment, validated once. The README's table of
 * environment variables is this file in prose: keep them together.
 */
import path from "node:path";
import { z } from "zod";

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const flag = (def: boolean) =>
  z
    .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
    .default(def ? "true" : "false")
    .transform((v) => ["1", "true", "yes", "on"].includes(v));

const envSchema = z.object({
  PORT: int(3000, 1, 65535),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/ringback.db"),
  /** PostgreSQL instead of the SQLite file, for several app servers: postgres://user:password@host:5432/ringback. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/./i, "must be a postgres:// URL (leave it unset for the embedded SQLite file)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Connections each app server keeps to PostgreSQL at most (several servers share the database's max_connections). */
  DATABASE_POOL_MAX: int(10, 1, 1000),
  /** Public origin of the app, e.g. https://acme.com. Falls back to workspace settings, then the request. */
  PUBLIC_BASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  /** How long a console session lasts without being used. */
  SESSION_TTL_HOURS: int(24 * 14, 1, 24 * 365),
  // Sign-in throttling (lib/auth/throttle.ts): strict per account *and client*, per client across
  // accounts, and per account alone only a growing, capped delay — never a lock a stranger can set.
  /** Failed sign-ins for one account from one client within the window; then that client waits (for that account) until the window ends. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(5, 1, 1000),
  /** Failed sign-ins from one client (an IPv4 address or an IPv6 /64) across accounts within the window; then it waits until the window ends. */
  LOGIN_MAX_FAILURES_PER_CLIENT: int(20, 1, 100000),
  LOGIN_THROTTLE_WINDOW_MINUTES: int(15, 1, 24 * 60),
  /** Failed sign-ins for one account from all clients together before each further attempt must wait a growing delay. */
  LOGIN_ACCOUNT_DELAY_AFTER: int(50, 1, 1_000_000),
  /** The longest that delay grows to (it doubles from 1 s). */
  LOGIN_ACCOUNT_DELAY_MAX_SECONDS: int(30, 1, 3600),
  /** Trust X-Forwarded-For for the client address (set when behind a reverse proxy). */
  TRUST_PROXY: flag(false),
  /** Mark cookies Secure. Defaults to on when NODE_ENV=production and the base URL is https. */
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  /** How long a rendered prospect page is served from memory before it is rendered again. */
  PAGE_CACHE_TTL_SECONDS: int(300, 0, 86400),
  /** How often the minute jobs run (quiet-hours digests, the funnel's settling), in seconds; sweeps run 60 times less often. Once per period across all servers. */
  PERIODIC_EVERY_SECONDS: int(60, 1, 3600),
  /** How many rendered prospect pages to keep in memory (least recently used go first). */
  PAGE_CACHE_MAX_ENTRIES: int(5000, 0, 1_000_000),
  /** Unknown addresses one client may try per minute before getting 429 (stops probing for names). */
  MISS_LIMIT_PER_MINUTE: int(30, 1, 100000),
  /** Where uploaded videos, PDFs, photos and logos are kept. Defaults to an "uploads" folder beside the database. */
  UPLOADS_DIR: z.string().optional(),
  /** The largest upload accepted, in megabytes. */
  UPLOAD_MAX_MB: int(200, 1, 10_000),
  /** The largest photo or logo accepted (uploaded, or copied from a link), in megabytes. */
  IMAGE_UPLOAD_MAX_MB: int(10, 1, 100),
  /** The largest call list (CSV) accepted by an import, in megabytes: larger gets 413. */
  IMPORT_MAX_MB: int(20, 1, 1000),
  /** The most rows one import may hold: more gets 413 (split the file). */
  IMPORT_MAX_ROWS: int(50_000, 1, 1_000_000),
  /** Allow photo and logo links on this machine and private networks (refused by default, like webhooks). */
  IMAGE_FETCH_ALLOW_PRIVATE: flag(false),
  /** A visit's time on page stops counting here, however long a tab stays open. */
  VISIT_MAX_VISIBLE_SECONDS: int(1800, 10, 86400),
  /** The same visitor within this many minutes is the same visit (one visit, one alert). */
  VISIT_SAME_WITHIN_MINUTES: int(30, 1, 1440),
  /** Beacons one client may send per minute before getting 429. */
  COLLECT_LIMIT_PER_MINUTE: int(120, 1, 1_000_000),
  /**
   * Visit alerts one prospect may raise per rolling hour; the visits beyond it are recorded but
   * their alerts (feed, e-mail, webhooks) are held and summed up in one visit.burst alert when
   * the hour is over. Stops scripted floods of fake visitors. 0: no limit.
   */
  ALERTS_MAX_PER_PROSPECT_PER_HOUR: int(10, 0, 1_000_000),
  /** The "hour" of ALERTS_MAX_PER_PROSPECT_PER_HOUR, in seconds. Shorten it only to try the limit out. */
  ALERTS_RATE_WINDOW_SECONDS: int(3600, 1, 7 * 86400),
  /** scrypt cost (N) for password hashing; a power of two. */
  PASSWORD_SCRYPT_COST: int(32768, 1024, 1048576).refine((n) => (n & (n - 1)) === 0, "must be a power of two"),
  // --- E-mail alerts and webhooks (the outbox) ---
  /** SMTP server for alert e-mails, e.g. smtp://user:pass@mail.acme.com:587 (smtps:// for TLS). Unset: no e-mail. */
  SMTP_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^smtps?:\/\/[^\s]+$/.test(v), "must look like smtp://user:pass@host:587 or smtps://…"),
  /** The From of alert e-mails. */
  ALERT_FROM: z.string().trim().min(3).default("Ringback <ringback@localhost>"),
  /** How often the outbox worker looks for due deliveries (it is also woken at once by new ones). */
  OUTBOX_POLL_MS: int(1000, 20, 600_000),
  /** Webhook deliveries and SMTP connections give up after this long and are retried. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(300).default(10),
  /** First retry after this long, doubling each time (with jitter), up to WEBHOOK_RETRY_MAX_SECONDS. Fractions allowed. */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0.01).max(86400).default(30),
  /** The longest wait between two tries of one delivery. */
  WEBHOOK_RETRY_MAX_SECONDS: z.coerce.number().min(0.01).max(86400).default(3600),
  /** A delivery still failing this long after it was made is marked failed and no longer tried. */
  OUTBOX_GIVE_UP_HOURS: z.coerce.number().min(0.001).max(24 * 30).default(24),
  /** Deliveries to different webhooks (or e-mail recipients) in flight at once. */
  OUTBOX_CONCURRENCY: int(4, 1, 64),
  /** Allow http:// webhook URLs in production (https only otherwise). */
  WEBHOOK_ALLOW_HTTP: flag(false),
  /** Allow webhooks to this machine and private networks (10/8, 192.168/16, 127/8, link-local, …). */
  WEBHOOK_ALLOW_PRIVATE: flag(false),
  /** Webhooks one user may have. */
  WEBHOOKS_MAX_PER_USER: int(10, 1, 1000),
  // --- Voicemail scripts (lib/voicemail/) ---
  /** How fast a rep speaks, in words a minute: a script's estimated speaking time. */
  SPEAKING_RATE_WPM: int(150, 60, 300),
  /** The shortest a voicemail should take, in seconds (shorter gets the too_short hint). */
  SCRIPT_TARGET_SECONDS_MIN: int(20, 1, 600),
  /** The longest a voicemail should take, in seconds (longer gets the too_long hint). */
  SCRIPT_TARGET_SECONDS_MAX: int(30, 1, 600),
  /** The largest voicemail recording a rep may keep in the message log, in megabytes (a minute of browser audio is about 0.5 MB). */
  RECORDING_MAX_MB: int(10, 1, 200),
  // --- The funnel (lib/experiments/funnel.ts) ---
  /** A voicemail counts as answered by a visit or a returned call only within this many days of it. */
  FUNNEL_VISIT_DAYS: int(7, 1, 365),
  /** A meeting counts for a voicemail only within this many days of it. */
  FUNNEL_MEETING_DAYS: int(21, 1, 365),
}).refine((c) => c.SCRIPT_TARGET_SECONDS_MIN <= c.SCRIPT_TARGET_SECONDS_MAX, {
  message: "must not be more than SCRIPT_TARGET_SECONDS_MAX",
  path: ["SCRIPT_TARGET_SECONDS_MIN"],
});

export type Config = z.infer<typeof envSchema> & { databasePath: string; uploadsDir: string; recordingsDir: string };

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const databasePath = path.resolve(/*turbopackIgnore: true*/ parsed.data.DATABASE_PATH);
  const uploadsDir = path.resolve(/*turbopackIgnore: true*/ parsed.data.UPLOADS_DIR || path.join(path.dirname(databasePath), "uploads"));
  // Recordings are private (served only to the rep who may see the prospect), so never under the public uploads folder.
  const recordingsDir = path.join(path.dirname(databasePath), "recordings");
  return { ...parsed.data, databasePath, uploadsDir, recordingsDir };
}

/** The process-wide configuration, read on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
