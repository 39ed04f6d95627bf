/**
 * Who may do what, for every route in app/: anonymous, rep A, rep B, an admin (sessions), rep A's
 * and rep B's API tokens, and a revoked token. The routes are read from the file system and every
 * route and method must have a rule here, so a route added without one fails. Rep B gets 404 for
 * anything of rep A's.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";
import { cliEnv, withServerDb } from "../support/server-db";

type Actor = "anon" | "repA" | "repB" | "admin" | "tokenA" | "tokenB" | "revoked";
const ACTORS: Actor[] = ["anon", "repA", "repB", "admin", "tokenA", "tokenB", "revoked"];

/** What a call needs: its URL (objects belong to rep A) and body, made fresh for each actor. */
type Call = { url: string; body?: unknown; raw?: Uint8Array };
type Rule = { call: () => Promise<Call> | Call; expect: Partial<Record<Actor, number>> & { other: number } };

let server: TestServer;
let sessions: Record<"repA" | "repB" | "admin", Client>;
let tokens: Record<"tokenA" | "tokenB" | "revoked", string>;
let a: { prospectId: string; slug: string; upload: string; webhookId: string; playId: string; campaignId: string };

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
let seq = 0;
const unique = () => `${Date.now().toString(36)}${seq++}`;

async function newProspectOfA(): Promise<{ id: string; slug: string }> {
  const res = await fetch(`${server.url}/api/v1/prospects`, { method: "POST", headers: { Authorization: `Bearer ${tokens.tokenA}`, "Content-Type": "application/json" }, body: JSON.stringify({ firstName: "Fresh", lastName: unique() }) });
  return res.json();
}
/** A private script of rep A's (rep B must get 404 for it). */
async function newScriptOfA(): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/scripts`, { method: "POST", headers: { Authorization: `Bearer ${tokens.tokenA}`, "Content-Type": "application/json" }, body: JSON.stringify({ name: `Script ${unique()}`, style: "question", body: "Hi {{firstName}}?" }) });
  return (await res.json()).id;
}
/** A private play of rep A's (rep B must get 404 for it). */
async function newPlayOfA(): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/plays`, { method: "POST", headers: { Authorization: `Bearer ${tokens.tokenA}`, "Content-Type": "application/json" }, body: JSON.stringify({ name: `Play ${unique()}`, message: "Hi {{firstName}}" }) });
  return (await res.json()).id;
}
const EXPERIMENT_BODY = () => ({ name: `Test ${unique()}`, kind: "script", arms: ["scr_example_question", "scr_example_referral"], goal: "visit" });
/** Stops every running experiment, straight in the database (a rep is in one at a time; each call below starts one). */
async function stopExperimentsOfA(): Promise<void> {
  await withServerDb(server, (db) => db.run("update experiments set stopped_at = ?, updated_at = ? where stopped_at is null", Date.now(), Date.now()));
}
/** A fresh experiment of rep A's own (any earlier one stopped first). */
async function newExperimentOfA(): Promise<string> {
  await stopExperimentsOfA();
  const res = await fetch(`${server.url}/api/v1/experiments`, { method: "POST", headers: { Authorization: `Bearer ${tokens.tokenA}`, "Content-Type": "application/json" }, body: JSON.stringify(EXPERIMENT_BODY()) });
  return (await res.json()).id;
}
/** A private campaign of rep A's (rep B must get 404 for it). */
async function newCampaignOfA(): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/campaigns`, { method: "POST", headers: { Authorization: `Bearer ${tokens.tokenA}`, "Content-Type": "application/json" }, body: JSON.stringify({ name: `Campaign ${unique()}`, steps: [{ day: 1, kind: "voicemail" }, { day: 3, kind: "call" }] }) });
  return (await res.json()).id;
}
/** Rep A's prospect in rep A's campaign (again, if it was taken out). */
async function enrolA(): Promise<void> {
  const res = await fetch(`${server.url}/api/v1/campaigns/${a.campaignId}/enrolments`, { method: "POST", headers: { Authorization: `Bearer ${tokens.tokenA}`, "Content-Type": "application/json" }, body: JSON.stringify({ prospectIds: [a.prospectId] }) });
  expect(res.status).toBe(201);
}
/** A few bytes that open like WebM audio (what a browser's MediaRecorder writes). */
const WEBM_HEAD = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04]);
/** A message rep A logged for their prospect; with `recorded`, its recording kept too. */
async function newVoicemailOfA(recorded: boolean): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/prospects/${a.prospectId}/voicemails`, { method: "POST", headers: { Authorization: `Bearer ${tokens.tokenA}`, "Content-Type": "application/json" }, body: JSON.stringify({ text: "matrix" }) });
  const id = (await res.json()).id as string;
  if (recorded) expect((await sessions.repA.fetch(`/api/console/voicemails/${id}/recording`, { method: "PUT", body: new Blob([WEBM_HEAD]) })).status).toBe(201);
  return id;
}
async function newUser(): Promise<string> {
  const res = await sessions.admin.fetch("/api/console/users", { method: "POST", json: { email: `t${unique()}@acme.test`, name: "Temp", password: "a long passphrase" } });
  return (await res.json()).id;
}
// Port 9 on loopback refuses at once: test deliveries fail fast and never leave the machine.
const HOOK_URL = "https://127.0.0.1:9/matrix";
/** A 1 × 1 PNG. */
const PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
async function newWebhookOfA(): Promise<string> {
  const res = await sessions.repA.fetch("/api/console/webhooks", { method: "POST", json: { url: HOOK_URL, events: ["visit.started"] } });
  return (await res.json()).id;
}
async function newSessionOfA(): Promise<string> {
  const phone = await signIn(server.url, "a@acme.test", "a long passphrase");
  const list = (await (await phone.fetch("/api/console/sessions")).json()).data as { id: string; current: boolean }[];
  return list.find((s) => s.current)!.id;
}
async function newTokenOfA(): Promise<string> {
  const res = await sessions.repA.fetch("/api/console/tokens", { method: "POST", json: { name: `t${unique()}` } });
  return (await res.json()).id;
}

