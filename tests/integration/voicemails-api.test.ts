/** The message log over the API, the queue's one-click "Left voicemail", and "Who's calling?" lookups. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;
let repA: Client;
let tokenA: string;
let tokenB: string;
let tokenAdmin: string;
let rob: { id: string; slug: string };
let dora: { id: string; slug: string };

const tokenFor = (email: string) => runCli(["token:create", "--email", email], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
function api(path: string, token: string, init: { method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (init.json !== undefined) headers["Content-Type"] = "application/json";
  return fetch(server.url + path, { method: init.method ?? "GET", headers, body: init.json !== undefined ? JSON.stringify(init.json) : undefined });
}
const lookup = async (phone: string, token = tokenA) => {
  const res = await api(`/api/v1/lookup?phone=${encodeURIComponent(phone)}`, token);
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  server = await startServer({ env: { PUBLIC_BASE_URL: "https://acme.com" } });
  admin = await setUpAdmin(server.url, { addExample: false });
  for (const [email, name] of [["a@acme.test", "Rep A"], ["b@acme.test", "Rep B"]]) {
    expect(runCli(["user:create", "--email", email, "--password", "a long passphrase", "--name", name], { DATABASE_PATH: server.dbPath }).code).toBe(0);
  }
  repA = await signIn(server.url, "a@acme.test", "a long passphrase");
  tokenA = tokenFor("a@acme.test");
  tokenB = tokenFor("b@acme.test");
  tokenAdmin = tokenFor("ada@acme.test");
  rob = await (await api("/api/v1/prospects", tokenA, { method: "POST", json: { firstName: "Rob", lastName: "Mason", company: "Northwind", phone: "+1 555 010 2030" } })).json();
  dora = await (await api("/api/v1/prospects", tokenB, { method: "POST", json: { firstName: "Dora", lastName: "Diaz", company: "Globex", phone: "555 010 4000" } })).json();
});
afterAll(async () => {
  await server?.stop();
});

describe("logging voicemails", () => {
  it("stores every field and answers 201", async () => {
    const res = await api(`/api/v1/prospects/${rob.id}/voicemails`, tokenA, { method: "POST", json: { scriptId: "scr_direct1", text: "Hi Rob, it's Rep A.", leftAt: "2026-01-05T15:04:00Z", seconds: 28, note: "second try" } });
    expect(res.status).toBe(201);
    const vm = await res.json();
    expect(vm).toMatchObject({ prospectId: rob.id, scriptId: "scr_direct1", text: "Hi Rob, it's Rep A.", leftAt: "2026-01-05T15:04:00.000Z", seconds: 28, note: "second try", playId: null, playVersion: null });
    expect(vm.id).toMatch(/^vm_/);
  });

  it("without text, stores the page's address as spoken", async () => {
    const res = await api(`/api/v1/prospects/${rob.id}/voicemails`, tokenA, { method: "POST", json: {} });
    expect(res.status).toBe(201);
    expect((await res.json()).text).toBe("…I recorded something for you at acme dot com slash rob dash mason.");
  });

  it("lists newest first, with a cursor", async () => {
    const first = await (await api(`/api/v1/prospects/${rob.id}/voicemails?limit=1`, tokenA)).json();
    expect(first.data).toHaveLength(1);
    expect(first.data[0].text).toMatch(/acme dot com/);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (await api(`/api/v1/prospects/${rob.id}/voicemails?limit=1&cursor=${first.nextCursor}`, tokenA)).json();
    expect(second.data[0].text).toBe("Hi Rob, it's Rep A.");
    expect(second.nextCursor).toBeNull();
  });

  it("another rep's prospect is a 404, both ways; an admin may", async () => {
    expect((await api(`/api/v1/prospects/${rob.id}/voicemails`, tokenB)).status).toBe(404);
    expect((await api(`/api/v1/prospects/${rob.id}/voicemails`, tokenB, { method: "POST", json: {} })).status).toBe(404);
    expect((await api(`/api/v1/prospects/${rob.id}/voicemails`, tokenAdmin)).status).toBe(200);
  });

  it.each([
    ["seconds 0", { seconds: 0 }, "seconds"],
    ["seconds 601", { seconds: 601 }, "seconds"],
    ["text over 4,000", { text: "x".repeat(4001) }, "text"],
    ["note over 2,000", { note: "x".repeat(2001) }, "note"],
    ["leftAt in the future", { leftAt: new Date(Date.now() + 5 * 60_000).toISOString() }, "leftAt"],
    ["leftAt not a date", { leftAt: "yesterday" }, "leftAt"],
    ["an unknown field", { mood: "happy" }, ""],
  ])("%s is a 422", async (_what, json, field) => {
    const res = await api(`/api/v1/prospects/${rob.id}/voicemails`, tokenA, { method: "POST", json });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_input");
    if (field) expect(Object.keys(body.error.fields)).toContain(field);
  });

  it("leftAt within a minute ahead is fine (clocks differ)", async () => {
    const otto = await (await api("/api/v1/prospects", tokenA, { method: "POST", json: { firstName: "Otto" } })).json();
    expect((await api(`/api/v1/prospects/${otto.id}/voicemails`, tokenA, { method: "POST", json: { leftAt: new Date(Date.now() + 30_000).toISOString(), text: "soon" } })).status).toBe(201);
  });

  it("the queue's one-click Left voicemail records the words the console shows", async () => {
    const res = await repA.fetch(`/api/console/prospects/${rob.id}/outcomes`, { method: "POST", json: { kind: "voicemail" } });
    expect(res.status).toBe(201);
    const list = await (await api(`/api/v1/prospects/${rob.id}/voicemails?limit=1`, tokenA)).json();
    expect(list.data[0].text).toBe("…I recorded something for you at acme dot com slash rob dash mason.");
  });

  it("They called back is an outcome of its own", async () => {
    const res = await repA.fetch(`/api/console/prospects/${rob.id}/outcomes`, { method: "POST", json: { kind: "called_back" } });
    expect(res.status).toBe(201);
    expect((await res.json()).leftQueue).toBe(false);
  });
});

describe("the console", () => {
  it("logs a voicemail from the form (text fields), and rep B cannot", async () => {
    const res = await repA.fetch(`/api/console/prospects/${rob.id}/voicemails`, { method: "POST", json: { text: "", seconds: "31", note: "" } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ seconds: 31, text: "…I recorded something for you at acme dot com slash rob dash mason.", note: null });
    expect((await repA.fetch(`/api/console/prospects/${rob.id}/voicemails`, { method: "POST", json: { seconds: "ten" } })).status).toBe(422);
    const repB = await signIn(server.url, "b@acme.test", "a long passphrase");
    expect((await repB.fetch(`/api/console/prospects/${rob.id}/voicemails`, { method: "POST", json: {} })).status).toBe(404);
  });

  it("the top-bar search finds by number in any form, or by name, company prefix", async () => {
    const byPhone = await (await repA.fetch(`/api/console/lookup?q=${encodeURIComponent("555.010.2030")}`)).json();
    expect(byPhone.readAs).toEqual({ phone: "+15550102030" });
    expect(byPhone.matches[0]).toMatchObject({ id: rob.id, name: "Rob Mason", company: "Northwind", phoneDisplay: "+1 555 010 2030" });
    expect(byPhone.matches[0].lastVoicemail.text).toMatch(/acme dot com slash rob dash mason/);
    for (const q of ["rob", "Mason", "north", "Rob Ma"]) expect((await (await repA.fetch(`/api/console/lookup?q=${encodeURIComponent(q)}`)).json()).matches.map((m: { id: string }) => m.id), q).toContain(rob.id);
    expect((await (await repA.fetch("/api/console/lookup?q=Dora")).json()).matches).toEqual([]);
    expect((await (await admin.fetch("/api/console/lookup?q=Dora")).json()).matches[0].id).toBe(dora.id);
  });

  it("the message log searches by name, company, number and words; a rep sees their own, an admin everyone's", async () => {
    const page = async (c: Client, q: string) => (await (await c.fetch(`/voicemails?q=${encodeURIComponent(q)}`)).text());
    expect(await page(repA, "Northwind")).toContain("Rob");
    expect(await page(repA, "(555) 010-2030")).toContain("Rob");
    expect(await page(repA, "second try")).toContain("Hi Rob, it&#x27;s Rep A.");
    expect(await page(repA, "nobody-at-all")).toContain("No voicemail matches.");
    await api(`/api/v1/prospects/${dora.id}/voicemails`, tokenB, { method: "POST", json: { text: "Hi Dora" } });
    expect(await page(repA, "Dora")).not.toContain("Hi Dora");
    expect(await page(admin, "Dora")).toContain("Hi Dora");
    expect(await page(repA, "")).not.toContain("Hi Dora");
  });
});

describe("GET /api/v1/lookup", () => {
  it.each(["(555) 010-2030", "555.010.2030", "+1 555 010 2030", "15550102030", "tel:+15550102030", "5550102030", "555-010-2030 ext. 12", "555 010 2030 x12", "tel:+15550102030;ext=12", "011 1 555 010 2030", "001 555 010 2030"])(
    "finds Rob by %s",
    async (phone) => {
      const { status, body } = await lookup(phone);
      expect(status).toBe(200);
      expect(body.matches).toHaveLength(1);
      expect(body.matches[0].prospect.id).toBe(rob.id);
      expect(body.matches[0].lastVoicemail.text).toBe("…I recorded something for you at acme dot com slash rob dash mason.");
      expect(body.matches[0].lastVisitAt).toBeNull();
    },
  );

  it("a rep sees only their own prospects; an admin everyone's", async () => {
    expect((await lookup("(555) 010-2030", tokenB)).body.matches).toEqual([]);
    expect((await lookup("(555) 010-4000", tokenA)).body.matches).toEqual([]);
    expect((await lookup("(555) 010-4000", tokenB)).body.matches[0].prospect.id).toBe(dora.id);
    expect((await lookup("(555) 010-4000", tokenB)).body.matches[0].lastVoicemail.text).toBe("Hi Dora");
    expect((await lookup("(555) 010-2030", tokenAdmin)).body.matches[0].prospect.id).toBe(rob.id);
  });

  it.each(["Rob", "", "12", "555-CALL-NOW", "+1 555 010 2030 Rob"])("%j is not a phone number: 422", async (phone) => {
    const { status, body } = await lookup(phone);
    expect(status).toBe(422);
    expect(body.error.fields.phone).toBeTruthy();
  });

  it("a workspace in Great Britain reads national numbers as British", async () => {
    expect((await admin.fetch("/api/console/workspace", { method: "PATCH", json: { defaultPhoneRegion: "GB" } })).status).toBe(200);
    const made = await api("/api/v1/prospects", tokenA, { method: "POST", json: { firstName: "Gwen", lastName: "Hale", phone: "020 7946 0958" } });
    const gwen = await made.json();
    expect(gwen.phone).toBe("+442079460958");
    for (const phone of ["020 7946 0958", "+44 20 7946 0958", "0044 20 7946 0958", "tel:+442079460958", "(020) 7946-0958 ext. 4"]) {
      const { status, body } = await lookup(phone);
      expect(status, phone).toBe(200);
      expect(body.matches.map((m: { prospect: { id: string } }) => m.prospect.id), phone).toEqual([gwen.id]);
    }
    // A North American number with its leading 1 still finds Rob.
    expect((await lookup("+1 555 010 2030")).body.matches[0].prospect.id).toBe(rob.id);
  });
});
