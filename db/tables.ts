/**
 * The tables db/queries reads and writes: SQLite's (db/schema.ts) or PostgreSQL's twins
 * (db/schema-pg.ts), chosen once by db/dialect.ts. Queries are written against SQLite's types;
 * tests/unit/schema-parity.test.ts keeps the twins' names, columns and row types equal, so the same
 * query builds the same statement for either.
 */
import { DIALECT } from "./dialect";
import * as pg from "./schema-pg";
import * as sqlite from "./schema";

const chosen = (DIALECT === "postgres" ? pg : sqlite) as unknown as typeof sqlite;

export const users = chosen.users;
export const sessions = chosen.sessions;
export const apiTokens = chosen.apiTokens;
export const secrets = chosen.secrets;
export const loginThrottle = chosen.loginThrottle;
export const workspaceSettings = chosen.workspaceSettings;
export const offers = chosen.offers;
export const plays = chosen.plays;
export const scripts = chosen.scripts;
export const playVersions = chosen.playVersions;
export const prospects = chosen.prospects;
export const prospectSlugs = chosen.prospectSlugs;
export const voicemails = chosen.voicemails;
export const experiments = chosen.experiments;
export const experimentAssignments = chosen.experimentAssignments;
export const campaigns = chosen.campaigns;
export const campaignEnrolments = chosen.campaignEnrolments;
export const campaignTouches = chosen.campaignTouches;
export const visits = chosen.visits;
export const visitEvents = chosen.visitEvents;
export const alerts = chosen.alerts;
export const prospectActivity = chosen.prospectActivity;
export const alertBursts = chosen.alertBursts;
export const outcomes = chosen.outcomes;
export const webhooks = chosen.webhooks;
export const outbox = chosen.outbox;
export const deliveryAttempts = chosen.deliveryAttempts;
export const periodicJobs = chosen.periodicJobs;
export const rateWindows = chosen.rateWindows;