// Statuses: pages redirect (307) to sign-in; console endpoints 401 without a session, API 401 without a token.
const PAGE = { other: 307, repA: 200, repB: 200, admin: 200 };
const SESSION_API = (ok: number) => ({ other: 401, repA: ok, repB: ok, admin: ok });
const ADMIN_API = (ok: number) => ({ other: 401, repA: 403, repB: 403, admin: ok });
const TOKEN_API = (ok: number, b = ok) => ({ other: 401, tokenA: ok, tokenB: b });
const PUBLIC = (status: number) => ({ other: status });

const RULES: Record<string, Rule> = {
  "GET /": { call: () => ({ url: "/" }), expect: PAGE },
  "GET /settings": { call: () => ({ url: "/settings" }), expect: PAGE },
  "GET /prospects": { call: () => ({ url: "/prospects" }), expect: PAGE },
  "GET /prospects/new": { call: () => ({ url: "/prospects/new" }), expect: PAGE },
  "GET /prospects/import": { call: () => ({ url: "/prospects/import" }), expect: PAGE },
  "GET /prospects/[id]": { call: () => ({ url: `/prospects/${a.prospectId}` }), expect: { ...PAGE, repB: 404 } },
  "GET /team": { call: () => ({ url: "/team" }), expect: { other: 307, admin: 200 } },
  "GET /reports": { call: () => ({ url: "/reports" }), expect: { other: 307, admin: 200 } },
  "GET /api/console/reports/export": { call: () => ({ url: "/api/console/reports/export?by=script" }), expect: ADMIN_API(200) },
  "GET /login": { call: () => ({ url: "/login" }), expect: { other: 200, repA: 307, repB: 307, admin: 307 } },
  "GET /setup": { call: () => ({ url: "/setup" }), expect: PUBLIC(307) },
  "GET /privacy": { call: () => ({ url: "/privacy" }), expect: PUBLIC(200) },
  "GET /[slug]": { call: () => ({ url: `/${a.slug}` }), expect: PUBLIC(200) },
  "GET /og/[slug]": { call: () => ({ url: `/og/${a.slug}` }), expect: PUBLIC(200) },
  "GET /uploads/[name]": { call: () => ({ url: a.upload }), expect: PUBLIC(200) },
  "HEAD /uploads/[name]": { call: () => ({ url: a.upload }), expect: PUBLIC(200) },
  "POST /api/collect": { call: () => ({ url: "/api/collect", body: { slug: a.slug, type: "view", visibleMs: 0 } }), expect: PUBLIC(202) },
  "POST /api/auth/login": { call: () => ({ url: "/api/auth/login", body: {} }), expect: PUBLIC(422) },
  "POST /api/auth/setup": { call: () => ({ url: "/api/auth/setup", body: { companyName: "X", name: "X", email: "x@x.test", password: "long enough pass" } }), expect: PUBLIC(409) },
  "POST /api/auth/logout": { call: () => ({ url: "/api/auth/logout", body: {} }), expect: PUBLIC(200) },
  "GET /api/console/profile": { call: () => ({ url: "/api/console/profile" }), expect: SESSION_API(200) },
  "PATCH /api/console/profile": { call: () => ({ url: "/api/console/profile", body: {} }), expect: SESSION_API(200) },
  "GET /api/console/workspace": { call: () => ({ url: "/api/console/workspace" }), expect: SESSION_API(200) },
  "PATCH /api/console/workspace": { call: () => ({ url: "/api/console/workspace", body: {} }), expect: ADMIN_API(200) },
  "GET /api/console/tokens": { call: () => ({ url: "/api/console/tokens" }), expect: SESSION_API(200) },
  "POST /api/console/tokens": { call: () => ({ url: "/api/console/tokens", body: { name: "matrix" } }), expect: SESSION_API(201) },
  "DELETE /api/console/tokens/[id]": { call: async () => ({ url: `/api/console/tokens/${await newTokenOfA()}` }), expect: { ...SESSION_API(404), repA: 204 } },
  "GET /api/console/users": { call: () => ({ url: "/api/console/users" }), expect: ADMIN_API(200) },
  "POST /api/console/users": { call: () => ({ url: "/api/console/users", body: { email: `u${unique()}@acme.test`, name: "New", password: "a long passphrase" } }), expect: ADMIN_API(201) },
  // A throwaway user: a reset signs its user out everywhere.
  "POST /api/console/users/[id]/password": { call: async () => ({ url: `/api/console/users/${await newUser()}/password`, body: { password: "a long passphrase" } }), expect: ADMIN_API(200) },
  // An empty body: whoever may change their own password is told what is missing (and nobody's password changes).
  "POST /api/console/password": { call: () => ({ url: "/api/console/password", body: {} }), expect: SESSION_API(422) },
  "GET /api/console/sessions": { call: () => ({ url: "/api/console/sessions" }), expect: SESSION_API(200) },
  // "Sign out everywhere else": the caller's own session stays.
  "DELETE /api/console/sessions": { call: () => ({ url: "/api/console/sessions" }), expect: SESSION_API(200) },
  // A fresh session of rep A's: only rep A may end it; anyone else's id is a 404.
  "DELETE /api/console/sessions/[id]": { call: async () => ({ url: `/api/console/sessions/${await newSessionOfA()}` }), expect: { ...SESSION_API(404), repA: 204 } },
  "POST /api/console/prospects": { call: () => ({ url: "/api/console/prospects", body: { firstName: "Matrix", lastName: unique() } }), expect: SESSION_API(201) },
  "PATCH /api/console/prospects/[id]": { call: () => ({ url: `/api/console/prospects/${a.prospectId}`, body: { firstName: "Rob", lastName: "Mason" } }), expect: { ...SESSION_API(200), repB: 404 } },
  "DELETE /api/console/prospects/[id]": { call: async () => ({ url: `/api/console/prospects/${(await newProspectOfA()).id}` }), expect: { ...SESSION_API(200), repB: 404 } },
  // A dry run: each actor's own list, nothing written. Tokens cannot use the console's endpoints.
  "POST /api/console/imports": { call: () => ({ url: "/api/console/imports?dryRun=true", raw: new Uint8Array(Buffer.from(`First Name,Last Name\nMatrix,${unique()}\n`)) }), expect: SESSION_API(200) },
  "GET /api/console/exports/prospects": { call: () => ({ url: "/api/console/exports/prospects" }), expect: SESSION_API(200) },
  "POST /api/console/uploads": { call: () => ({ url: "/api/console/uploads", raw: new Uint8Array(Buffer.from("%PDF-1.7\n" + " ".repeat(64))) }), expect: SESSION_API(201) },
  // The workspace logo is the admin's; a rep uploads only their own photo (tests/integration/images.test.ts).
  "POST /api/console/images": { call: () => ({ url: "/api/console/images?for=logo", raw: new Uint8Array(Buffer.from(PNG_1PX, "base64")) }), expect: ADMIN_API(201) },
  "GET /api/console/alerts/stream": { call: () => ({ url: "/api/console/alerts/stream" }), expect: SESSION_API(200) },
  "GET /api/console/alerts/preferences": { call: () => ({ url: "/api/console/alerts/preferences" }), expect: SESSION_API(200) },
  "PATCH /api/console/alerts/preferences": { call: () => ({ url: "/api/console/alerts/preferences", body: {} }), expect: SESSION_API(200) },
  "POST /api/console/prospects/[id]/outcomes": { call: () => ({ url: `/api/console/prospects/${a.prospectId}/outcomes`, body: { kind: "note", note: "matrix" } }), expect: { ...SESSION_API(201), repB: 404 } },
  "PUT /api/console/prospects/[id]/mute": { call: () => ({ url: `/api/console/prospects/${a.prospectId}/mute`, body: { muted: false } }), expect: { ...SESSION_API(200), repB: 404 } },
  "GET /api/v1/alerts": { call: () => ({ url: "/api/v1/alerts" }), expect: TOKEN_API(200) },
  "GET /api/console/webhooks": { call: () => ({ url: "/api/console/webhooks" }), expect: SESSION_API(200) },
  "POST /api/console/webhooks": { call: () => ({ url: "/api/console/webhooks", body: { url: HOOK_URL, events: ["visit.started"] } }), expect: SESSION_API(201) },
  "DELETE /api/console/webhooks/[id]": { call: async () => ({ url: `/api/console/webhooks/${await newWebhookOfA()}` }), expect: { ...SESSION_API(404), repA: 204 } },
  "POST /api/console/webhooks/[id]/test": { call: () => ({ url: `/api/console/webhooks/${a.webhookId}/test`, body: {} }), expect: { ...SESSION_API(404), repA: 202 } },
  "GET /api/console/webhooks/[id]/deliveries": { call: () => ({ url: `/api/console/webhooks/${a.webhookId}/deliveries` }), expect: { ...SESSION_API(404), repA: 200 } },
  // This server has no SMTP_URL: everyone signed in is told so (tests/integration/email.test.ts sends for real).
  "POST /api/console/alerts/test-email": { call: () => ({ url: "/api/console/alerts/test-email", body: {} }), expect: SESSION_API(409) },
  "GET /api/v1/me": { call: () => ({ url: "/api/v1/me" }), expect: TOKEN_API(200) },
  // The OpenAPI document is public: it describes the API, which the README does too.
  "GET /api/v1/openapi.json": { call: () => ({ url: "/api/v1/openapi.json" }), expect: PUBLIC(200) },
  "GET /api/v1/prospects": { call: () => ({ url: "/api/v1/prospects" }), expect: TOKEN_API(200) },
  "POST /api/v1/imports": { call: () => ({ url: "/api/v1/imports?dryRun=true", raw: new Uint8Array(Buffer.from(`First Name,Last Name\nMatrix,${unique()}\n`)) }), expect: TOKEN_API(200) },
  "GET /api/v1/exports/prospects": { call: () => ({ url: "/api/v1/exports/prospects" }), expect: TOKEN_API(200) },
  "POST /api/v1/prospects": { call: () => ({ url: "/api/v1/prospects", body: { firstName: "Api", lastName: unique() } }), expect: TOKEN_API(201) },
  "GET /api/v1/prospects/[id]": { call: () => ({ url: `/api/v1/prospects/${a.prospectId}` }), expect: TOKEN_API(200, 404) },
  "PATCH /api/v1/prospects/[id]": { call: () => ({ url: `/api/v1/prospects/${a.prospectId}`, body: { message: "hello" } }), expect: TOKEN_API(200, 404) },
  "DELETE /api/v1/prospects/[id]": { call: async () => ({ url: `/api/v1/prospects/${(await newProspectOfA()).id}` }), expect: TOKEN_API(204, 404) },
  "GET /plays": { call: () => ({ url: "/plays" }), expect: PAGE },
  "GET /scripts": { call: () => ({ url: "/scripts" }), expect: PAGE },
  "POST /api/console/scripts": { call: () => ({ url: "/api/console/scripts", body: { name: `Matrix ${unique()}`, style: "question", body: "Hi?" } }), expect: SESSION_API(201) },
  "PATCH /api/console/scripts/[id]": { call: async () => ({ url: `/api/console/scripts/${await newScriptOfA()}`, body: { name: "Renamed" } }), expect: { ...SESSION_API(200), repB: 404 } },
  "DELETE /api/console/scripts/[id]": { call: async () => ({ url: `/api/console/scripts/${await newScriptOfA()}` }), expect: { ...SESSION_API(200), repB: 404 } },
  "POST /api/console/scripts/preview": { call: () => ({ url: "/api/console/scripts/preview", body: { prospectId: a.prospectId, body: "Hi {{firstName}}", style: "question" } }), expect: { ...SESSION_API(200), repB: 404 } },
  "GET /plays/new": { call: () => ({ url: "/plays/new" }), expect: PAGE },
  "GET /plays/[id]": { call: () => ({ url: `/plays/${a.playId}` }), expect: { ...PAGE, repB: 404 } },
  // The editor's live preview (framed by the console): a play rep B may not see is a 404 there too.
  "GET /plays/preview": { call: () => ({ url: `/plays/preview?id=${a.playId}` }), expect: { ...PAGE, repB: 404 } },
  "POST /api/console/plays": { call: () => ({ url: "/api/console/plays", body: { name: `Matrix ${unique()}`, message: "Hi {{firstName}}" } }), expect: SESSION_API(201) },
  "PATCH /api/console/plays/[id]": { call: () => ({ url: `/api/console/plays/${a.playId}`, body: { archived: false } }), expect: { ...SESSION_API(200), repB: 404 } },
  "DELETE /api/console/plays/[id]": { call: async () => ({ url: `/api/console/plays/${await newPlayOfA()}` }), expect: { ...SESSION_API(200), repB: 404 } },
  "POST /api/console/plays/[id]/duplicate": { call: () => ({ url: `/api/console/plays/${a.playId}/duplicate`, body: {} }), expect: { ...SESSION_API(201), repB: 404 } },
  "GET /api/v1/plays": { call: () => ({ url: "/api/v1/plays" }), expect: TOKEN_API(200) },
  "POST /api/v1/plays": { call: () => ({ url: "/api/v1/plays", body: { name: `Api ${unique()}` } }), expect: TOKEN_API(201) },
  "GET /api/v1/plays/[id]": { call: () => ({ url: `/api/v1/plays/${a.playId}` }), expect: TOKEN_API(200, 404) },
  "PATCH /api/v1/plays/[id]": { call: () => ({ url: `/api/v1/plays/${a.playId}`, body: { name: "Renamed" } }), expect: TOKEN_API(200, 404) },
  "DELETE /api/v1/plays/[id]": { call: async () => ({ url: `/api/v1/plays/${await newPlayOfA()}` }), expect: TOKEN_API(204, 404) },
  "GET /api/v1/prospects/[id]/visits": { call: () => ({ url: `/api/v1/prospects/${a.prospectId}/visits` }), expect: TOKEN_API(200, 404) },
  "GET /api/v1/prospects/[id]/voicemails": { call: () => ({ url: `/api/v1/prospects/${a.prospectId}/voicemails` }), expect: TOKEN_API(200, 404) },
  "POST /api/v1/prospects/[id]/voicemails": { call: () => ({ url: `/api/v1/prospects/${a.prospectId}/voicemails`, body: { note: "matrix" } }), expect: TOKEN_API(201, 404) },
  // Each token sees only its owner's prospects: rep B gets an empty list, not rep A's.
  "GET /voicemails": { call: () => ({ url: "/voicemails?q=rob" }), expect: PAGE },
  // Everyone signed in may search; each sees only their own prospects (an admin everyone's).
  "GET /api/console/lookup": { call: () => ({ url: "/api/console/lookup?q=%28555%29%20010-2030" }), expect: SESSION_API(200) },
  "POST /api/console/prospects/[id]/voicemails": { call: () => ({ url: `/api/console/prospects/${a.prospectId}/voicemails`, body: { text: "matrix", seconds: "12" } }), expect: { ...SESSION_API(201), repB: 404 } },
  "GET /call": { call: () => ({ url: "/call?list=fresh" }), expect: PAGE },
  // Experiments: rep A's own (one per rep at a time, so each call makes and the next stops one); rep B and B's token get 404.
  "GET /experiments": { call: () => ({ url: "/experiments" }), expect: PAGE },
  "GET /experiments/new": { call: () => ({ url: "/experiments/new" }), expect: PAGE },
  "GET /experiments/[id]": { call: async () => ({ url: `/experiments/${await newExperimentOfA()}` }), expect: { ...PAGE, repB: 404 } },
  "POST /api/console/experiments": { call: async () => (await stopExperimentsOfA(), { url: "/api/console/experiments", body: EXPERIMENT_BODY() }), expect: { ...SESSION_API(201) } },
  "POST /api/console/experiments/[id]/stop": { call: async () => ({ url: `/api/console/experiments/${await newExperimentOfA()}/stop`, body: {} }), expect: { ...SESSION_API(200), repB: 404 } },
  "GET /api/console/experiments/[id]/export": { call: async () => ({ url: `/api/console/experiments/${await newExperimentOfA()}/export` }), expect: { ...SESSION_API(200), repB: 404 } },
  "GET /api/v1/experiments": { call: () => ({ url: "/api/v1/experiments" }), expect: TOKEN_API(200) },
  "POST /api/v1/experiments": { call: async () => (await stopExperimentsOfA(), { url: "/api/v1/experiments", body: EXPERIMENT_BODY() }), expect: TOKEN_API(201) },
  "GET /api/v1/experiments/[id]": { call: async () => ({ url: `/api/v1/experiments/${await newExperimentOfA()}` }), expect: TOKEN_API(200, 404) },
  "GET /api/v1/experiments/[id]/results": { call: async () => ({ url: `/api/v1/experiments/${await newExperimentOfA()}/results` }), expect: TOKEN_API(200, 404) },
  "GET /api/v1/experiments/[id]/export": { call: async () => ({ url: `/api/v1/experiments/${await newExperimentOfA()}/export` }), expect: TOKEN_API(200, 404) },
  "POST /api/v1/experiments/[id]/stop": { call: async () => ({ url: `/api/v1/experiments/${await newExperimentOfA()}/stop`, body: {} }), expect: TOKEN_API(200, 404) },
  // A message's recording: the prospect's owner and admins hear it; rep B gets 404; only its rep (or an admin) may add one.
  "GET /api/console/voicemails/[id]/recording": { call: async () => ({ url: `/api/console/voicemails/${await newVoicemailOfA(true)}/recording` }), expect: { ...SESSION_API(200), repB: 404 } },
  "PUT /api/console/voicemails/[id]/recording": { call: async () => ({ url: `/api/console/voicemails/${await newVoicemailOfA(false)}/recording`, raw: WEBM_HEAD }), expect: { ...SESSION_API(201), repB: 404 } },
  "GET /api/v1/scripts": { call: () => ({ url: "/api/v1/scripts" }), expect: TOKEN_API(200) },
  "POST /api/v1/scripts": { call: () => ({ url: "/api/v1/scripts", body: { name: `Api ${unique()}`, style: "question", body: "Hi?" } }), expect: TOKEN_API(201) },
  "GET /api/v1/scripts/[id]": { call: async () => ({ url: `/api/v1/scripts/${await newScriptOfA()}` }), expect: TOKEN_API(200, 404) },
  "PATCH /api/v1/scripts/[id]": { call: async () => ({ url: `/api/v1/scripts/${await newScriptOfA()}`, body: { name: "Renamed" } }), expect: TOKEN_API(200, 404) },
  "DELETE /api/v1/scripts/[id]": { call: async () => ({ url: `/api/v1/scripts/${await newScriptOfA()}` }), expect: TOKEN_API(204, 404) },
  "GET /api/v1/prospects/[id]/script": { call: () => ({ url: `/api/v1/prospects/${a.prospectId}/script` }), expect: TOKEN_API(200, 404) },
  "GET /api/v1/lookup": { call: () => ({ url: "/api/v1/lookup?phone=%2B15550102030" }), expect: TOKEN_API(200) },
  // Campaigns: rep A's private campaign is a 404 for rep B; an admin sees and changes everything.
  "GET /campaigns": { call: () => ({ url: "/campaigns" }), expect: PAGE },
  "GET /campaigns/[id]": { call: () => ({ url: `/campaigns/${a.campaignId}` }), expect: { ...PAGE, repB: 404 } },
  "POST /api/console/campaigns": { call: () => ({ url: "/api/console/campaigns", body: { name: `Matrix ${unique()}`, steps: [{ day: 1, kind: "call" }] } }), expect: SESSION_API(201) },
  "PATCH /api/console/campaigns/[id]": { call: () => ({ url: `/api/console/campaigns/${a.campaignId}`, body: { archived: false } }), expect: { ...SESSION_API(200), repB: 404 } },
  "DELETE /api/console/campaigns/[id]": { call: async () => ({ url: `/api/console/campaigns/${await newCampaignOfA()}` }), expect: { ...SESSION_API(200), repB: 404 } },
  // Rep A's prospect: rep A and an admin may enrol it (again: skipped, still 201).
  "POST /api/console/campaigns/[id]/enrolments": { call: () => ({ url: `/api/console/campaigns/${a.campaignId}/enrolments`, body: { prospectIds: [a.prospectId] } }), expect: { ...SESSION_API(201), repB: 404 } },
  "PATCH /api/console/campaigns/[id]/enrolments/[prospectId]": { call: async () => (await enrolA(), { url: `/api/console/campaigns/${a.campaignId}/enrolments/${a.prospectId}`, body: { paused: true } }), expect: { ...SESSION_API(200), repB: 404 } },
  "DELETE /api/console/campaigns/[id]/enrolments/[prospectId]": { call: async () => (await enrolA(), { url: `/api/console/campaigns/${a.campaignId}/enrolments/${a.prospectId}` }), expect: { ...SESSION_API(200), repB: 404 } },
  "PUT /api/console/holidays": { call: () => ({ url: "/api/console/holidays", body: { holidays: [] } }), expect: SESSION_API(200) },
  // Nothing is due for rep A's prospect: whoever may see it is told so (409); rep B gets 404.
  "POST /api/console/prospects/[id]/campaign-email": { call: () => ({ url: `/api/console/prospects/${a.prospectId}/campaign-email`, body: { enrolmentId: "enr_notDue", via: "mailto" } }), expect: { ...SESSION_API(409), repB: 404 } },
  "GET /api/v1/campaigns": { call: () => ({ url: "/api/v1/campaigns" }), expect: TOKEN_API(200) },
  "POST /api/v1/campaigns": { call: () => ({ url: "/api/v1/campaigns", body: { name: `Api ${unique()}`, steps: [{ day: 1, kind: "voicemail" }] } }), expect: TOKEN_API(201) },
  "GET /api/v1/campaigns/[id]": { call: () => ({ url: `/api/v1/campaigns/${a.campaignId}` }), expect: TOKEN_API(200, 404) },
  "PATCH /api/v1/campaigns/[id]": { call: () => ({ url: `/api/v1/campaigns/${a.campaignId}`, body: { name: "Renamed" } }), expect: TOKEN_API(200, 404) },
  "DELETE /api/v1/campaigns/[id]": { call: async () => ({ url: `/api/v1/campaigns/${await newCampaignOfA()}` }), expect: TOKEN_API(204, 404) },
  "POST /api/v1/campaigns/[id]/enrolments": { call: () => ({ url: `/api/v1/campaigns/${a.campaignId}/enrolments`, body: { prospectIds: [a.prospectId] } }), expect: TOKEN_API(201, 404) },
  "DELETE /api/v1/campaigns/[id]/enrolments/[prospectId]": { call: async () => (await enrolA(), { url: `/api/v1/campaigns/${a.campaignId}/enrolments/${a.prospectId}` }), expect: TOKEN_API(204, 404) },
};

