/**
 * The data model at a glance. Times are UTC milliseconds (integer columns named *At).
 * IDs are nanoid with a short prefix (see lib/ids.ts). Slugs are the only public identifier.
 *
 * Change it with a new migration (`npm run db:generate`), never by editing an applied one.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

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
    /** IANA zone the rep works in (quiet hours, "today"), e.g. "America/New_York". */
    timeZone: text("time_zone").notNull().default("UTC"),
    /** Quiet hours as minutes after local midnight; alerts are still recorded and sent as a digest afterwards. */
    quietStart: integer("quiet_start"),
    quietEnd: integer("quiet_end"),
    /** E-mail alerts on or off for this rep (only when SMTP is configured). */
    emailAlerts: integer("email_alerts", { mode: "boolean" }).notNull().default(true),
    /** Admins may opt in to everyone's alerts ("all"); reps always get their own. */
    alertScope: text("alert_scope", { enum: ["own", "all"] }).notNull().default("own"),
    /** The rep's days off (YYYY-MM-DD, their zone): campaigns skip them like weekends. */
    holidays: text("holidays", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
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

/** Failed sign-in counters for throttling (lib/auth/throttle.ts): per account and client, per client, per account. */
export const loginThrottle = sqliteTable("login_throttle", {
  key: text("key").primaryKey(), // "pair:<email>|<client>", "client:<client>" or "account:<email>"
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
  /** How a "-" in a page's address is said on a voicemail: "rob dash mason" or "rob hyphen mason". */
  spokenDash: text("spoken_dash", { enum: ["dash", "hyphen"] }).notNull().default("dash"),
  /** The script suggested to every rep (an experiment's declared winner); null: each rep's last, else the built-in default. */
  defaultScriptId: text("default_script_id"),
  /** The play a new page follows when none is chosen (an experiment's declared winner); null: none. */
  defaultPlayId: text("default_play_id"),
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

/**
 * Plays: named page templates (message, blocks, calls to action, promise) a prospect's page can
 * follow. Shared plays are the workspace's (made by an admin, for every rep); the rest are their
 * owner's. What a play says lives in play_versions: every change of content is a new version, so a
 * visit can point at exactly what was shown.
 */
export const plays = sqliteTable(
  "plays",
  {
    id: text("id").primaryKey(), // ply_…
    ownerId: text("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    shared: integer("shared", { mode: "boolean" }).notNull().default(false),
    /** The current version (play_versions.version). */
    version: integer("version").notNull().default(1),
    /** Archived: hidden from pickers; pages already using it keep working. */
    archivedAt: integer("archived_at"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("plays_owner_idx").on(t.ownerId, t.createdAt), index("plays_created_idx").on(t.createdAt, t.id)],
);

/**
 * Voicemail scripts: what a rep says, in a style (lib/voicemail/styles.ts), with merge fields.
 * Shared scripts are the workspace's (an admin's, for every rep); the rest are their owner's. The
 * built-in examples (scr_example_…) are not rows: they come from the styles' data.
 */
export const scripts = sqliteTable(
  "scripts",
  {
    id: text("id").primaryKey(), // scr_…
    ownerId: text("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    style: text("style").notNull(),
    body: text("body").notNull(),
    shared: integer("shared", { mode: "boolean" }).notNull().default(false),
    archivedAt: integer("archived_at"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("scripts_owner_idx").on(t.ownerId, t.createdAt), index("scripts_created_idx").on(t.createdAt, t.id)],
);

/** One version of a play's content; never changed once written. Texts may hold merge fields (lib/plays/merge.ts). */
export const playVersions = sqliteTable(
  "play_versions",
  {
    playId: text("play_id").notNull().references(() => plays.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    message: text("message"),
    /** lib/blocks.ts blocks; their titles and offer text may hold merge fields. */
    blocks: text("blocks", { mode: "json" }).$type<unknown[]>().notNull().default(sql`'[]'`),
    /** Which calls to action show: { call, email, book }. */
    ctas: text("ctas", { mode: "json" }).$type<{ call: boolean; email: boolean; book: boolean }>().notNull(),
    /** "I'll call you in N working days" (from the page's creation) when a prospect has no follow-up date. */
    promiseDays: integer("promise_days"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.playId, t.version] })],
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
    /** Muted: visits are recorded but never alert. */
    mutedAt: integer("muted_at"),
    /** The play the page follows; the prospect's own message, blocks and ctas, when set, override it. */
    playId: text("play_id").references((): AnySQLiteColumn => plays.id, { onDelete: "set null" }),
    /** The prospect's own calls to action ({ call, email, book }); null follows the play (or shows all). */
    ctas: text("ctas", { mode: "json" }).$type<{ call: boolean; email: boolean; book: boolean }>(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("prospects_slug_unique").on(t.slug),
    index("prospects_owner_idx").on(t.ownerId, t.createdAt),
    index("prospects_follow_up_idx").on(t.ownerId, t.followUpAt),
    index("prospects_play_idx").on(t.playId),
    // "Who's calling?": a returned call is looked up by its number (E.164) in one indexed step.
    index("prospects_phone_idx").on(t.phone),
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
    /** The script it followed (scr_…). No foreign key: the built-in examples (scr_example_…) are not rows, and a deleted script's messages keep their id. */
    scriptId: text("script_id"),
    /** The exact words as rendered, so a returned call is never a surprise. */
    text: text("text"),
    /** The play the prospect's page showed when the message was left, and its version. */
    playId: text("play_id"),
    playVersion: integer("play_version"),
    note: text("note"),
    /** The kept recording's format ("webm", "ogg", "mp4") in the recordings folder as <id>.<format>; null: none kept. */
    recording: text("recording"),
    /** The experiment whose arm this message carried (its script, or the play its page showed); null: none. */
    experimentId: text("experiment_id"),
    /** The campaign touch this message made; null: none. */
    campaignEnrolmentId: text("campaign_enrolment_id"),
    campaignStep: integer("campaign_step"),
    /**
     * The funnel's facts once they can no longer change (lib/experiments/funnel.ts): the windows they
     * were computed for ("<visitMs>/<meetingMs>"), the first visit, a returned call, a meeting. Null
     * while the windows are open; reports read these instead of recomputing old history.
     */
    settledWindows: text("settled_windows"),
    settledVisitedAt: integer("settled_visited_at"),
    settledCallReturned: integer("settled_call_returned", { mode: "boolean" }),
    settledMeeting: integer("settled_meeting", { mode: "boolean" }),
    createdAt: createdAt(),
  },
  (t) => [
    // The messages still to settle, oldest first: a small partial index.
    index("voicemails_unsettled_idx").on(t.leftAt).where(sql`settled_windows is null`),
    // Reports over settled history read only this index (a year of 100,000 messages in a few ms per group).
    index("voicemails_settled_idx").on(t.settledWindows, t.leftAt, t.userId, t.scriptId, t.playId, t.settledVisitedAt, t.settledCallReturned, t.settledMeeting),
    index("voicemails_prospect_idx").on(t.prospectId, t.leftAt),
    index("voicemails_user_idx").on(t.userId, t.leftAt),
    index("voicemails_left_idx").on(t.leftAt),
    // An experiment's messages and their arms, in order, from the index alone.
    index("voicemails_experiment_idx").on(t.experimentId, t.leftAt, t.id, t.scriptId, t.playId),
    index("voicemails_script_idx").on(t.scriptId, t.leftAt),
  ],
);

/**
 * A test of 2–4 scripts or 2–4 plays on the funnel: which message brings more visits, returned calls
 * or meetings. Arms are chosen evenly until each has `minPerArm` messages, then by Thompson sampling.
 */
export const experiments = sqliteTable(
  "experiments",
  {
    id: text("id").primaryKey(), // exp_…
    name: text("name").notNull(),
    kind: text("kind", { enum: ["script", "play"] }).notNull(),
    goal: text("goal", { enum: ["visit", "callback", "meeting"] }).notNull(),
    /** The scripts' or plays' ids, in the order shown. */
    arms: text("arms", { mode: "json" }).$type<string[]>().notNull(),
    /** The reps it covers; null: the whole team. */
    userIds: text("user_ids", { mode: "json" }).$type<string[] | null>(),
    minPerArm: integer("min_per_arm").notNull().default(30),
    startsAt: integer("starts_at").notNull(),
    stoppedAt: integer("stopped_at"),
    /** The arm declared the winner when it stopped (it became the default script or play); null: none. */
    winnerArmId: text("winner_arm_id"),
    createdBy: text("created_by").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("experiments_running_idx").on(t.stoppedAt, t.kind)],
);

/** Which arm a prospect got in an experiment: kept for the experiment's life. */
export const experimentAssignments = sqliteTable(
  "experiment_assignments",
  {
    experimentId: text("experiment_id").notNull().references(() => experiments.id, { onDelete: "cascade" }),
    prospectId: text("prospect_id").notNull().references(() => prospects.id, { onDelete: "cascade" }),
    armId: text("arm_id").notNull(),
    /** How: "balancing" (until every arm has its minimum), "thompson", or "override" (the rep chose). */
    reason: text("reason", { enum: ["balancing", "thompson", "override"] }).notNull(),
    /** What Ringback had chosen before a rep overrode it. */
    chosenArmId: text("chosen_arm_id"),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    assignedAt: integer("assigned_at").notNull(),
    /** Play experiments: the play the page followed before, given back when the experiment stops. */
    previousPlayId: text("previous_play_id"),
  },
  (t) => [primaryKey({ columns: [t.experimentId, t.prospectId] }), index("experiment_assignments_arm_idx").on(t.experimentId, t.armId)],
);

/** A planned sequence of touches (voicemail, e-mail, call) over working days. */
export const campaigns = sqliteTable(
  "campaigns",
  {
    id: text("id").primaryKey(), // cmp_…
    ownerId: text("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The touches, validated by lib/campaigns/steps.ts. */
    steps: text("steps", { mode: "json" }).$type<unknown[]>().notNull(),
    shared: integer("shared", { mode: "boolean" }).notNull().default(false),
    archivedAt: integer("archived_at"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("campaigns_owner_idx").on(t.ownerId, t.createdAt)],
);

/** One prospect's place in one campaign (lib/campaigns/enrolment.ts says what each field means). */
export const campaignEnrolments = sqliteTable(
  "campaign_enrolments",
  {
    id: text("id").primaryKey(), // enr_…
    campaignId: text("campaign_id").notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    prospectId: text("prospect_id").notNull().references(() => prospects.id, { onDelete: "cascade" }),
    /** The rep who works it (the prospect's owner when enrolled). */
    ownerId: text("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["active", "paused", "finished", "stopped"] }).notNull(),
    stepIndex: integer("step_index").notNull().default(0),
    nextDueAt: integer("next_due_at"),
    enrolledAt: integer("enrolled_at").notNull(),
    lastTouchAt: integer("last_touch_at"),
    pausedAt: integer("paused_at"),
    pauseReason: text("pause_reason"),
    endedAt: integer("ended_at"),
    endReason: text("end_reason"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("campaign_enrolments_unique").on(t.campaignId, t.prospectId),
    index("campaign_enrolments_due_idx").on(t.ownerId, t.status, t.nextDueAt),
    index("campaign_enrolments_prospect_idx").on(t.prospectId, t.status),
  ],
);

/** Every touch made in a campaign (a voicemail, an e-mail, a call), for the per-step funnel. */
export const campaignTouches = sqliteTable(
  "campaign_touches",
  {
    id: text("id").primaryKey(), // tch_…
    enrolmentId: text("enrolment_id").notNull().references(() => campaignEnrolments.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id").notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    prospectId: text("prospect_id").notNull().references(() => prospects.id, { onDelete: "cascade" }),
    step: integer("step").notNull(),
    kind: text("kind", { enum: ["voicemail", "email", "call"] }).notNull(),
    /** The outcome that made it ("voicemail", "no_answer", "reached", …, or "email_sent"). */
    outcome: text("outcome").notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    voicemailId: text("voicemail_id"),
    at: integer("at").notNull(),
  },
  (t) => [index("campaign_touches_campaign_idx").on(t.campaignId, t.step, t.at), index("campaign_touches_enrolment_idx").on(t.enrolmentId)],
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
    /** The play and version the page showed (from the page's beacon, checked to exist); null without one. */
    playId: text("play_id").references((): AnySQLiteColumn => plays.id, { onDelete: "set null" }),
    playVersion: integer("play_version"),
  },
  (t) => [
    index("visits_prospect_idx").on(t.prospectId, t.startedAt),
    // The funnel's first human visit after a message, without reading the rows.
    index("visits_prospect_kind_idx").on(t.prospectId, t.kind, t.startedAt),
    index("visits_started_idx").on(t.startedAt),
    index("visits_visitor_idx").on(t.prospectId, t.ipHash, t.lastSeenAt),
    index("visits_play_idx").on(t.playId, t.playVersion),
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

/**
 * What a rep is told: "Rob Mason is on his page now". One row per recipient; `seq` is the feed's
 * cursor (strictly increasing), `dedupeKey` makes "one alert per visit" a constraint, not a hope.
 */
export const alerts = sqliteTable(
  "alerts",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull(), // alr_…
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    prospectId: text("prospect_id").references(() => prospects.id, { onDelete: "cascade" }),
    visitId: text("visit_id").references(() => visits.id, { onDelete: "set null" }),
    /** visit.started, visit.engaged, cta.clicked, visit.burst, digest */
    kind: text("kind").notNull(),
    message: text("message").notNull(),
    data: text("data", { mode: "json" }),
    /** e.g. "vis_…:started": at most one alert per recipient and key. */
    dedupeKey: text("dedupe_key").notNull(),
    /** Created during the recipient's quiet hours: shown in the feed silently, then summed up in a digest. */
    quiet: integer("quiet", { mode: "boolean" }).notNull().default(false),
    digestedAt: integer("digested_at"),
    createdAt: createdAt(),
    readAt: integer("read_at"),
  },
  (t) => [
    uniqueIndex("alerts_id_unique").on(t.id),
    uniqueIndex("alerts_dedupe_unique").on(t.userId, t.dedupeKey),
    index("alerts_user_seq_idx").on(t.userId, t.seq),
    // The digest's once-a-minute look for held-back alerts reads only those, not the whole table.
    index("alerts_held_idx").on(t.seq).where(sql`${t.quiet} = 1 and ${t.digestedAt} is null`),
  ],
);

/**
 * Where each prospect stands in the call-back queue, kept up to date by the visit pipeline and by
 * outcomes, so the queue is one indexed read instead of a scan of every visit.
 */
export const prospectActivity = sqliteTable(
  "prospect_activity",
  {
    prospectId: text("prospect_id")
      .primaryKey()
      .references(() => prospects.id, { onDelete: "cascade" }),
    ownerId: text("owner_id").notNull(),
    lastVisitId: text("last_visit_id"),
    lastVisitAt: integer("last_visit_at"),
    /** The last beacon of a person: "on the page now" when recent. */
    lastSeenAt: integer("last_seen_at"),
    humanVisits: integer("human_visits").notNull().default(0),
    /** Last video past half, call to action, presentation opened or offer code copied. */
    lastEngagedAt: integer("last_engaged_at"),
    /** A meeting booked, not interested, wrong number: out of the queue until they visit again. */
    closedAt: integer("closed_at"),
    closedReason: text("closed_reason"),
    lastOutcome: text("last_outcome"),
    lastOutcomeAt: integer("last_outcome_at"),
    /**
     * Visits folded away because they came in a burst (more than ALERTS_MAX_PER_PROSPECT_PER_HOUR
     * in the hour): the queue counts humanVisits − burstVisits, so a burst counts as one visit.
     */
    burstVisits: integer("burst_visits").notNull().default(0),
    /** The last visit whose alert was held back as part of a burst. */
    lastBurstAt: integer("last_burst_at"),
  },
  (t) => [index("prospect_activity_owner_seen_idx").on(t.ownerId, t.lastSeenAt)],
);

/**
 * A prospect's alerts held back beyond ALERTS_MAX_PER_PROSPECT_PER_HOUR (a flood of scripted
 * visits, say), waiting to be summed up in one visit.burst alert at `dueAt`. At most one open
 * burst per prospect; the row is removed when its summary is written.
 */
export const alertBursts = sqliteTable(
  "alert_bursts",
  {
    prospectId: text("prospect_id")
      .primaryKey()
      .references(() => prospects.id, { onDelete: "cascade" }),
    /** The first held event. */
    startedAt: integer("started_at").notNull(),
    lastAt: integer("last_at").notNull(),
    /** Visits whose visit.started alert was held. */
    visits: integer("visits").notNull().default(0),
    /** Follow-ups (demo watched, call to action) of those visits, held with them. */
    followUps: integer("follow_ups").notNull().default(0),
    /** When the summary goes out: a window after the first held event. */
    dueAt: integer("due_at").notNull(),
  },
  (t) => [index("alert_bursts_due_idx").on(t.dueAt)],
);

/** What a rep did about a prospect: a call's outcome, or a note. */
export const outcomes = sqliteTable(
  "outcomes",
  {
    id: text("id").primaryKey(), // out_…
    prospectId: text("prospect_id").notNull().references(() => prospects.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["reached", "voicemail", "no_answer", "called_back", "meeting", "not_interested", "wrong_number", "note"] }).notNull(),
    note: text("note"),
    at: integer("at").notNull(),
    /** The follow-up date this outcome set (null: none). */
    followUpAt: integer("follow_up_at"),
  },
  // (prospect, at, kind): the timeline's order, and the funnel's outcomes in a window without reading the rows.
  (t) => [index("outcomes_prospect_idx").on(t.prospectId, t.at, t.kind)],
);

/** Where a rep's (or, for admins, the workspace's) events are POSTed. */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(), // wh_…
    ownerId: text("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** own: the owner's prospects; workspace (admins only): everyone's. */
    scope: text("scope", { enum: ["own", "workspace"] }).notNull().default("own"),
    url: text("url").notNull(),
    format: text("format", { enum: ["json", "slack"] }).notNull().default("json"),
    /** The HMAC key the receiver verifies with; it must be readable to sign, so it is not hashed. */
    secret: text("secret").notNull(),
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("webhooks_owner_idx").on(t.ownerId)],
);

/**
 * Deliveries waiting to go out (e-mail and webhooks), written in the same step as what caused
 * them and sent by the server's worker: retried with backoff, in order per prospect. `id` is the
 * idempotency id a receiver sees on every attempt.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull(), // dlv_…
    channel: text("channel", { enum: ["email", "webhook"] }).notNull(),
    webhookId: text("webhook_id").references(() => webhooks.id, { onDelete: "cascade" }),
    /** E-mail: the recipient. */
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    prospectId: text("prospect_id"),
    eventType: text("event_type").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastError: text("last_error"),
    lastStatus: integer("last_status"),
    createdAt: createdAt(),
    deliveredAt: integer("delivered_at"),
    /** The server whose worker is sending it now, until `claimedUntil` (then any worker may take it again). */
    claimedBy: text("claimed_by"),
    claimedUntil: integer("claimed_until"),
  },
  (t) => [uniqueIndex("outbox_id_unique").on(t.id), index("outbox_due_idx").on(t.status, t.nextAttemptAt), index("outbox_webhook_idx").on(t.webhookId, t.seq)],
);

/** Each try at a delivery: the console's delivery log. */
export const deliveryAttempts = sqliteTable(
  "delivery_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    outboxSeq: integer("outbox_seq")
      .notNull()
      .references(() => outbox.seq, { onDelete: "cascade" }),
    at: integer("at").notNull(),
    /** HTTP status, or null when no answer came (timeout, refused). */
    status: integer("status"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("delivery_attempts_outbox_idx").on(t.outboxSeq)],
);

/**
 * Periodic jobs (the quiet-hours digest, the funnel's settling, sweeps): a server runs one only
 * after claiming its turn here, so with several servers each runs once per period, not once per
 * server.
 */
export const periodicJobs = sqliteTable("periodic_jobs", {
  name: text("name").primaryKey(),
  lastStartedAt: integer("last_started_at").notNull(),
  lastFinishedAt: integer("last_finished_at"),
  /** The server (process) that claimed the last turn. */
  lastServer: text("last_server"),
  runs: integer("runs").notNull().default(0),
});

/** Rate limits counted across servers: hits per key (a client and what it does) in the current window. */
export const rateWindows = sqliteTable("rate_windows", {
  key: text("key").primaryKey(),
  windowStartedAt: integer("window_started_at").notNull(),
  hits: integer("hits").notNull(),
});
