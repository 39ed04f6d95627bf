/**
 * GET /api/v1/openapi.json cannot drift from the API:
 * 1. every route.ts under app/api/v1, with each method it exports, is in the document, and the
 *    document has nothing app/ does not;
 * 2. every documented operation is called on a real server with real data, for each status the
 *    document lists (success and errors), and each real answer is validated against the schema
 *    the document gives for that status (JSON Schema 2020-12, ajv; objects are closed, so a field
 *    a handler adds without declaring it fails here);
 * 3. the document itself is OpenAPI 3.1 in structure, and every $ref in it resolves.
 *
 * Adding an endpoint: declare it in lib/api/operations.ts, then add its calls to CALLS below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRefs, resolveRef, responseOf, schemaValidator, type Doc } from "../support/openapi";
import { enumerateRoutes } from "../support/routes";
import { setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";
import { until } from "../support/until";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
const BOGUS_TOKEN = "rbk_bogusTokenThatWasNeverIssued0123456789";

let server: TestServer;
let admin: Client;
let token: string;
let doc: Doc;
let check: ReturnType<typeof schemaValidator>;
/** Real objects the calls use. */
const seed = { experimentId: "", repId: "", prospectId: "", slug: "", spareIds: [] as string[], playId: "", sparePlayId: "", sharedPlayId: "", adminId: "", scriptId: "", spareScriptId: "", sharedScriptId: "", campaignId: "", spareCampaignId: "", sharedCampaignId: "", archivedCampaignId: "" };
let repToken: string;

/** One real request: the documented operation (OpenAPI path + method) and the status it must get. */
type Call = { op: string; status: number; what: string; url: () => string; method?: string; auth?: "token" | "rep" | "none" | "bogus"; body?: () => string; type?: string; keep?: (answer: { id: string }) => void };

