/**
 * Campaigns over HTTP on a real server: plan one through the API, enrol people (by id, by a list
 * filter, at CSV import), see today's touch in the call-back queue and call mode, make it with the
 * outcome buttons, watch a visit pause it, take someone out — and another rep sees none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";
import { cliEnv, withServerDb } from "../support/server-db";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

let server: TestServer;
let admin: Client;
let rep: Client;
let other: Client;
let token: string;
let otherToken: string;
const people: Record<string, { id: string; slug: string }> = {};
let campaignId = "";

async function api(path: string, init: { method?: string; body?: unknown; as?: string; type?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${init.as ?? token}` };
  let body: string | undefined;
  if (init.raw !== undefined) {
    headers["Content-Type"] = init.type ?? "text/csv";
    body = init.raw;
  } else if (init.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(init.body);
  }
  return fetch(server.url + path, { method: init.method ?? "GET", headers, body });
}

/** Day 1 is the first working day from enrolment: on a weekend that is Monday. Then the first touches are brought to now, as Monday morning would. */
async function bringFirstTouchesToNow() {
  const day = new Date().getUTCDay();
  if (day !== 0 && day !== 6) return;
  await withServerDb(server, (db) => db.run("UPDATE campaign_enrolments SET next_due_at = ? WHERE status = 'active' AND step_index = 0", Date.now() - 60_000));
}

beforeAll(async () => {
  server = await startServer({ env: { COLLECT_LIMIT_PER_MINUTE: "100000" } });
  admin = await setUpAdmin(server.url, { addExample: false });
  for (const [email, name] of [["sam@acme.test", "Sam Rep"], ["olga@acme.test", "Olga Other"]]) runCli(["user:create", "--email", email, "--password", "a long passphrase", "--name", name], cliEnv(server));
  rep = await signIn(server.url, "sam@acme.test", "a long passphrase");
  other = await signIn(server.url, "olga@acme.test", "a long passphrase");
  const tok = (email: string) => runCli(["token:create", "--email", email], cliEnv(server)).stdout.trim().split("\n").pop()!;
  token = tok("sam@acme.test");
  otherToken = tok("olga@acme.test");
  for (const [first, last, email] of [["Rob", "Mason", "rob@northwind.test"], ["Ana", "Lopez", null], ["Ben", "Okafor", null]] as const) {
    const res = await api("/api/v1/prospects", { method: "POST", body: { firstName: first, lastName: last, company: "Northwind", phone: `+1 555 010 ${2030 + Object.keys(people).length}`, ...(email ? { email } : {}) } });
    expect(res.status).toBe(201);
    people[first] = await res.json();
  }
});

afterAll(async () => {
  await server?.stop();
});