/** Every (method, pattern) in app/: pages answer GET; handlers the methods they export. */
function discover(): string[] {
  const out: string[] = [];
  const walk = (dir: string, segs: string[]) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith("_")) walk(full, /^\(.*\)$/.test(e.name) ? segs : [...segs, e.name]);
        continue;
      }
      const pattern = "/" + segs.join("/");
      if (/^page\.tsx?$/.test(e.name)) out.push(`GET ${pattern}`);
      if (/^route\.tsx?$/.test(e.name)) {
        const src = fs.readFileSync(full, "utf8");
        for (const m of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]) if (new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(src)) out.push(`${m} ${pattern}`);
      }
    }
  };
  walk(path.join(ROOT, "app"), []);
  return out;
}

beforeAll(async () => {
  server = await startServer({ env: { COLLECT_LIMIT_PER_MINUTE: "100000", WEBHOOK_ALLOW_PRIVATE: "true" } });
  const admin = await setUpAdmin(server.url, { addExample: false });
  for (const [email, name] of [["a@acme.test", "Rep A"], ["b@acme.test", "Rep B"]]) runCli(["user:create", "--email", email, "--password", "a long passphrase", "--name", name], cliEnv(server));
  sessions = { admin, repA: await signIn(server.url, "a@acme.test", "a long passphrase"), repB: await signIn(server.url, "b@acme.test", "a long passphrase") };
  const tok = (email: string) => runCli(["token:create", "--email", email], cliEnv(server)).stdout.trim().split("\n").pop()!;
  tokens = { tokenA: tok("a@acme.test"), tokenB: tok("b@acme.test"), revoked: "" };
  const doomed = await (await sessions.repA.fetch("/api/console/tokens", { method: "POST", json: { name: "doomed" } })).json();
  await sessions.repA.fetch(`/api/console/tokens/${doomed.id}`, { method: "DELETE" });
  tokens.revoked = doomed.token;
  const p = await newProspectOfA();
  const upload = await (await sessions.repA.fetch("/api/console/uploads", { method: "POST", body: new Uint8Array(Buffer.from("%PDF-1.7\n" + " ".repeat(64))) })).json();
  a = { prospectId: p.id, slug: p.slug, upload: upload.url, webhookId: await newWebhookOfA(), playId: await newPlayOfA(), campaignId: "" };
  a.campaignId = await newCampaignOfA();
});