const json = (v: unknown) => () => JSON.stringify(v);
const CALLS: Call[] = [
  { op: "GET /api/v1/openapi.json", status: 200, what: "anyone", url: () => "/api/v1/openapi.json", auth: "none" },

  { op: "GET /api/v1/me", status: 200, what: "the token's user", url: () => "/api/v1/me" },
  { op: "GET /api/v1/me", status: 401, what: "a bogus token", url: () => "/api/v1/me", auth: "bogus" },

  { op: "GET /api/v1/prospects", status: 200, what: "a page with a next cursor", url: () => "/api/v1/prospects?limit=1" },
  { op: "GET /api/v1/prospects", status: 200, what: "all of them", url: () => "/api/v1/prospects?limit=200" },
  { op: "GET /api/v1/prospects", status: 401, what: "no token", url: () => "/api/v1/prospects", auth: "none" },
  { op: "GET /api/v1/prospects", status: 422, what: "limit 0", url: () => "/api/v1/prospects?limit=0" },
  { op: "GET /api/v1/prospects", status: 422, what: "a made-up cursor", url: () => "/api/v1/prospects?cursor=nonsense" },

  { op: "POST /api/v1/prospects", status: 201, what: "every field", url: () => "/api/v1/prospects", method: "POST", body: json({ firstName: "Vera", lastName: "Vance", company: "Initech", phone: "+1 555 010 2040", email: "vera@initech.example", message: "Hi Vera", privateNote: "met at the fair", followUpAt: "2030-01-15", blocks: [{ type: "presentation", url: "https://example.com/deck.pdf" }] }) },
  { op: "POST /api/v1/prospects", status: 201, what: "only a first name", url: () => "/api/v1/prospects", method: "POST", body: json({ firstName: "Otto" }) },
  { op: "POST /api/v1/prospects", status: 400, what: "not JSON", url: () => "/api/v1/prospects", method: "POST", body: () => "{not json" },
  { op: "POST /api/v1/prospects", status: 401, what: "no token", url: () => "/api/v1/prospects", method: "POST", auth: "none", body: json({ firstName: "X" }) },
  { op: "POST /api/v1/prospects", status: 413, what: "a body over 256 KB", url: () => "/api/v1/prospects", method: "POST", body: json({ firstName: "X", message: "x".repeat(300_000) }) },
  { op: "POST /api/v1/prospects", status: 422, what: "no first name, a bad phone", url: () => "/api/v1/prospects", method: "POST", body: json({ lastName: "Nobody", phone: "12" }) },

  { op: "GET /api/v1/prospects/{id}", status: 200, what: "own prospect", url: () => `/api/v1/prospects/${seed.prospectId}` },
  { op: "GET /api/v1/prospects/{id}", status: 401, what: "no token", url: () => `/api/v1/prospects/${seed.prospectId}`, auth: "none" },
  { op: "GET /api/v1/prospects/{id}", status: 404, what: "no such id", url: () => "/api/v1/prospects/pro_doesNotExist" },

  { op: "PATCH /api/v1/prospects/{id}", status: 200, what: "a new message and follow-up", url: () => `/api/v1/prospects/${seed.prospectId}`, method: "PATCH", body: json({ message: "Saw you opened it", followUpAt: null }) },
  { op: "PATCH /api/v1/prospects/{id}", status: 400, what: "not JSON", url: () => `/api/v1/prospects/${seed.prospectId}`, method: "PATCH", body: () => "[" },
  { op: "PATCH /api/v1/prospects/{id}", status: 401, what: "a bogus token", url: () => `/api/v1/prospects/${seed.prospectId}`, method: "PATCH", auth: "bogus", body: json({}) },
  { op: "PATCH /api/v1/prospects/{id}", status: 404, what: "no such id", url: () => "/api/v1/prospects/pro_doesNotExist", method: "PATCH", body: json({ message: "x" }) },
  { op: "PATCH /api/v1/prospects/{id}", status: 413, what: "a body over 256 KB", url: () => `/api/v1/prospects/${seed.prospectId}`, method: "PATCH", body: json({ message: "x".repeat(300_000) }) },
  { op: "PATCH /api/v1/prospects/{id}", status: 422, what: "an unknown field", url: () => `/api/v1/prospects/${seed.prospectId}`, method: "PATCH", body: json({ shoeSize: 44 }) },

  { op: "DELETE /api/v1/prospects/{id}", status: 204, what: "a spare prospect", url: () => `/api/v1/prospects/${seed.spareIds.pop()}`, method: "DELETE" },
  { op: "DELETE /api/v1/prospects/{id}", status: 401, what: "no token", url: () => `/api/v1/prospects/${seed.prospectId}`, method: "DELETE", auth: "none" },
  { op: "DELETE /api/v1/prospects/{id}", status: 404, what: "no such id", url: () => "/api/v1/prospects/pro_doesNotExist", method: "DELETE" },

  { op: "GET /api/v1/prospects/{id}/visits", status: 200, what: "a person's visit and a Slack preview", url: () => `/api/v1/prospects/${seed.prospectId}/visits` },
  { op: "GET /api/v1/prospects/{id}/visits", status: 200, what: "a page with a next cursor", url: () => `/api/v1/prospects/${seed.prospectId}/visits?limit=1` },
  { op: "GET /api/v1/prospects/{id}/visits", status: 401, what: "no token", url: () => `/api/v1/prospects/${seed.prospectId}/visits`, auth: "none" },
  { op: "GET /api/v1/prospects/{id}/visits", status: 404, what: "no such prospect", url: () => "/api/v1/prospects/pro_doesNotExist/visits" },
  { op: "GET /api/v1/prospects/{id}/visits", status: 422, what: "limit 500", url: () => `/api/v1/prospects/${seed.prospectId}/visits?limit=500` },

  { op: "POST /api/v1/prospects/{id}/voicemails", status: 201, what: "every field", url: () => `/api/v1/prospects/${seed.prospectId}/voicemails`, method: "POST", body: json({ scriptId: "scr_direct1", text: "Hi Rob, it's Ada — I recorded something for you.", leftAt: "2026-01-05T15:04:00Z", seconds: 28, note: "second try" }) },
  { op: "POST /api/v1/prospects/{id}/voicemails", status: 201, what: "nothing but the call (the spoken address is stored)", url: () => `/api/v1/prospects/${seed.prospectId}/voicemails`, method: "POST", body: json({}) },
  { op: "POST /api/v1/prospects/{id}/voicemails", status: 400, what: "not JSON", url: () => `/api/v1/prospects/${seed.prospectId}/voicemails`, method: "POST", body: () => "{" },
  { op: "POST /api/v1/prospects/{id}/voicemails", status: 401, what: "no token", url: () => `/api/v1/prospects/${seed.prospectId}/voicemails`, method: "POST", auth: "none", body: json({}) },
  { op: "POST /api/v1/prospects/{id}/voicemails", status: 404, what: "no such prospect", url: () => "/api/v1/prospects/pro_doesNotExist/voicemails", method: "POST", body: json({}) },
  { op: "POST /api/v1/prospects/{id}/voicemails", status: 413, what: "a body over 256 KB", url: () => `/api/v1/prospects/${seed.prospectId}/voicemails`, method: "POST", body: json({ text: "x".repeat(300_000) }) },
  { op: "POST /api/v1/prospects/{id}/voicemails", status: 422, what: "0 seconds, a future date", url: () => `/api/v1/prospects/${seed.prospectId}/voicemails`, method: "POST", body: json({ seconds: 0, leftAt: "2999-01-01T00:00:00Z" }) },

  { op: "GET /api/v1/prospects/{id}/voicemails", status: 200, what: "a page with a next cursor", url: () => `/api/v1/prospects/${seed.prospectId}/voicemails?limit=1` },
  { op: "GET /api/v1/prospects/{id}/voicemails", status: 401, what: "no token", url: () => `/api/v1/prospects/${seed.prospectId}/voicemails`, auth: "none" },
  { op: "GET /api/v1/prospects/{id}/voicemails", status: 404, what: "no such prospect", url: () => "/api/v1/prospects/pro_doesNotExist/voicemails" },
  { op: "GET /api/v1/prospects/{id}/voicemails", status: 422, what: "a made-up cursor", url: () => `/api/v1/prospects/${seed.prospectId}/voicemails?cursor=nonsense` },

  { op: "GET /api/v1/lookup", status: 200, what: "a number as people type it", url: () => `/api/v1/lookup?phone=${encodeURIComponent("(555) 010-2030")}` },
  { op: "GET /api/v1/lookup", status: 200, what: "nobody has it", url: () => `/api/v1/lookup?phone=${encodeURIComponent("+1 555 010 9999")}` },
  { op: "GET /api/v1/lookup", status: 401, what: "no token", url: () => "/api/v1/lookup?phone=5550102030", auth: "none" },
  { op: "GET /api/v1/lookup", status: 422, what: "a name, not a number", url: () => "/api/v1/lookup?phone=Rob" },

  { op: "GET /api/v1/plays", status: 200, what: "a page with a next cursor", url: () => "/api/v1/plays?limit=1" },
  { op: "GET /api/v1/plays", status: 200, what: "archived ones too", url: () => "/api/v1/plays?archived=all" },
  { op: "GET /api/v1/plays", status: 401, what: "no token", url: () => "/api/v1/plays", auth: "none" },
  { op: "GET /api/v1/plays", status: 422, what: "archived=maybe", url: () => "/api/v1/plays?archived=maybe" },

  { op: "POST /api/v1/plays", status: 201, what: "every field", url: () => "/api/v1/plays", method: "POST", body: json({ name: "Trade show", message: "Hi {{firstName}}, good to meet {{company|your team}}.", blocks: [{ type: "offer", title: "For {{company}}", text: "A month free" }], ctas: { call: true, email: false, book: true }, promiseDays: 3, shared: true }) },
  { op: "POST /api/v1/plays", status: 400, what: "not JSON", url: () => "/api/v1/plays", method: "POST", body: () => "{" },
  { op: "POST /api/v1/plays", status: 401, what: "no token", url: () => "/api/v1/plays", method: "POST", auth: "none", body: json({ name: "X" }) },
  { op: "POST /api/v1/plays", status: 403, what: "a rep sharing with the workspace", url: () => "/api/v1/plays", method: "POST", auth: "rep", body: json({ name: "Mine", shared: true }) },
  { op: "POST /api/v1/plays", status: 413, what: "a body over 256 KB", url: () => "/api/v1/plays", method: "POST", body: json({ name: "X", message: "x".repeat(300_000) }) },
  { op: "POST /api/v1/plays", status: 422, what: "an unknown merge field", url: () => "/api/v1/plays", method: "POST", body: json({ name: "Typo", message: "Hi {{frstName}}" }) },

  { op: "GET /api/v1/plays/{id}", status: 200, what: "a play", url: () => `/api/v1/plays/${seed.playId}` },
  { op: "GET /api/v1/plays/{id}", status: 401, what: "no token", url: () => `/api/v1/plays/${seed.playId}`, auth: "none" },
  { op: "GET /api/v1/plays/{id}", status: 404, what: "no such id", url: () => "/api/v1/plays/ply_doesNotExist" },

  { op: "PATCH /api/v1/plays/{id}", status: 200, what: "a new message (a new version)", url: () => `/api/v1/plays/${seed.playId}`, method: "PATCH", body: json({ message: "Hello again, {{firstName}}" }) },
  { op: "PATCH /api/v1/plays/{id}", status: 400, what: "not JSON", url: () => `/api/v1/plays/${seed.playId}`, method: "PATCH", body: () => "[" },
  { op: "PATCH /api/v1/plays/{id}", status: 401, what: "no token", url: () => `/api/v1/plays/${seed.playId}`, method: "PATCH", auth: "none", body: json({}) },
  { op: "PATCH /api/v1/plays/{id}", status: 403, what: "a rep changing a shared play", url: () => `/api/v1/plays/${seed.sharedPlayId}`, method: "PATCH", auth: "rep", body: json({ name: "Mine now" }) },
  { op: "PATCH /api/v1/plays/{id}", status: 404, what: "no such id", url: () => "/api/v1/plays/ply_doesNotExist", method: "PATCH", body: json({ name: "x" }) },
  { op: "PATCH /api/v1/plays/{id}", status: 413, what: "a body over 256 KB", url: () => `/api/v1/plays/${seed.playId}`, method: "PATCH", body: json({ message: "x".repeat(300_000) }) },
  { op: "PATCH /api/v1/plays/{id}", status: 422, what: "an unknown merge field", url: () => `/api/v1/plays/${seed.playId}`, method: "PATCH", body: json({ message: "{{shoeSize}}" }) },

  { op: "DELETE /api/v1/plays/{id}", status: 204, what: "a play nothing uses", url: () => `/api/v1/plays/${seed.sparePlayId}`, method: "DELETE" },
  { op: "DELETE /api/v1/plays/{id}", status: 401, what: "no token", url: () => `/api/v1/plays/${seed.playId}`, method: "DELETE", auth: "none" },
  { op: "DELETE /api/v1/plays/{id}", status: 404, what: "no such id", url: () => "/api/v1/plays/ply_doesNotExist", method: "DELETE" },
  { op: "DELETE /api/v1/plays/{id}", status: 409, what: "a play a page follows", url: () => `/api/v1/plays/${seed.playId}`, method: "DELETE" },

  { op: "GET /api/v1/scripts", status: 200, what: "the examples first, a page with a next cursor", url: () => "/api/v1/scripts?limit=3" },
  { op: "GET /api/v1/scripts", status: 200, what: "archived ones too", url: () => "/api/v1/scripts?archived=all" },
  { op: "GET /api/v1/scripts", status: 401, what: "no token", url: () => "/api/v1/scripts", auth: "none" },
  { op: "GET /api/v1/scripts", status: 422, what: "a cursor this API never gave", url: () => "/api/v1/scripts?cursor=bm9wZQ" },

  { op: "POST /api/v1/scripts", status: 201, what: "a shared script", url: () => "/api/v1/scripts", method: "POST", body: json({ name: "Quarter end", style: "question", body: "Hi {{firstName}}, what would one more returned call a day be worth? {{pageUrl}}, {{repPhoneSpoken}}.", shared: true }) },
  { op: "POST /api/v1/scripts", status: 400, what: "not JSON", url: () => "/api/v1/scripts", method: "POST", body: () => "{" },
  { op: "POST /api/v1/scripts", status: 401, what: "no token", url: () => "/api/v1/scripts", method: "POST", auth: "none", body: json({ name: "X" }) },
  { op: "POST /api/v1/scripts", status: 403, what: "a rep sharing with the workspace", url: () => "/api/v1/scripts", method: "POST", auth: "rep", body: json({ name: "Mine", style: "question", body: "Hi?", shared: true }) },
  { op: "POST /api/v1/scripts", status: 413, what: "a body over 256 KB", url: () => "/api/v1/scripts", method: "POST", body: json({ name: "X", style: "question", body: "x".repeat(300_000) }) },
  { op: "POST /api/v1/scripts", status: 422, what: "an unknown merge field", url: () => "/api/v1/scripts", method: "POST", body: json({ name: "Typo", style: "question", body: "Hi {{frstName}}" }) },

  { op: "GET /api/v1/scripts/{id}", status: 200, what: "a script", url: () => `/api/v1/scripts/${seed.scriptId}` },
  { op: "GET /api/v1/scripts/{id}", status: 200, what: "a built-in example", url: () => "/api/v1/scripts/scr_example_their_problem" },
  { op: "GET /api/v1/scripts/{id}", status: 401, what: "no token", url: () => `/api/v1/scripts/${seed.scriptId}`, auth: "none" },
  { op: "GET /api/v1/scripts/{id}", status: 404, what: "no such id", url: () => "/api/v1/scripts/scr_doesNotExist" },

  { op: "PATCH /api/v1/scripts/{id}", status: 200, what: "new words", url: () => `/api/v1/scripts/${seed.scriptId}`, method: "PATCH", body: json({ body: "Hello again, {{firstName}}" }) },
  { op: "PATCH /api/v1/scripts/{id}", status: 400, what: "not JSON", url: () => `/api/v1/scripts/${seed.scriptId}`, method: "PATCH", body: () => "[" },
  { op: "PATCH /api/v1/scripts/{id}", status: 401, what: "no token", url: () => `/api/v1/scripts/${seed.scriptId}`, method: "PATCH", auth: "none", body: json({}) },
  { op: "PATCH /api/v1/scripts/{id}", status: 403, what: "a rep changing a shared script", url: () => `/api/v1/scripts/${seed.sharedScriptId}`, method: "PATCH", auth: "rep", body: json({ name: "Mine now" }) },
  { op: "PATCH /api/v1/scripts/{id}", status: 404, what: "no such id", url: () => "/api/v1/scripts/scr_doesNotExist", method: "PATCH", body: json({ name: "x" }) },
  { op: "PATCH /api/v1/scripts/{id}", status: 413, what: "a body over 256 KB", url: () => `/api/v1/scripts/${seed.scriptId}`, method: "PATCH", body: json({ body: "x".repeat(300_000) }) },
  { op: "PATCH /api/v1/scripts/{id}", status: 422, what: "an unknown merge field", url: () => `/api/v1/scripts/${seed.scriptId}`, method: "PATCH", body: json({ body: "{{shoeSize}}" }) },

  { op: "DELETE /api/v1/scripts/{id}", status: 204, what: "a script", url: () => `/api/v1/scripts/${seed.spareScriptId}`, method: "DELETE" },
  { op: "DELETE /api/v1/scripts/{id}", status: 401, what: "no token", url: () => `/api/v1/scripts/${seed.scriptId}`, method: "DELETE", auth: "none" },
  { op: "DELETE /api/v1/scripts/{id}", status: 403, what: "a built-in example", url: () => "/api/v1/scripts/scr_example_question", method: "DELETE" },
  { op: "DELETE /api/v1/scripts/{id}", status: 404, what: "no such id", url: () => "/api/v1/scripts/scr_doesNotExist", method: "DELETE" },

  { op: "GET /api/v1/prospects/{id}/script", status: 200, what: "the suggested script", url: () => `/api/v1/prospects/${seed.prospectId}/script` },
  { op: "GET /api/v1/prospects/{id}/script", status: 200, what: "a chosen script", url: () => `/api/v1/prospects/${seed.prospectId}/script?scriptId=${seed.scriptId}` },
  { op: "GET /api/v1/prospects/{id}/script", status: 401, what: "no token", url: () => `/api/v1/prospects/${seed.prospectId}/script`, auth: "none" },
  { op: "GET /api/v1/prospects/{id}/script", status: 404, what: "no such script", url: () => `/api/v1/prospects/${seed.prospectId}/script?scriptId=scr_doesNotExist` },

  { op: "GET /api/v1/campaigns", status: 200, what: "a page with a next cursor", url: () => "/api/v1/campaigns?limit=1" },
  { op: "GET /api/v1/campaigns", status: 200, what: "archived ones too", url: () => "/api/v1/campaigns?archived=all" },
  { op: "GET /api/v1/campaigns", status: 401, what: "no token", url: () => "/api/v1/campaigns", auth: "none" },
  { op: "GET /api/v1/campaigns", status: 422, what: "a made-up cursor", url: () => "/api/v1/campaigns?cursor=nonsense" },

  { op: "POST /api/v1/campaigns", status: 201, what: "four touches, one an e-mail", url: () => "/api/v1/campaigns", method: "POST", body: () => JSON.stringify({ name: "Four touches", steps: [{ day: 1, kind: "voicemail", scriptId: seed.scriptId }, { day: 3, kind: "email", subject: "An idea for {{company}}", body: "Hi {{firstName}}: {{pageLink}}" }, { day: 6, kind: "voicemail" }, { day: 10, kind: "call" }] }) },
  { op: "POST /api/v1/campaigns", status: 400, what: "not JSON", url: () => "/api/v1/campaigns", method: "POST", body: () => "{" },
  { op: "POST /api/v1/campaigns", status: 401, what: "no token", url: () => "/api/v1/campaigns", method: "POST", auth: "none", body: json({ name: "X" }) },
  { op: "POST /api/v1/campaigns", status: 403, what: "a rep sharing with the workspace", url: () => "/api/v1/campaigns", method: "POST", auth: "rep", body: json({ name: "Mine", steps: [{ day: 1, kind: "call" }], shared: true }) },
  { op: "POST /api/v1/campaigns", status: 413, what: "a body over 256 KB", url: () => "/api/v1/campaigns", method: "POST", body: json({ name: "X", steps: [{ day: 1, kind: "email", subject: "x", body: "x".repeat(300_000) }] }) },
  { op: "POST /api/v1/campaigns", status: 422, what: "two touches on one day, a script nobody has", url: () => "/api/v1/campaigns", method: "POST", body: json({ name: "Bad", steps: [{ day: 2, kind: "voicemail", scriptId: "scr_nobodys" }, { day: 2, kind: "call" }] }) },

  { op: "GET /api/v1/campaigns/{id}", status: 200, what: "a campaign", url: () => `/api/v1/campaigns/${seed.campaignId}` },
  { op: "GET /api/v1/campaigns/{id}", status: 401, what: "no token", url: () => `/api/v1/campaigns/${seed.campaignId}`, auth: "none" },
  { op: "GET /api/v1/campaigns/{id}", status: 404, what: "no such id", url: () => "/api/v1/campaigns/cmp_doesNotExist" },

  { op: "PATCH /api/v1/campaigns/{id}", status: 200, what: "a new name", url: () => `/api/v1/campaigns/${seed.campaignId}`, method: "PATCH", body: json({ name: "Two weeks, four touches" }) },
  { op: "PATCH /api/v1/campaigns/{id}", status: 400, what: "not JSON", url: () => `/api/v1/campaigns/${seed.campaignId}`, method: "PATCH", body: () => "[" },
  { op: "PATCH /api/v1/campaigns/{id}", status: 401, what: "no token", url: () => `/api/v1/campaigns/${seed.campaignId}`, method: "PATCH", auth: "none", body: json({}) },
  { op: "PATCH /api/v1/campaigns/{id}", status: 403, what: "a rep changing a shared campaign", url: () => `/api/v1/campaigns/${seed.sharedCampaignId}`, method: "PATCH", auth: "rep", body: json({ name: "Mine now" }) },
  { op: "PATCH /api/v1/campaigns/{id}", status: 404, what: "no such id", url: () => "/api/v1/campaigns/cmp_doesNotExist", method: "PATCH", body: json({ name: "x" }) },
  { op: "PATCH /api/v1/campaigns/{id}", status: 413, what: "a body over 256 KB", url: () => `/api/v1/campaigns/${seed.campaignId}`, method: "PATCH", body: json({ name: "x".repeat(300_000) }) },
  { op: "PATCH /api/v1/campaigns/{id}", status: 422, what: "an unknown merge field in an e-mail", url: () => `/api/v1/campaigns/${seed.campaignId}`, method: "PATCH", body: json({ steps: [{ day: 1, kind: "email", subject: "Hi {{frstName}}", body: "x" }] }) },

  { op: "DELETE /api/v1/campaigns/{id}", status: 204, what: "a campaign", url: () => `/api/v1/campaigns/${seed.spareCampaignId}`, method: "DELETE" },
  { op: "DELETE /api/v1/campaigns/{id}", status: 401, what: "no token", url: () => `/api/v1/campaigns/${seed.campaignId}`, method: "DELETE", auth: "none" },
  { op: "DELETE /api/v1/campaigns/{id}", status: 403, what: "a rep deleting a shared campaign", url: () => `/api/v1/campaigns/${seed.sharedCampaignId}`, method: "DELETE", auth: "rep" },
  { op: "DELETE /api/v1/campaigns/{id}", status: 404, what: "no such id", url: () => "/api/v1/campaigns/cmp_doesNotExist", method: "DELETE" },

  { op: "POST /api/v1/campaigns/{id}/enrolments", status: 201, what: "a prospect by id", url: () => `/api/v1/campaigns/${seed.campaignId}/enrolments`, method: "POST", body: () => JSON.stringify({ prospectIds: [seed.prospectId] }) },
  { op: "POST /api/v1/campaigns/{id}/enrolments", status: 201, what: "a list filter (those already in skipped)", url: () => `/api/v1/campaigns/${seed.campaignId}/enrolments`, method: "POST", body: json({ filter: { list: "open" } }) },
  { op: "POST /api/v1/campaigns/{id}/enrolments", status: 400, what: "not JSON", url: () => `/api/v1/campaigns/${seed.campaignId}/enrolments`, method: "POST", body: () => "{" },
  { op: "POST /api/v1/campaigns/{id}/enrolments", status: 401, what: "no token", url: () => `/api/v1/campaigns/${seed.campaignId}/enrolments`, method: "POST", auth: "none", body: json({}) },
  { op: "POST /api/v1/campaigns/{id}/enrolments", status: 404, what: "no such campaign", url: () => "/api/v1/campaigns/cmp_doesNotExist/enrolments", method: "POST", body: json({ prospectIds: ["pro_x"] }) },
  { op: "POST /api/v1/campaigns/{id}/enrolments", status: 409, what: "an archived campaign", url: () => `/api/v1/campaigns/${seed.archivedCampaignId}/enrolments`, method: "POST", body: () => JSON.stringify({ prospectIds: [seed.prospectId] }) },
  { op: "POST /api/v1/campaigns/{id}/enrolments", status: 413, what: "a body over 256 KB", url: () => `/api/v1/campaigns/${seed.campaignId}/enrolments`, method: "POST", body: json({ prospectIds: ["x".repeat(300_000)] }) },
  { op: "POST /api/v1/campaigns/{id}/enrolments", status: 422, what: "a prospect that does not exist", url: () => `/api/v1/campaigns/${seed.campaignId}/enrolments`, method: "POST", body: json({ prospectIds: ["pro_doesNotExist"] }) },

  { op: "DELETE /api/v1/campaigns/{id}/enrolments/{prospectId}", status: 204, what: "take a prospect out", url: () => `/api/v1/campaigns/${seed.campaignId}/enrolments/${seed.prospectId}`, method: "DELETE" },
  { op: "DELETE /api/v1/campaigns/{id}/enrolments/{prospectId}", status: 401, what: "no token", url: () => `/api/v1/campaigns/${seed.campaignId}/enrolments/${seed.prospectId}`, method: "DELETE", auth: "none" },
  { op: "DELETE /api/v1/campaigns/{id}/enrolments/{prospectId}", status: 404, what: "not in it", url: () => `/api/v1/campaigns/${seed.campaignId}/enrolments/pro_doesNotExist`, method: "DELETE" },

  { op: "POST /api/v1/imports", status: 201, what: "a list enrolled in a campaign", url: () => `/api/v1/imports?campaignId=${seed.campaignId}`, method: "POST", type: "text/csv", body: () => "First Name,Last Name\nCamilla,Campaign\n" },
  { op: "POST /api/v1/imports", status: 200, what: "a dry run with a bad row", url: () => "/api/v1/imports?dryRun=true", method: "POST", type: "text/csv", body: () => "First Name,Last Name,Email,Phone\nDora,Dry,dora@example.com,+1 555 010 3000\nBad,Row,not-an-email,\n" },
  { op: "POST /api/v1/imports", status: 201, what: "a list on a play", url: () => `/api/v1/imports?playId=${seed.playId}`, method: "POST", type: "text/csv", body: () => "First Name;Company\nImogen;Globex\n" },
  { op: "POST /api/v1/imports", status: 401, what: "no token", url: () => "/api/v1/imports", method: "POST", auth: "none", type: "text/csv", body: () => "First Name\nX\n" },
  { op: "POST /api/v1/imports", status: 403, what: "a rep importing for another rep", url: () => `/api/v1/imports?ownerId=${seed.adminId}`, method: "POST", auth: "rep", type: "text/csv", body: () => "First Name\nX\n" },
  { op: "POST /api/v1/imports", status: 413, what: "a file over IMPORT_MAX_MB", url: () => "/api/v1/imports", method: "POST", type: "text/csv", body: () => "First Name\n" + "x\n".repeat(600_000) },
  { op: "POST /api/v1/imports", status: 422, what: "not a CSV", url: () => "/api/v1/imports", method: "POST", type: "application/json", body: json({ firstName: "X" }) },

  { op: "GET /api/v1/exports/prospects", status: 200, what: "the list as CSV", url: () => "/api/v1/exports/prospects" },
  { op: "GET /api/v1/exports/prospects", status: 401, what: "no token", url: () => "/api/v1/exports/prospects", auth: "none" },
  { op: "GET /api/v1/exports/prospects", status: 422, what: "an unknown parameter", url: () => "/api/v1/exports/prospects?shoeSize=44" },

  { op: "GET /api/v1/alerts", status: 200, what: "the visit's alerts", url: () => "/api/v1/alerts" },
  { op: "GET /api/v1/alerts", status: 200, what: "one, with more to come", url: () => "/api/v1/alerts?limit=1" },
  { op: "GET /api/v1/alerts", status: 401, what: "no token", url: () => "/api/v1/alerts", auth: "none" },
  { op: "GET /api/v1/alerts", status: 422, what: "a made-up cursor", url: () => "/api/v1/alerts?after=abc" },

  // Last: while an experiment runs, suggested scripts come from it. The admin's own, on two built-in examples.
  { op: "POST /api/v1/experiments", status: 201, what: "two examples, for the admin", url: () => "/api/v1/experiments", method: "POST", body: () => JSON.stringify({ name: "Question or carrot", kind: "script", arms: ["scr_example_question", "scr_example_dangle_carrot"], goal: "visit", minPerArm: 10, userIds: [seed.adminId, seed.repId] }), keep: (e) => (seed.experimentId = e.id) },
  { op: "POST /api/v1/experiments", status: 409, what: "a second one for the same rep", url: () => "/api/v1/experiments", method: "POST", body: () => JSON.stringify({ name: "Again", kind: "script", arms: ["scr_example_question", "scr_example_referral"], goal: "visit", userIds: [seed.adminId] }) },
  { op: "POST /api/v1/experiments", status: 400, what: "not JSON", url: () => "/api/v1/experiments", method: "POST", body: () => "{" },
  { op: "POST /api/v1/experiments", status: 401, what: "no token", url: () => "/api/v1/experiments", method: "POST", auth: "none", body: json({}) },
  { op: "POST /api/v1/experiments", status: 403, what: "a rep running one for the admin", url: () => "/api/v1/experiments", method: "POST", auth: "rep", body: () => JSON.stringify({ name: "Theirs", kind: "script", arms: ["scr_example_question", "scr_example_referral"], goal: "visit", userIds: [seed.adminId] }) },
  { op: "POST /api/v1/experiments", status: 413, what: "a body over 256 KB", url: () => "/api/v1/experiments", method: "POST", body: json({ name: "x".repeat(300_000) }) },
  { op: "POST /api/v1/experiments", status: 422, what: "one arm, a play in a script test", url: () => "/api/v1/experiments", method: "POST", body: () => JSON.stringify({ name: "Bad", kind: "script", arms: [seed.playId], goal: "visit" }) },
  { op: "GET /api/v1/experiments", status: 200, what: "the admin's", url: () => "/api/v1/experiments" },
  { op: "GET /api/v1/experiments", status: 401, what: "no token", url: () => "/api/v1/experiments", auth: "none" },
  { op: "GET /api/v1/experiments/{id}", status: 200, what: "the running one", url: () => `/api/v1/experiments/${seed.experimentId}` },
  { op: "GET /api/v1/experiments/{id}", status: 401, what: "no token", url: () => `/api/v1/experiments/${seed.experimentId}`, auth: "none" },
  { op: "GET /api/v1/experiments/{id}", status: 200, what: "a rep it covers", url: () => `/api/v1/experiments/${seed.experimentId}`, auth: "rep" },
  { op: "GET /api/v1/experiments/{id}", status: 404, what: "no such id", url: () => "/api/v1/experiments/exp_doesNotExist" },
  { op: "GET /api/v1/prospects/{id}/script", status: 200, what: "the suggested script: the experiment's arm", url: () => `/api/v1/prospects/${seed.prospectId}/script` },
  { op: "POST /api/v1/prospects/{id}/voicemails", status: 201, what: "a message carrying an arm", url: () => `/api/v1/prospects/${seed.prospectId}/voicemails`, method: "POST", body: json({ scriptId: "scr_example_question", text: "Hi Rob, a question." }) },
  { op: "GET /api/v1/experiments/{id}/results", status: 200, what: "one message so far", url: () => `/api/v1/experiments/${seed.experimentId}/results` },
  { op: "GET /api/v1/experiments/{id}/results", status: 401, what: "no token", url: () => `/api/v1/experiments/${seed.experimentId}/results`, auth: "none" },
  { op: "GET /api/v1/experiments/{id}/results", status: 404, what: "no such id", url: () => "/api/v1/experiments/exp_doesNotExist/results" },
  { op: "GET /api/v1/experiments/{id}/export", status: 200, what: "its messages as CSV", url: () => `/api/v1/experiments/${seed.experimentId}/export` },
  { op: "GET /api/v1/experiments/{id}/export", status: 401, what: "no token", url: () => `/api/v1/experiments/${seed.experimentId}/export`, auth: "none" },
  { op: "GET /api/v1/experiments/{id}/export", status: 404, what: "no such id", url: () => "/api/v1/experiments/exp_doesNotExist/export" },
  { op: "POST /api/v1/experiments/{id}/stop", status: 400, what: "not JSON", url: () => `/api/v1/experiments/${seed.experimentId}/stop`, method: "POST", body: () => "{" },
  { op: "POST /api/v1/experiments/{id}/stop", status: 401, what: "no token", url: () => `/api/v1/experiments/${seed.experimentId}/stop`, method: "POST", auth: "none", body: json({}) },
  { op: "POST /api/v1/experiments/{id}/stop", status: 403, what: "a rep it covers, who did not start it", url: () => `/api/v1/experiments/${seed.experimentId}/stop`, method: "POST", auth: "rep", body: json({}) },
  { op: "POST /api/v1/experiments/{id}/stop", status: 404, what: "no such id", url: () => "/api/v1/experiments/exp_doesNotExist/stop", method: "POST", body: json({}) },
  { op: "POST /api/v1/experiments/{id}/stop", status: 413, what: "a body over 256 KB", url: () => `/api/v1/experiments/${seed.experimentId}/stop`, method: "POST", body: json({ pad: "x".repeat(300_000) }) },
  { op: "POST /api/v1/experiments/{id}/stop", status: 422, what: "adoptWinner not a boolean", url: () => `/api/v1/experiments/${seed.experimentId}/stop`, method: "POST", body: json({ adoptWinner: "yes" }) },
  { op: "POST /api/v1/experiments/{id}/stop", status: 200, what: "stopped without a winner", url: () => `/api/v1/experiments/${seed.experimentId}/stop`, method: "POST", body: json({}) },
];