describe("a campaign through the API", () => {
  it("is planned with a voicemail (a script), an e-mail and a call; the steps come back as sent", async () => {
    const res = await api("/api/v1/campaigns", {
      method: "POST",
      body: { name: "Three touches", steps: [{ day: 1, kind: "voicemail", scriptId: "scr_example_dangle_carrot" }, { day: 3, kind: "email", subject: "An idea for {{company}}", body: "Hi {{firstName}}, {{pageLink}}" }, { day: 6, kind: "call" }] },
    });
    expect(res.status).toBe(201);
    const c = await res.json();
    campaignId = c.id;
    expect(c).toMatchObject({ name: "Three touches", shared: false, archived: false, steps: [{ day: 1, kind: "voicemail", scriptId: "scr_example_dangle_carrot" }, { day: 3, kind: "email" }, { day: 6, kind: "call" }] });
    expect(res.headers.get("location")).toBe(`/api/v1/campaigns/${c.id}`);
  });

  it("says which step is wrong, as the editor shows it", async () => {
    const res = await api("/api/v1/campaigns", { method: "POST", body: { name: "Bad", steps: [{ day: 2, kind: "voicemail" }, { day: 2, kind: "email", subject: "x" }] } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields).toEqual({ "steps.1.body": "Write the e-mail's body.", "steps.1.day": "Day 2 must come after step 1's day 2." });
  });

  it("enrols by id and skips those already in; another rep sees neither the campaign nor may enrol into it", async () => {
    let res = await api(`/api/v1/campaigns/${campaignId}/enrolments`, { method: "POST", body: { prospectIds: [people.Rob.id] } });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ enrolled: [people.Rob.id], skipped: [] });
    res = await api(`/api/v1/campaigns/${campaignId}/enrolments`, { method: "POST", body: { filter: { list: "fresh" } } });
    const r = await res.json();
    expect(r.skipped).toEqual([people.Rob.id]);
    expect(r.enrolled.sort()).toEqual([people.Ana.id, people.Ben.id].sort());
    expect((await api(`/api/v1/campaigns/${campaignId}`, { as: otherToken })).status).toBe(404);
    expect((await api(`/api/v1/campaigns/${campaignId}/enrolments`, { method: "POST", as: otherToken, body: { prospectIds: [people.Rob.id] } })).status).toBe(404);
    expect((await other.fetch(`/campaigns/${campaignId}`)).status).toBe(404);
    await bringFirstTouchesToNow();
  });

  it("today's touch is in the call-back queue and in call mode's list, with its label", async () => {
    const queue = await (await rep.fetch("/")).text();
    expect(queue).toContain("Touch 1 of 3 — voicemail: “Example: Dangle the carrot”");
    const call = await (await rep.fetch("/call?list=touches")).text();
    expect(call).toContain("Campaign touches due");
    expect(call).toContain("Touch 1 of 3 — voicemail: “Example: Dangle the carrot”");
  });

  it("Left voicemail makes Rob's touch; the campaign page counts it", async () => {
    const res = await rep.fetch(`/api/console/prospects/${people.Rob.id}/outcomes`, { method: "POST", json: { kind: "voicemail", scriptId: "scr_example_dangle_carrot" } });
    expect(res.status).toBe(201);
    const page = await (await rep.fetch(`/campaigns/${campaignId}`)).text();
    expect(page).toMatch(/Touch 2 of 3 — e-mail: “An idea for ‹company›”/);
    expect(page.replace(/<!-- -->/g, "")).toContain("1 → 0");
  });

  it("a visit to Ana's page pauses her campaign", async () => {
    const beacon = await fetch(server.url + "/api/collect", { method: "POST", headers: { "User-Agent": IPHONE, "Content-Type": "text/plain" }, body: JSON.stringify({ slug: people.Ana.slug, type: "view", visibleMs: 2000 }) });
    expect(beacon.status).toBe(202);
    const page = await (await rep.fetch(`/campaigns/${campaignId}`)).text();
    expect(page).toContain("Visited the page — call them now");
  });

  it("a meeting ends Ben's; taking Ana out stops hers; the counts add up", async () => {
    expect((await rep.fetch(`/api/console/prospects/${people.Ben.id}/outcomes`, { method: "POST", json: { kind: "meeting" } })).status).toBe(201);
    expect((await api(`/api/v1/campaigns/${campaignId}/enrolments/${people.Ana.id}`, { method: "DELETE" })).status).toBe(204);
    const page = await (await rep.fetch(`/campaigns/${campaignId}`)).text();
    expect(page).toContain("Meeting booked");
    expect(page).toContain("Taken out by the rep");
    // Enrolled 3: Rob active, Ben finished, Ana stopped.
    expect(page).toMatch(/data-count="enrolled"><dt>Enrolled<\/dt><dd>3<\/dd>/);
    expect(page).toMatch(/data-count="active"><dt>Active<\/dt><dd>1<\/dd>/);
  });

  it("a CSV import with campaignId enrols the new pages", async () => {
    const res = await api(`/api/v1/imports?campaignId=${campaignId}`, { method: "POST", raw: "First Name,Last Name,Company\nIda,Import,Initech\nJon,Import,Initech\n" });
    expect(res.status).toBe(201);
    const answer = await res.json();
    expect(answer.campaign).toEqual({ id: campaignId, enrolled: 2, skipped: 0 });
    const bad = await api("/api/v1/imports?campaignId=cmp_nope", { method: "POST", raw: "First Name\nX\n" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields).toEqual({ campaignId: "No campaign with this id." });
  });

  it("an archived campaign takes nobody new (409); deleting it is 204", async () => {
    expect((await api(`/api/v1/campaigns/${campaignId}`, { method: "PATCH", body: { archived: true } })).status).toBe(200);
    const res = await api(`/api/v1/campaigns/${campaignId}/enrolments`, { method: "POST", body: { prospectIds: [people.Ana.id] } });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("campaign_archived");
    expect((await api(`/api/v1/campaigns/${campaignId}`, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/api/v1/campaigns/${campaignId}`)).status).toBe(404);
  });
});

describe("days off", () => {
  it("are saved sorted, and a date not on the calendar is a 422 naming it", async () => {
    let res = await rep.fetch("/api/console/holidays", { method: "PUT", json: { holidays: ["2026-12-25", "2026-12-24"] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ holidays: ["2026-12-24", "2026-12-25"] });
    res = await rep.fetch("/api/console/holidays", { method: "PUT", json: { holidays: ["2026-02-30"] } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields).toEqual({ "holidays.0": "Not a date on the calendar." });
    expect(await (await rep.fetch("/settings")).text()).toContain("2026-12-24");
  });
});

describe("the admin", () => {
  it("sees the rep's private campaign list page", async () => {
    expect((await admin.fetch("/campaigns")).status).toBe(200);
  });
});