afterAll(async () => {
  await server?.stop();
});

const routes = discover();

describe("the authorization matrix", () => {
  it("has a rule for every route and method in app/ (a new route without one fails here)", () => {
    const missing = routes.filter((r) => !(r in RULES));
    expect(missing).toEqual([]);
    const stale = Object.keys(RULES).filter((r) => !routes.includes(r));
    expect(stale).toEqual([]);
  });

  const cases = Object.keys(RULES).flatMap((key) => ACTORS.map((actor) => [key, actor] as const));
  it.each(cases)("%s as %s", async (key, actor) => {
    const rule = RULES[key];
    const method = key.split(" ")[0];
    const call = await rule.call();
    const expected = rule.expect[actor] ?? rule.expect.other;
    const headers: Record<string, string> = { Origin: server.url, "User-Agent": IPHONE };
    let body: BodyInit | undefined;
    if (call.raw) body = new Blob([call.raw as Uint8Array<ArrayBuffer>]);
    else if (call.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(call.body);
    }
    let res: Response;
    if (actor === "repA" || actor === "repB" || actor === "admin") {
      // Signing out ends a session: use a fresh one for that call.
      const client = key === "POST /api/auth/logout" ? await signIn(server.url, actor === "admin" ? "ada@acme.test" : `${actor === "repA" ? "a" : "b"}@acme.test`, actor === "admin" ? "correct horse battery" : "a long passphrase") : sessions[actor];
      res = await client.fetch(call.url, { method, headers, body });
    } else {
      if (actor !== "anon") headers.Authorization = `Bearer ${tokens[actor]}`;
      res = await fetch(server.url + call.url, { method, headers, body, redirect: "manual" });
    }
    // The live feed never ends by itself: having seen its status, hang up.
    if ((res.headers.get("content-type") ?? "").startsWith("text/event-stream")) await res.body?.cancel();
    expect(res.status, `${key} as ${actor}`).toBe(expected);
    if (res.status === 401 && method !== "HEAD") expect((await res.json()).error.code).toBe("unauthorized");
  });
});
