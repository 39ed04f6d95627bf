/**
 * Voicemail scripts over HTTP against the real server: CRUD and visibility, the built-in examples
 * in the list (read-only), merge fields refused at save time, and a script rendered for a prospect
 * with the address and number written to be spoken, the speaking time and the hints.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, signIn, startServer, type TestServer } from "../support/server";

let server: TestServer;
let tokenA: string;
let tokenB: string;
let tokenAdmin: string;
let admin: Awaited<ReturnType<typeof setUpAdmin>>;

const tokenFor = (email: string) => runCli(["token:create", "--email", email], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
async function api(path: string, token: string, init: { method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (init.json !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(server.url + path, { method: init.method ?? "GET", headers, body: init.json !== undefined ? JSON.stringify(init.json) : undefined });
  const text = await res.text();
  return { res, status: res.status, body: text ? JSON.parse(text) : null };
}
const newScript = (json: unknown, token = tokenA) => api("/api/v1/scripts", token, { method: "POST", json });

beforeAll(async () => {
  server = await startServer({ env: { PUBLIC_BASE_URL: "https://acme.com" } });
  admin = await setUpAdmin(server.url, { addExample: false });
  for (const [email, name] of [["a@acme.test", "Sam Rivera"], ["b@acme.test", "Bea Rep"]]) {
    expect(runCli(["user:create", "--email", email, "--password", "a long passphrase", "--name", name], { DATABASE_PATH: server.dbPath }).code).toBe(0);
  }
  const sam = await signIn(server.url, "a@acme.test", "a long passphrase");
  expect((await sam.fetch("/api/console/profile", { method: "PATCH", json: { phone: "+1 555 010 2030" } })).status).toBe(200);
  expect((await admin.fetch("/api/console/workspace", { method: "PATCH", json: { companyName: "Acme" } })).status).toBe(200);
  tokenA = tokenFor("a@acme.test");
  tokenB = tokenFor("b@acme.test");
  tokenAdmin = tokenFor("ada@acme.test");
});
afterAll(async () => {
  await server?.stop();
});

describe("the scripts API", () => {
  it("lists the seven built-in examples first, read-only, and pages on with a cursor", async () => {
    const first = await api("/api/v1/scripts?limit=5", tokenB);
    expect(first.status).toBe(200);
    expect(first.body.data.map((s: { id: string }) => s.id)).toEqual(["scr_example_name_number", "scr_example_dangle_carrot", "scr_example_question", "scr_example_where_we_met", "scr_example_their_problem"]);
    expect(first.body.data[0]).toMatchObject({ example: true, shared: true, ownerId: null, createdAt: null });
    const mine = await newScript({ name: "Mine", style: "question", body: "Hi {{firstName}}?" }, tokenB);
    const second = await api(`/api/v1/scripts?limit=5&cursor=${first.body.nextCursor}`, tokenB);
    expect(second.body.data.map((s: { id: string }) => s.id)).toEqual(["scr_example_referral", "scr_example_promise_call", mine.body.id]);
    expect(second.body.nextCursor).toBeNull();
    // A page that ends exactly with the examples still leads on to the rows.
    const seven = await api("/api/v1/scripts?limit=7", tokenB);
    const rest = await api(`/api/v1/scripts?limit=7&cursor=${seven.body.nextCursor}`, tokenB);
    expect(rest.body.data.map((s: { id: string }) => s.id)).toEqual([mine.body.id]);
    expect((await api("/api/v1/scripts/scr_example_question", tokenB, { method: "PATCH", json: { name: "Mine now" } })).status).toBe(403);
    expect((await api("/api/v1/scripts/scr_example_question", tokenAdmin, { method: "DELETE" })).status).toBe(403);
  });

  it("creates (201 with Location), reads, changes, archives and deletes", async () => {
    const { res, status, body } = await newScript({ name: "Carrot", style: "dangle_carrot", body: "Hi {{firstName}}, {{repPhoneSpoken}}." });
    expect(status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/v1/scripts/${body.id}`);
    expect(body).toMatchObject({ id: expect.stringMatching(/^scr_/), name: "Carrot", style: "dangle_carrot", shared: false, example: false, archived: false });
    expect((await api(`/api/v1/scripts/${body.id}`, tokenA)).body).toEqual(body);
    const changed = await api(`/api/v1/scripts/${body.id}`, tokenA, { method: "PATCH", json: { body: "Hello {{firstName}}", archived: true } });
    expect(changed.body).toMatchObject({ body: "Hello {{firstName}}", archived: true });
    expect((await api("/api/v1/scripts?archived=true", tokenA)).body.data.map((s: { id: string }) => s.id)).toEqual([body.id]);
    expect((await api(`/api/v1/scripts/${body.id}`, tokenA, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/api/v1/scripts/${body.id}`, tokenA)).status).toBe(404);
  });

  it("keeps a rep's script private (404 for another rep), shares only by an admin (403), and a rep cannot change a shared one", async () => {
    const own = await newScript({ name: "Private", style: "question", body: "Hi?" });
    expect((await api(`/api/v1/scripts/${own.body.id}`, tokenB)).status).toBe(404);
    expect((await api(`/api/v1/scripts/${own.body.id}`, tokenB, { method: "PATCH", json: { name: "x" } })).status).toBe(404);
    expect((await api(`/api/v1/scripts/${own.body.id}`, tokenB, { method: "DELETE" })).status).toBe(404);
    expect((await api(`/api/v1/scripts/${own.body.id}`, tokenAdmin)).status).toBe(200);
    const shareAttempt = await newScript({ name: "For all", style: "question", body: "Hi?", shared: true });
    expect(shareAttempt.status).toBe(403);
    expect(shareAttempt.body.error).toMatchObject({ code: "forbidden", fields: { shared: expect.stringMatching(/admin/) } });
    const shared = await newScript({ name: "Workspace", style: "referral", body: "Hi {{firstName}}, I have a lead for you." , shared: true }, tokenAdmin);
    expect(shared.status).toBe(201);
    expect((await api(`/api/v1/scripts/${shared.body.id}`, tokenB)).status).toBe(200);
    expect((await api(`/api/v1/scripts/${shared.body.id}`, tokenB, { method: "PATCH", json: { name: "Mine" } })).status).toBe(403);
    expect((await api(`/api/v1/scripts/${shared.body.id}`, tokenB, { method: "DELETE" })).status).toBe(403);
  });

  it("refuses an unknown merge field, naming it with a did-you-mean, and an unknown style", async () => {
    const typo = await newScript({ name: "Typo", style: "question", body: "Visit {{pageurl}}" });
    expect(typo.status).toBe(422);
    expect(typo.body.error.fields.body).toMatch(/\{\{pageurl\}\}.*did you mean \{\{pageUrl\}\}/);
    const style = await newScript({ name: "Style", style: "shouting", body: "Hi" });
    expect(style.status).toBe(422);
    expect(style.body.error.fields.style).toMatch(/their_problem/);
  });
});

describe("a script rendered for a prospect", () => {
  it("fills in the words, speaks the address and number, times it and gives hints", async () => {
    const rob = await api("/api/v1/prospects", tokenA, { method: "POST", json: { firstName: "Rob", lastName: "Mason", company: "Northwind" } });
    expect(rob.status).toBe(201);
    const suggested = await api(`/api/v1/prospects/${rob.body.id}/script`, tokenA);
    expect(suggested.status).toBe(200);
    const spokenUrl = `acme dot com slash ${rob.body.slug.split("-").join(" dash ")}`;
    expect(suggested.body).toMatchObject({ scriptId: "scr_example_their_problem", spokenUrl, hints: [], targetSeconds: { min: 20, max: 30 } });
    expect(suggested.body.text).toContain("Hi Rob, it's Sam Rivera with Acme, five five five, zero one zero, two zero three zero.");
    expect(suggested.body.text).toContain(spokenUrl);
    expect(suggested.body.seconds).toBeGreaterThanOrEqual(20);
    expect(suggested.body.seconds).toBeLessThanOrEqual(30);

    const pushy = await newScript({ name: "Pushy", style: "dangle_carrot", body: "Hi {{firstName}}, our product has great features. Please call me back." });
    const rendered = await api(`/api/v1/prospects/${rob.body.id}/script?scriptId=${pushy.body.id}`, tokenA);
    expect(rendered.body.scriptId).toBe(pushy.body.id);
    expect(rendered.body.hints.map((h: { code: string }) => h.code)).toEqual(["too_short", "pitches_product", "asks_call_back", "number_missing", "no_reason"]);
    expect(rendered.body.hints[0].message).toMatch(/window/);

    // The workspace says "hyphen".
    const ada = admin;
    expect((await ada.fetch("/api/console/workspace", { method: "PATCH", json: { spokenDash: "hyphen" } })).status).toBe(200);
    const hyphen = await api(`/api/v1/prospects/${rob.body.id}/script`, tokenA);
    expect(hyphen.body.spokenUrl).toBe(`acme dot com slash ${rob.body.slug.split("-").join(" hyphen ")}`);
    expect((await ada.fetch("/api/console/workspace", { method: "PATCH", json: { spokenDash: "loud" } })).status).toBe(422);
    await ada.fetch("/api/console/workspace", { method: "PATCH", json: { spokenDash: "dash" } });

    // Another rep's prospect, another rep's script, no such script: 404.
    expect((await api(`/api/v1/prospects/${rob.body.id}/script`, tokenB)).status).toBe(404);
    expect((await api(`/api/v1/prospects/${rob.body.id}/script?scriptId=scr_nope`, tokenA)).status).toBe(404);
    const bea = await newScript({ name: "Bea's", style: "question", body: "Hi?" }, tokenB);
    const beaRender = await api(`/api/v1/prospects/${rob.body.id}/script?scriptId=${bea.body.id}`, tokenA);
    expect(beaRender.status).toBe(404);
    expect(beaRender.body.error.message).toMatch(/script/);
  });

  it("suggests the script the rep used last", async () => {
    const pro = await api("/api/v1/prospects", tokenA, { method: "POST", json: { firstName: "Ann", lastName: "Lee" } });
    const mine = await newScript({ name: "Used", style: "question", body: "Hi {{firstName}}, a question?" });
    expect((await api(`/api/v1/prospects/${pro.body.id}/voicemails`, tokenA, { method: "POST", json: { scriptId: mine.body.id, text: "Hi Ann" } })).status).toBe(201);
    expect((await api(`/api/v1/prospects/${pro.body.id}/script`, tokenA)).body).toMatchObject({ scriptId: mine.body.id, text: "Hi Ann, a question?" });
  });
});