async function request(c: Call): Promise<Response> {
  const headers: Record<string, string> = {};
  if ((c.auth ?? "token") === "token") headers.Authorization = `Bearer ${token}`;
  if (c.auth === "bogus") headers.Authorization = `Bearer ${BOGUS_TOKEN}`;
  if (c.auth === "rep") headers.Authorization = `Bearer ${repToken}`;
  const body = c.body?.();
  if (body !== undefined) headers["Content-Type"] = c.type ?? "application/json";
  return fetch(server.url + c.url(), { method: c.method ?? "GET", headers, body });
}

/** The documented operations, as "METHOD /path". */
function documentedOperations(d: Doc): string[] {
  return Object.entries(d.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
}

beforeAll(async () => {
  server = await startServer({ env: { COLLECT_LIMIT_PER_MINUTE: "100000", IMPORT_MAX_MB: "1" } });
  admin = await setUpAdmin(server.url, { addExample: false });
  const made = await admin.fetch("/api/console/tokens", { method: "POST", json: { name: "openapi" } });
  token = ((await made.json()) as { token: string }).token;
  doc = (await (await fetch(server.url + "/api/v1/openapi.json")).json()) as Doc;
  check = schemaValidator(doc);

  // Real data through the API itself: a prospect with every kind of block, spares to delete, a
  // person's visit with events (an alert), and a link preview.
  const api = (path: string, body: unknown) => fetch(server.url + path, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const play = async (body: unknown) => ((await (await api("/api/v1/plays", body)).json()) as { id: string }).id;
  seed.playId = await play({ name: "Follow-up", message: "Hi {{firstName}}, this is {{repFirstName}}." });
  seed.sparePlayId = await play({ name: "Spare" });
  seed.sharedPlayId = await play({ name: "Workspace play", shared: true });
  const script = async (body: unknown) => ((await (await api("/api/v1/scripts", body)).json()) as { id: string }).id;
  seed.scriptId = await script({ name: "Mine", style: "their_problem", body: "Hi {{firstName}}, {{repPhoneSpoken}}. An idea for {{company}} at {{pageUrl}}." });
  seed.spareScriptId = await script({ name: "Spare", style: "name_number", body: "Hi, {{repPhoneSpoken}}." });
  seed.sharedScriptId = await script({ name: "Workspace script", style: "referral", body: "Hi {{firstName}}.", shared: true });
  const campaign = async (body: unknown) => ((await (await api("/api/v1/campaigns", body)).json()) as { id: string }).id;
  seed.campaignId = await campaign({ name: "Seed campaign", steps: [{ day: 1, kind: "voicemail", scriptId: seed.scriptId }, { day: 3, kind: "call" }] });
  seed.spareCampaignId = await campaign({ name: "Spare", steps: [{ day: 1, kind: "call" }] });
  seed.sharedCampaignId = await campaign({ name: "Workspace cadence", steps: [{ day: 1, kind: "voicemail" }], shared: true });
  seed.archivedCampaignId = await campaign({ name: "Old cadence", steps: [{ day: 1, kind: "voicemail" }] });
  await fetch(server.url + `/api/v1/campaigns/${seed.archivedCampaignId}`, { method: "PATCH", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify({ archived: true }) });
  const rob = await api("/api/v1/prospects", {
    playId: seed.playId,
    firstName: "Rob",
    lastName: "Mason",
    company: "Northwind",
    phone: "+1 555 010 2030",
    followUpAt: "2030-12-01T15:00:00Z",
    blocks: [
      { type: "video", url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", title: "Demo" },
      { type: "offer", title: "20% off", text: "This month", code: "ROB20", expiresAt: "2030-12-31" },
    ],
  });
  expect(rob.status).toBe(201);
  seed.adminId = ((await (await fetch(server.url + "/api/v1/me", { headers: { Authorization: `Bearer ${token}` } })).json()) as { id: string }).id;
  // A rep of the workspace, with a token of their own (for what only admins may do).
  expect((await admin.fetch("/api/console/users", { method: "POST", json: { email: "rita@acme.test", name: "Rita Rep", password: "a long passphrase" } })).status).toBe(201);
  const rita = await signIn(server.url, "rita@acme.test", "a long passphrase");
  repToken = ((await (await rita.fetch("/api/console/tokens", { method: "POST", json: { name: "openapi" } })).json()) as { token: string }).token;
  seed.repId = ((await (await fetch(server.url + "/api/v1/me", { headers: { Authorization: `Bearer ${repToken}` } })).json()) as { id: string }).id;
  ({ id: seed.prospectId, slug: seed.slug } = (await rob.json()) as { id: string; slug: string });
  for (const n of ["One", "Two"]) seed.spareIds.push(((await (await api("/api/v1/prospects", { firstName: "Spare", lastName: n })).json()) as { id: string }).id);
  const beacon = (body: unknown) => fetch(server.url + "/api/collect", { method: "POST", headers: { "User-Agent": IPHONE, "Content-Type": "text/plain" }, body: JSON.stringify(body) });
  for (const b of [
    { slug: seed.slug, type: "view", visibleMs: 2000 },
    { slug: seed.slug, type: "video_progress", visibleMs: 2000, data: { percent: 50 } },
    { slug: seed.slug, type: "cta_click", visibleMs: 1000, data: { cta: "call" } },
  ])
    expect((await beacon(b)).status).toBe(202);
  await fetch(`${server.url}/${seed.slug}`, { headers: { "User-Agent": SLACK } });
  await until("two alerts", async () => {
    const res = await fetch(server.url + "/api/v1/alerts", { headers: { Authorization: `Bearer ${token}` } });
    const { data } = (await res.json()) as { data: unknown[] };
    return data.length >= 2 ? data : undefined;
  });
});
afterAll(async () => {
  await server?.stop();
});

describe("the document covers app/api/v1 exactly", () => {
  const inApp = enumerateRoutes()
    .filter((r) => r.kind === "handler" && r.pattern.startsWith("/api/v1/"))
    .flatMap((r) => r.methods.filter((m) => m !== "HEAD" && m !== "OPTIONS").map((m) => `${m} ${r.pattern.replace(/\[([^\]]+)\]/g, "{$1}")}`))
    .sort();

  it("finds the v1 routes (so the comparison compares something)", () => {
    expect(inApp).toEqual(expect.arrayContaining(["GET /api/v1/me", "POST /api/v1/prospects", "GET /api/v1/prospects/{id}/visits"]));
  });

  it("documents every route and method under app/api/v1 (register new ones in lib/api/operations.ts)", () => {
    const documented = documentedOperations(doc);
    expect(inApp.filter((o) => !documented.includes(o)), "in app/ but not in the OpenAPI document").toEqual([]);
  });

  it("documents nothing that app/api/v1 does not have", () => {
    expect(documentedOperations(doc).filter((o) => !inApp.includes(o)), "in the OpenAPI document but not in app/").toEqual([]);
  });
});

describe("the document is OpenAPI 3.1", () => {
  it("has the required parts", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(typeof doc.paths).toBe("object");
    expect(typeof doc.components.schemas).toBe("object");
    for (const [p, item] of Object.entries(doc.paths)) {
      expect(p, "paths start with /").toMatch(/^\//);
      for (const [m, op] of Object.entries(item)) {
        expect(["get", "put", "post", "delete", "patch", "head", "options", "trace"], `${m} ${p}`).toContain(m);
        expect(Object.keys(op.responses as object).length, `${m} ${p} has responses`).toBeGreaterThan(0);
        for (const param of (op.parameters ?? []) as { name: string; in: string; required?: boolean; schema?: unknown }[]) {
          expect(["path", "query", "header", "cookie"]).toContain(param.in);
          if (param.in === "path") expect(p, `{${param.name}} is in the path`).toContain(`{${param.name}}`);
          if (param.in === "path") expect(param.required).toBe(true);
          expect(param.schema).toBeDefined();
        }
      }
    }
  });

  it("resolves every $ref", () => {
    for (const { ref, where } of allRefs(doc)) expect(resolveRef(doc, ref), `${where}: ${ref}`).toBeDefined();
  });

  it("compiles every component schema as JSON Schema 2020-12", () => {
    for (const name of Object.keys(doc.components.schemas)) expect(() => check({ $ref: `#/components/schemas/${name}` }, null), name).not.toThrow();
  });
});

describe("real answers match the document", () => {
  it.each(CALLS.map((c) => [`${c.op} → ${c.status} (${c.what})`, c]))("%s", async (_name, c) => {
    const res = await request(c);
    const text = await res.text();
    expect(res.status, text.slice(0, 500)).toBe(c.status);
    if (c.keep) c.keep(JSON.parse(text));
    const [method, path] = c.op.split(" ");
    const op = doc.paths[path]?.[method.toLowerCase()];
    expect(op, `${c.op} is documented`).toBeDefined();
    const responses = op.responses as Record<string, Record<string, unknown>>;
    const documented = responses[String(res.status)] ?? (res.status >= 500 ? responses["5XX"] : undefined);
    expect(documented, `${c.op} documents status ${res.status}`).toBeDefined();
    const spec = responseOf(doc, documented!) as { content?: Record<string, { schema: Record<string, unknown> }> };
    if (!spec.content) {
      expect(text, "a response documented without a body has none").toBe("");
      return;
    }
    if (spec.content["text/csv"]) {
      expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(text.replace(/^\uFEFF/, "").split("\r\n")[0]).toMatch(/^(First Name|Left at),/);
      return;
    }
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const result = check(spec.content["application/json"].schema, JSON.parse(text));
    expect(result.ok, `${c.op} ${res.status}:\n${result.errors}\n${text.slice(0, 1000)}`).toBe(true);
  });

  it("calls every documented operation with every status it documents", () => {
    const called = new Set(CALLS.map((c) => `${c.op} ${c.status}`));
    const missing = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.entries(item).flatMap(([m, op]) =>
        Object.keys(op.responses as object)
          .filter((s) => s !== "5XX")
          .map((s) => `${m.toUpperCase()} ${p} ${s}`)
          .filter((k) => !called.has(k)),
      ),
    );
    expect(missing, "add calls for these to CALLS in tests/integration/openapi.test.ts").toEqual([]);
  });
});
