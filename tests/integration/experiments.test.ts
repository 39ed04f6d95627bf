/**
 * Experiments over HTTP on a real server: who may start one, the even split while arms fill up, a
 * prospect keeping their arm, overrides, messages counted for the arm used, results on a seeded
 * history (against counts computed here, not by the code under test), the winner rule, stopping
 * (the winner becomes the default script), and play experiments pointing the page at the arm.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedExperimentHistory } from "../support/experiment-seed";
import { runCli, setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;
let adminToken: string;
let tokenA: string;
let tokenB: string;
let repA: { id: string };
const Q = "scr_example_question";
const D = "scr_example_dangle_carrot";

const tokenFor = (email: string) => runCli(["token:create", "--email", email], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
async function api(path: string, token: string, init: { method?: string; json?: unknown } = {}) {
  const res = await fetch(server.url + path, {
    method: init.method ?? (init.json !== undefined ? "POST" : "GET"),
    headers: { Authorization: `Bearer ${token}`, ...(init.json !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
}
const newProspect = async (token: string, firstName: string) => (await api("/api/v1/prospects", token, { json: { firstName, lastName: "Test", phone: "+1 555 010 3" + String(Math.floor(Math.random() * 900) + 100) } })).body.id as string;

beforeAll(async () => {
  server = await startServer({ env: { PUBLIC_BASE_URL: "https://acme.com" } });
  admin = await setUpAdmin(server.url, { addExample: false });
  for (const [email, name] of [["a@acme.test", "Rep A"], ["b@acme.test", "Rep B"]]) {
    expect(runCli(["user:create", "--email", email, "--password", "a long passphrase", "--name", name], { DATABASE_PATH: server.dbPath }).code).toBe(0);
  }
  await signIn(server.url, "a@acme.test", "a long passphrase");
  adminToken = tokenFor("ada@acme.test");
  tokenA = tokenFor("a@acme.test");
  tokenB = tokenFor("b@acme.test");
  repA = (await api("/api/v1/me", tokenA)).body;
});
afterAll(async () => {
  await server?.stop();
});

describe("starting one", () => {
  it("refuses what cannot be compared, field by field", async () => {
    const bad = await api("/api/v1/experiments", tokenA, { json: { name: "", kind: "script", arms: [Q], goal: "fame", minPerArm: 2 } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toEqual({ name: "Give the experiment a name.", arms: "Compare at least two.", goal: "Choose visit, callback or meeting.", minPerArm: "Use at least 5." });
    const arms = await api("/api/v1/experiments", tokenA, { json: { name: "X", kind: "script", arms: [Q, Q, "ply_x"], goal: "visit" } });
    expect(arms.status).toBe(422);
    expect(arms.body.error.fields).toEqual({ "arms.1": "Each arm must be different.", "arms.2": "A script experiment compares scripts (scr_…)." });
    const unknown = await api("/api/v1/experiments", tokenA, { json: { name: "X", kind: "script", arms: [Q, "scr_nope"], goal: "visit" } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields).toEqual({ "arms.1": "No script with this id." });
  });

  it("a rep runs one for themselves only; a private script only with its owner", async () => {
    expect((await api("/api/v1/experiments", tokenA, { json: { name: "X", kind: "script", arms: [Q, D], goal: "visit", userIds: ["usr_someoneElse"] } })).status).toBe(403);
    const mine = (await api("/api/v1/scripts", tokenA, { json: { name: "Mine", style: "question", body: "Hi {{firstName}}, a question: {{pageUrl}}" } })).body.id;
    const teamWide = await api("/api/v1/experiments", adminToken, { json: { name: "X", kind: "script", arms: [Q, mine], goal: "visit" } });
    expect(teamWide.status).toBe(422);
    expect(teamWide.body.error.fields["arms.1"]).toMatch(/private to one rep/);
  });

  it("one experiment per rep at a time (409), so each message tests one thing", async () => {
    const first = await api("/api/v1/experiments", tokenA, { json: { name: "Openers", kind: "script", arms: [Q, D], goal: "visit", minPerArm: 5 } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: "running", userIds: [repA.id], minPerArm: 5, winner: null });
    const again = await api("/api/v1/experiments", tokenA, { json: { name: "Again", kind: "script", arms: [Q, D], goal: "visit" } });
    expect(again.status).toBe(409);
    expect(again.body.error.fields.userIds).toMatch(/already in “Openers”/);
    const team = await api("/api/v1/experiments", adminToken, { json: { name: "Team", kind: "script", arms: [Q, D], goal: "visit" } });
    expect(team.status).toBe(409);
    expect((await api(`/api/v1/experiments/${first.body.id}/stop`, tokenA, { json: { adoptWinner: false } })).status).toBe(200);
  });
});

describe("running one", () => {
  let expId = "";
  const prospects: string[] = [];

  it("splits evenly while the arms fill up, and a prospect keeps the arm they got", async () => {
    expId = (await api("/api/v1/experiments", tokenA, { json: { name: "Question or carrot", kind: "script", arms: [Q, D], goal: "visit", minPerArm: 5 } })).body.id;
    for (let i = 0; i < 8; i++) prospects.push(await newProspect(tokenA, `P${i}`));
    const got: string[] = [];
    for (const p of prospects) got.push((await api(`/api/v1/prospects/${p}/script`, tokenA)).body.scriptId);
    expect(got.filter((s) => s === Q)).toHaveLength(4);
    expect(got.filter((s) => s === D)).toHaveLength(4);
    for (let i = 0; i < prospects.length; i++) expect((await api(`/api/v1/prospects/${prospects[i]}/script`, tokenA)).body.scriptId).toBe(got[i]);
    // Asking for a script by id renders it, whatever the experiment says.
    expect((await api(`/api/v1/prospects/${prospects[0]}/script?scriptId=scr_example_referral`, tokenA)).body.scriptId).toBe("scr_example_referral");
    // Rep B is not in it: their suggestion is the usual one.
    const theirs = await newProspect(tokenB, "Bea");
    expect((await api(`/api/v1/prospects/${theirs}/script`, tokenB)).body.scriptId).toBe("scr_example_their_problem");
  });

  it("counts each message for the arm it carried; another arm is an override; another script does not count", async () => {
    const arm0 = (await api(`/api/v1/prospects/${prospects[0]}/script`, tokenA)).body.scriptId as string;
    const other = arm0 === Q ? D : Q;
    expect((await api(`/api/v1/prospects/${prospects[0]}/voicemails`, tokenA, { json: { scriptId: arm0, text: "as assigned" } })).status).toBe(201);
    expect((await api(`/api/v1/prospects/${prospects[1]}/voicemails`, tokenA, { json: { scriptId: "scr_example_referral", text: "not an arm" } })).status).toBe(201);
    const arm2 = (await api(`/api/v1/prospects/${prospects[2]}/script`, tokenA)).body.scriptId as string;
    const switched = arm2 === Q ? D : Q;
    expect((await api(`/api/v1/prospects/${prospects[2]}/voicemails`, tokenA, { json: { scriptId: switched, text: "the rep chose the other" } })).status).toBe(201);
    // The override sticks: prospect 2 now gets the arm the rep chose.
    expect((await api(`/api/v1/prospects/${prospects[2]}/script`, tokenA)).body.scriptId).toBe(switched);
    const r = (await api(`/api/v1/experiments/${expId}/results`, tokenA)).body;
    const byId = Object.fromEntries(r.arms.map((a: { id: string; messages: number }) => [a.id, a.messages]));
    expect(byId[arm0] + byId[other]).toBe(2);
    expect(byId[switched]).toBeGreaterThanOrEqual(1);
    expect(r.winner).toBeNull();
    expect(r.verdict).toMatch(/needs? \d+ more/);
    expect(r.arms.reduce((s: number, a: { chanceBest: number }) => s + a.chanceBest, 0)).toBeCloseTo(1, 9);
    expect((await api(`/api/v1/experiments/${expId}/results`, tokenB)).status).toBe(404);
  });

  it("a visit after a message counts for its arm, within the window", async () => {
    const slug = (await api(`/api/v1/prospects/${prospects[0]}`, tokenA)).body.slug;
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    expect((await fetch(`${server.url}/api/collect`, { method: "POST", headers: { "User-Agent": iphone, "Content-Type": "text/plain" }, body: JSON.stringify({ slug, type: "view", visibleMs: 3000 }) })).status).toBe(202);
    const arm0 = (await api(`/api/v1/prospects/${prospects[0]}/script`, tokenA)).body.scriptId as string;
    const r = (await api(`/api/v1/experiments/${expId}/results`, tokenA)).body;
    expect(r.arms.find((a: { id: string }) => a.id === arm0).visits).toBe(1);
  });

  it("exports its messages as CSV", async () => {
    const csv = (await api(`/api/v1/experiments/${expId}/export`, tokenA)).body as string;
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Left at,Rep,First Name,Last Name,Company,Arm,Arm name,Visited,Minutes to visit,Call returned,Meeting");
    expect(lines).toHaveLength(3);
  });

  it("only an admin or whoever started it may stop it", async () => {
    expect((await api(`/api/v1/experiments/${expId}/stop`, tokenB, { json: {} })).status).toBe(404);
    const stopped = await api(`/api/v1/experiments/${expId}/stop`, tokenA, { json: {} });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: "stopped", winner: null });
    // Stopped: no more arms; the suggestion is the rep's last script again.
    const fresh = await newProspect(tokenA, "After");
    expect([Q, D, "scr_example_referral"]).toContain((await api(`/api/v1/prospects/${fresh}/script`, tokenA)).body.scriptId);
  });
});

describe("a decided experiment, on a seeded history", () => {
  it("declares the better message once both arms have the minimum and it is 95% likely best; stopping makes it the default", async () => {
    const e = (await api("/api/v1/experiments", adminToken, { json: { name: "Seeded", kind: "script", arms: [Q, D], goal: "visit", minPerArm: 30, userIds: [repA.id] } })).body;
    const counts = await seedExperimentHistory(server, {
      userId: repA.id,
      experimentId: e.id,
      start: Date.now() - 40 * 86_400_000,
      days: 30,
      arms: [
        { scriptId: Q, messages: 160, visitRate: 0.18, callbackRate: 0.06, meetingRate: 0.02 },
        { scriptId: D, messages: 160, visitRate: 0.4, callbackRate: 0.15, meetingRate: 0.05 },
      ],
    });
    const r = (await api(`/api/v1/experiments/${e.id}/results`, tokenA)).body;
    const [q, d] = r.arms;
    expect([q.messages, q.visits, q.callbacks, q.meetings]).toEqual([counts[0].messages, counts[0].visits, counts[0].callbacks, counts[0].meetings]);
    expect([d.messages, d.visits, d.callbacks, d.meetings]).toEqual([counts[1].messages, counts[1].visits, counts[1].callbacks, counts[1].meetings]);
    expect(d.rate).toBeCloseTo(counts[1].visits / counts[1].messages, 12);
    expect(d.low).toBeLessThan(d.rate);
    expect(d.high).toBeGreaterThan(d.rate);
    expect(d.chanceBest).toBeGreaterThan(0.95);
    expect(r.winner).toBe(D);
    // Reloading gives the same numbers (computed exactly, not sampled).
    expect((await api(`/api/v1/experiments/${e.id}/results`, tokenA)).body).toEqual(r);
    // Thompson sampling now: the better message goes to most new prospects.
    const picks: string[] = [];
    for (let i = 0; i < 30; i++) picks.push((await api(`/api/v1/prospects/${await newProspect(tokenA, `T${i}`)}/script`, tokenA)).body.scriptId);
    expect(picks.filter((p) => p === D).length).toBeGreaterThan(24);
    const stopped = (await api(`/api/v1/experiments/${e.id}/stop`, adminToken, { json: {} })).body;
    expect(stopped.winner).toBe(D);
    expect((await api(`/api/v1/prospects/${await newProspect(tokenB, "Default")}/script`, tokenB)).body.scriptId).toBe(D);
  });
});

describe("a play experiment", () => {
  it("points each prospect's page at the arm it got", async () => {
    const play = async (name: string) => (await api("/api/v1/plays", adminToken, { json: { name, message: `${name}: hi {{firstName}}`, shared: true } })).body.id as string;
    const [a, b] = [await play("Demo first"), await play("Offer first")];
    const e = await api("/api/v1/experiments", adminToken, { json: { name: "Pages", kind: "play", arms: [a, b], goal: "callback", userIds: [(await api("/api/v1/me", tokenB)).body.id] } });
    expect(e.status).toBe(201);
    const p = await newProspect(tokenB, "Page");
    await api(`/api/v1/prospects/${p}/script`, tokenB);
    const prospect = (await api(`/api/v1/prospects/${p}`, tokenB)).body;
    expect([a, b]).toContain(prospect.playId);
    const html = await (await fetch(`${server.url}/${prospect.slug}`)).text();
    expect(html).toContain(prospect.playId === a ? "Demo first: hi Page" : "Offer first: hi Page");
    // The message logged for it counts for that play.
    expect((await api(`/api/v1/prospects/${p}/voicemails`, tokenB, { json: { text: "hello" } })).status).toBe(201);
    const r = (await api(`/api/v1/experiments/${e.body.id}/results`, adminToken)).body;
    expect(r.arms.find((x: { id: string }) => x.id === prospect.playId).messages).toBe(1);
  });
});
