import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;
let tokenA: string;
let tokenB: string;
let tokenAdmin: string;

const tokenFor = (email: string) => runCli(["token:create", "--email", email], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
function api(path: string, token: string, init: { method?: string; json?: unknown; body?: string } = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (init.json !== undefined || init.body !== undefined) headers["Content-Type"] = "application/json";
  return fetch(server.url + path, { method: init.method ?? "GET", headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
}
const create = async (json: unknown, token = tokenA) => {
  const res = await api("/api/v1/prospects", token, { method: "POST", json });
  return { res, body: await res.json() };
};

beforeAll(async () => {
  server = await startServer();
  admin = await setUpAdmin(server.url, { addExample: false });
  for (const [email, name] of [["a@acme.test", "Rep A"], ["b@acme.test", "Rep B"]]) {
    expect(runCli(["user:create", "--email", email, "--password", "a long passphrase", "--name", name], { DATABASE_PATH: server.dbPath }).code).toBe(0);
  }
  tokenA = tokenFor("a@acme.test");
  tokenB = tokenFor("b@acme.test");
  tokenAdmin = tokenFor("ada@acme.test");
});
afterAll(async () => {
  await server?.stop();
});

describe("creating pages", () => {
  it("answers 201 with id, slug, full url and Location; phones in E.164", async () => {
    const { res, body } = await create({ firstName: "Rob", lastName: "Mason", company: "Northwind", phone: "+1 555 010 2030", email: "Rob@Northwind.example" });
    expect(res.status).toBe(201);
    expect(body.id).toMatch(/^pro_/);
    expect(body.slug).toBe("rob-mason");
    expect(body.url).toBe(`${server.url}/rob-mason`);
    expect(res.headers.get("location")).toBe(`/api/v1/prospects/${body.id}`);
    expect(body.phone).toBe("+15550102030");
    expect(body.email).toBe("rob@northwind.example");
  });

  it.each([
    ["José", "Núñez", "jose-nunez"],
    ["Søren", "Ørsted", "soren-orsted"],
    ["Catherine", "O'Neill", "catherine-oneill"],
  ])("makes a speakable slug for %s %s", async (firstName, lastName, slug) => {
    expect((await create({ firstName, lastName })).body.slug).toBe(slug);
  });

  it("a second Rob Mason gets the company word, a third a number — never anything random", async () => {
    expect((await create({ firstName: "Rob", lastName: "Mason", company: "Initech Corp" })).body.slug).toBe("rob-mason-initech");
    expect((await create({ firstName: "Rob", lastName: "Mason", company: "Initech Corp" })).body.slug).toBe("rob-mason-2");
  });

  it("an automatic slug never sounds like someone else's", async () => {
    expect((await create({ firstName: "Jon", lastName: "Smith" })).body.slug).toBe("jon-smith");
    expect((await create({ firstName: "John", lastName: "Smith", company: "Globex" })).body.slug).toBe("john-smith-globex");
  });

  it("refuses reserved and taken slugs a rep chooses", async () => {
    for (const slug of ["login", "api", "_next", "settings", "rob-mason", "Rob Mason!", "a--b"]) {
      const { res, body } = await create({ firstName: "X", slug });
      expect(res.status, slug).toBe(422);
      expect(body.error.fields.slug, slug).toBeTruthy();
    }
    expect((await create({ firstName: "X", slug: "my-own-choice" })).body.slug).toBe("my-own-choice");
  });

  it.each([
    [{ lastName: "NoFirst" }, "firstName"],
    [{ firstName: "A", email: "not-an-email" }, "email"],
    [{ firstName: "A", phone: "12" }, "phone"],
    [{ firstName: "A", followUpAt: "next tuesday" }, "followUpAt"],
    [{ firstName: "A", blocks: [{ type: "video", url: "https://example.com/page" }] }, "blocks.0.url"],
    [{ firstName: "A", blocks: [{ type: "offer", title: "" }] }, "blocks.0.title"],
    [{ firstName: "A", blocks: [{ type: "sticker" }] }, "blocks.0.type"],
    [{ firstName: "A", blocks: Array.from({ length: 7 }, () => ({ type: "offer", title: "t" })) }, "blocks"],
    [{ firstName: "A", favouriteColour: "blue" }, "_"],
  ])("422 with the field named: %j", async (json, field) => {
    const { res, body } = await create(json);
    expect(res.status).toBe(422);
    expect(body.error.code).toBe("invalid_input");
    expect(Object.keys(body.error.fields).join(" ")).toContain(field);
  });

  it("400 for a body that is not JSON", async () => {
    const res = await api("/api/v1/prospects", tokenA, { method: "POST", body: "{firstName:" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_json");
  });

  it("accepts every video provider and an offer with a code and an end date", async () => {
    const { res, body } = await create({
      firstName: "Blocks",
      lastName: "Test",
      blocks: [
        { type: "video", url: "https://youtu.be/aqz-KE-bpKQ", title: "Demo" },
        { type: "video", url: "https://vimeo.com/76979871" },
        { type: "presentation", url: "https://example.com/deck.pdf", title: "Deck" },
        { type: "offer", title: "Two months free", code: "TWO-FREE", expiresAt: "2030-01-31" },
      ],
    });
    expect(res.status).toBe(201);
    expect(body.blocks).toHaveLength(4);
    for (const url of ["https://www.loom.com/share/abcdef123456", "https://acme.wistia.com/medias/abc123xyz"]) {
      expect((await create({ firstName: "V", blocks: [{ type: "video", url }] })).res.status, url).toBe(201);
    }
  });

  it("50 parallel creations of the same person get 50 distinct speakable slugs and no 5xx", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => create({ firstName: "Pat", lastName: "Parallel", company: "Umbrella" })));
    expect(results.map((r) => r.res.status)).toEqual(Array(50).fill(201));
    const slugs = results.map((r) => r.body.slug as string);
    expect(new Set(slugs).size).toBe(50);
    for (const s of slugs) expect(s).toMatch(/^pat-parallel(-umbrella|-\d+)?$/);
  });
});

describe("reading, changing and deleting", () => {
  it("lists only a rep's own prospects; an admin sees everyone's; pages walk every row once, newest first", async () => {
    const mine: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(`/api/v1/prospects?limit=7${cursor ? `&cursor=${cursor}` : ""}`, tokenA);
      expect(res.status).toBe(200);
      const page = await res.json();
      expect(page.data.length).toBeLessThanOrEqual(7);
      mine.push(...page.data.map((p: { id: string }) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(mine).size).toBe(mine.length);
    const all = (await (await api("/api/v1/prospects?limit=200", tokenA)).json()).data as { id: string; createdAt: string }[];
    expect(mine).toEqual(all.map((p) => p.id));
    const times = all.map((p) => Date.parse(p.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await (await api("/api/v1/prospects", tokenB)).json()).data).toEqual([]);
    expect((await (await api("/api/v1/prospects?limit=200", tokenAdmin)).json()).data.length).toBe(all.length);
    expect((await api("/api/v1/prospects?limit=0", tokenA)).status).toBe(422);
    expect((await api("/api/v1/prospects?cursor=bm9wZQ", tokenA)).status).toBe(422);
  });

  it("another rep gets 404 (not 403) for GET, PATCH, DELETE and visits", async () => {
    const { body } = await create({ firstName: "Private", lastName: "Person" });
    for (const [method, path] of [["GET", ""], ["PATCH", ""], ["DELETE", ""], ["GET", "/visits"]] as const) {
      const res = await api(`/api/v1/prospects/${body.id}${path}`, tokenB, { method, json: method === "PATCH" ? { message: "mine now" } : undefined });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await (await api(`/api/v1/prospects/${body.id}`, tokenA)).json()).message).toBeNull();
  });

  it("PATCH changes what is given; a bad PATCH changes nothing", async () => {
    const { body } = await create({ firstName: "Edit", lastName: "Me", message: "first" });
    const ok = await api(`/api/v1/prospects/${body.id}`, tokenA, { method: "PATCH", json: { message: "second", company: "Acme" } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ message: "second", company: "Acme", firstName: "Edit" });
    const bad = await api(`/api/v1/prospects/${body.id}`, tokenA, { method: "PATCH", json: { message: "third", email: "nope" } });
    expect(bad.status).toBe(422);
    expect((await (await api(`/api/v1/prospects/${body.id}`, tokenA)).json()).message).toBe("second");
  });

  it("renaming keeps the old address, which nobody else can take", async () => {
    const { body } = await create({ firstName: "Renamed", lastName: "Person" });
    expect(body.slug).toBe("renamed-person");
    const res = await api(`/api/v1/prospects/${body.id}`, tokenA, { method: "PATCH", json: { slug: "renamed-person-new" } });
    expect((await res.json()).slug).toBe("renamed-person-new");
    expect((await create({ firstName: "Other", slug: "renamed-person" })).res.status).toBe(422);
    const old = await fetch(server.url + "/renamed-person", { redirect: "manual" });
    expect(old.status).toBe(307);
    expect(new URL(old.headers.get("location")!, server.url).pathname).toBe("/renamed-person-new");
  });

  it("DELETE removes the page and its address", async () => {
    const { body } = await create({ firstName: "Gone", lastName: "Soon" });
    expect((await fetch(server.url + "/gone-soon")).status).toBe(200);
    expect((await api(`/api/v1/prospects/${body.id}`, tokenA, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/api/v1/prospects/${body.id}`, tokenA)).status).toBe(404);
    expect((await fetch(server.url + "/gone-soon")).status).toBe(404);
  });
});

describe("the console's prospect endpoints", () => {
  it("report field errors under the form's input names, and 404 for another rep's page", async () => {
    const rep = await signIn(server.url, "a@acme.test", "a long passphrase");
    const bad = await rep.fetch("/api/console/prospects", { method: "POST", json: { firstName: "", videoUrl: "https://example.com/x", offerCode: "has spaces", phone: "12" } });
    expect(bad.status).toBe(422);
    const fields = (await bad.json()).error.fields;
    // A code without a title: the title is what is missing.
    expect(Object.keys(fields).sort()).toEqual(["firstName", "offerCode", "offerTitle", "phone", "videoUrl"]);
    const ok = await rep.fetch("/api/console/prospects", { method: "POST", json: { firstName: "Form", lastName: "Made", videoUrl: "https://vimeo.com/76979871", offerTitle: "Deal", offerCode: "DEAL1" } });
    expect(ok.status).toBe(201);
    const { id } = await ok.json();
    const other = await signIn(server.url, "b@acme.test", "a long passphrase");
    expect((await other.fetch(`/api/console/prospects/${id}`, { method: "PATCH", json: { firstName: "Hijack" } })).status).toBe(404);
    expect((await other.fetch(`/api/console/prospects/${id}`, { method: "DELETE" })).status).toBe(404);
    expect((await admin.fetch(`/prospects/${id}`)).status).toBe(200);
  });
});
