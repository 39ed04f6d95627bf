/**
 * The data model at a glance. Times are UTC milliseconds (integer columns named *At).
 * IDs are nanoid with a short prefix (see lib/ids.ts). Slugs are the only public identifier.
 *
 * Change it with a new migration (`npm run db:generate`), never by editing an applied one.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** Reps and admins. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(), // usr_…
    email: text("email").notNull(), // stored lowercased
    name: text("name").notNull(),
    title: text("title"),
    phone: text("phone"),
    photoUrl: text("photo_url"),
    calendarUrl: text("calendar_url"),
    role: text("role", { enum: ["admin", "rep"] }).notNull().default("rep"),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

/** Browser sessions. Only a SHA-256 of the random token is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(), // ses_…
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    userAgent: text("user_agent"),
  },
  (t) => [uniqueIndex("sessions_token_hash_unique").on(t.tokenHash), index("sessions_user_idx").on(t.userId)],
);

/** Personal API tokens for /api/v1. Shown once; only a SHA-256 is stored. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(), // tok_…
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters of the token, so a rep can tell tokens apart. Not a secret. */
    hint: text("hint").notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_token_hash_unique").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/** Values the server generates once and keeps, e.g. the salt for hashing visitors' addresses. */
export const secrets = sqliteTable("secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});

/** Failed sign-in counters, per account and per client, for throttling. */
export const loginThrottle = sqliteTable("login_throttle", {
  key: text("key").primaryKey(), // "account:<email>" or "client:<ip>"
  failures: integer("failures").notNull(),
  windowStartedAt: integer("window_started_at").notNull(),
  blockedUntil: integer("blocked_until"),
});

/** One row (id = 1): the workspace's brand and defaults. */
export const workspaceSettings = sqliteTable("workspace_settings", {
  id: integer("id").primaryKey(),
  companyName: text("company_name").notNull(),
  logoUrl: text("logo_url"),
  brandColor: text("brand_color").notNull().default("#2563eb"),
  publicBaseUrl: text("public_base_url"),
  defaultPhoneRegion: text("default_phone_region").notNull().default("US"),
  /** Shown on the generic page, for someone who mistyped an address. */
  contactPhone: text("contact_phone"),
  contactEmail: text("contact_email"),
  updatedAt: integer("updated_at").notNull(),
});

/** A rep's library of reusable blocks (demo video, presentation, special offer) to put on pages. */
export const offers = sqliteTable(
  "offers",
  {
    id: text("id").primaryKey(), // off_…
    ownerId: text("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["video", "presentation", "offer"] }).notNull(),
    title: text("title").notNull(),
    body: text("body"),
    url: text("url"), // video or presentation link, or an uploaded file's path
    code: text("code"), // special-offer code
    expiresAt: integer("expires_at"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("offers_owner_idx").on(t.ownerId)],
);

/** The people a rep leaves voicemails for; each has one speakable page at /<slug>. */
export const prospects = sqliteTable(
  "prospects",
  {
    id: text("id").primaryKey(), // pro_…
    ownerId: text("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    company: text("company"),
    phone: text("phone"),
    email: text("email"),
    /** Shown to the prospect on their page. */
    message: text("message"),
    /** Never shown to the prospect. */
    privateNote: text("private_note"),
    followUpAt: integer("follow_up_at"),
    /** What the page shows, in order: demo video, presentation, special offer (lib/blocks.ts). */
    blocks: text("blocks", { mode: "json" }).$type<unknown[]>().notNull().default(sql`'[]'`),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("prospects_slug_unique").on(t.slug),
    index("prospects_owner_idx").on(t.ownerId, t.createdAt),
    index("prospects_follow_up_idx").on(t.ownerId, t.followUpAt),
  ],
);

/** A prospect's earlier slugs: renaming keeps the old address working as a redirect. */
export const prospectSlugs = sqliteTable(
  "prospect_slugs",
  {
    slug: text("slug").primaryKey(),
    prospectId: text("prospect_id").notNull().references(() => prospects.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [index("prospect_slugs_prospect_idx").on(t.prospectId)],
);

/** The message log: what a rep left on whose voicemail, and what came of it. */
export const voicemails = sqliteTable(
  "voicemails",
  {
    id: text("id").primaryKey(), // vm_…
    prospectId: text("prospect_id").notNull().references(() => prospects.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    style: text("style"),
    script: text("script"),
    leftAt: integer("left_at").notNull(),
    durationSeconds: integer("duration_seconds"),
    outcome: text("outcome"),
    createdAt: createdAt(),
  },
  (t) => [index("voicemails_prospect_idx").on(t.prospectId, t.leftAt)],
);

/**
 * Every request for a page: human visits, link previews, bots, a rep's own preview, and misses
 * (no prospect matched what was typed).
 */
export const visits = sqliteTable(
  "visits",
  {
    id: text("id").primaryKey(), // vis_…
    prospectId: text("prospect_id").references(() => prospects.id, { onDelete: "cascade" }),
    requestedPath: text("requested_path"),
    kind: text("kind", { enum: ["human", "preview", "bot", "rep", "miss"] }).notNull(),
    /** For previews and bots: who fetched it ("Slack", "Outlook SafeLinks", …). */
    source: text("source"),
    startedAt: integer("started_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    visibleMs: integer("visible_ms").notNull().default(0),
    /** Salted SHA-256 of the client address; the address itself is never stored. */
    ipHash: text("ip_hash"),
    userAgent: text("user_agent"),
    device: text("device"),
    os: text("os"),
    browser: text("browser"),
  },
  (t) => [
    index("visits_prospect_idx").on(t.prospectId, t.startedAt),
    index("visits_started_idx").on(t.startedAt),
    index("visits_visitor_idx").on(t.prospectId, t.ipHash, t.lastSeenAt),
  ],
);

/** What happened during a visit: video progress, offer code copied, call-to-action clicks. */
export const visitEvents = sqliteTable(
  "visit_events",
  {
    id: text("id").primaryKey(), // evt_…
    visitId: text("visit_id").notNull().references(() => visits.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    at: integer("at").notNull(),
    data: text("data", { mode: "json" }),
  },
  (t) => [index("visit_events_visit_idx").on(t.visitId, t.type)],
);

/** What a rep is told: "Rob Mason is on his page now". */
export const alerts = sqliteTable(
  "alerts",
  {
    id: text("id").primaryKey(), // alr_…
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    prospectId: text("prospect_id").references(() => prospects.id, { onDelete: "cascade" }),
    visitId: text("visit_id").references(() => visits.id, { onDelete: "set null" }),
    kind: text("kind").notNull(),
    message: text("message").notNull(),
    createdAt: createdAt(),
    readAt: integer("read_at"),
  },
  (t) => [index("alerts_user_idx").on(t.userId, t.createdAt)],
);
