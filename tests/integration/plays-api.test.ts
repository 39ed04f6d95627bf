/**
 * Plays over HTTP against the real server: the API's CRUD, pagination and visibility, merge fields
 * refused at save time, playId on prospects, and what a prospect's cached page does when its play
 * changes, is archived, or is visited.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, signIn, startServer, type TestServer } from "../support/server";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

let server: TestServer;
let tokenA: string;
let tokenB: string;
let tokenAdmin: string;

const tokenFor = (email: string) => runCli(["token:create", "--email", email], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
async function api(path: string, token: string, init: { method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (init.json !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(server.url + path, { method: init.method ?? "GET", headers, body: init.json !== undefined ? JSON.stringify(init.json) : undefined });
  const text = await res.text();
  return { res, status: res.status, body: text ? JSON.parse(text) : null };
}
const newPlay = (json: unknown, token = tokenA) => api("/api/v1/plays", token, { method: "POST", json });
const newProspect = (json: unknown, token = tokenA) => api("/api/v1/prospects", token, { method: "POST", json });
const page = (slug: string) => fetch(`${server.url}/${slug}`, { headers: { "User-Agent": IPHONE } });

beforeAll(async () => {
  server = await startServer({ env: { COLLECT_LIMIT_PER_MINUTE: "1000" } });
  await setUpAdmin(server.url, { addExample: false });
  for (const [email, name] of [["a@acme.test", "Sam Rivera"], ["b@acme.test", "Bea Rep"]]) {
    expect(runCli(["user:create", "--email", email, "--password", "a long passphrase", "--name", name], { DATABASE_PATH: server.dbPath }).code).toBe(0);
  }
  tokenA = tokenFor("a@acme.test");
  tokenB = tokenFor("b@acme.test");
  tokenAdmin = tokenFor("ada@acme.test");
});
afterAll(async () => {
  await server?.stop();
});

describe("the plays API", () => {
  it("creates (201 with the object and Location), reads, and versions every change of content", async () => {
    const { res, status, body } = await newPlay({ name: "First call", message: "Hi {{firstName}}, for {{company|your team}}.", blocks: [{ type: "offer", title: "For {{company|you}}", code: "WELCOME" }], ctas: { call: true, email: true, book: false }, promiseDays: 3 });
    expect(status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/v1/plays/${body.id}`);
    expect(body).toMatchObject({ id: expect.stringMatching(/^ply_/), name: "First call", shared: false, archived: false, version: 1, ctas: { call: true, email: true, book: false }, promiseDays: 3, pages: 0 });
    expect((await api(`/api/v1/plays/${body.id}`, tokenA)).body).toEqual(body);

    const renamed = await api(`/api/v1/plays/${body.id}`, tokenA, { method: "PATCH", json: { name: "First call, v2" } });
    expect(renamed.body).toMatchObject({ name: "First call, v2", version: 1 });
    const changed = await api(`/api/v1/plays/${body.id}`, tokenA, { method: "PATCH", json: { message: "Hello {{firstName}}" } });
    expect(changed.body).toMatchObject({ message: "Hello {{firstName}}", version: 2, blocks: body.blocks });
  });

  it("refuses an unknown merge field with a 422 that names it, and suggests the field meant", async () => {
    const { status, body } = await newPlay({ name: "Typo", message: "Hi {{frstName}}", blocks: [{ type: "video", url: "https://youtu.be/dQw4w9WgXcQ", title: "For {{compny}}" }] });
    expect(status).toBe(422);
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.fields.message).toBe("Unknown merge field {{frstName}} — did you mean {{firstName}}?");
    expect(body.error.fields["blocks.0.title"]).toBe("Unknown merge field {{compny}} — did you mean {{company}}?");
    const ok = (await newPlay({ name: "Fine" })).body.id;
    const patch = await api(`/api/v1/plays/${ok}`, tokenA, { method: "PATCH", json: { message: "{{nickname}}" } });
    expect(patch.status).toBe(422);
    expect(patch.body.error.fields.message).toMatch(/^Unknown merge field \{\{nickname\}\}/);
  });

  it("pages the list with ?cursor=&limit=, newest first, and filters archived plays", async () => {
    for (let i = 0; i < 4; i++) await newPlay({ name: `Paged ${i}` }, tokenB);
    const first = await api("/api/v1/plays?limit=3", tokenB);
    expect(first.body.data).toHaveLength(3);
    expect(first.body.data[0].name).toBe("Paged 3");
    const second = await api(`/api/v1/plays?limit=3&cursor=${first.body.nextCursor}`, tokenB);
    expect(second.body.data.map((p: { name: string }) => p.name)).toEqual(["Paged 0"]);
    expect(second.body.nextCursor).toBeNull();
    expect((await api("/api/v1/plays?cursor=bogus", tokenB)).status).toBe(422);
    expect((await api("/api/v1/plays?limit=0", tokenB)).status).toBe(422);
    await api(`/api/v1/plays/${first.body.data[0].id}`, tokenB, { method: "PATCH", json: { archived: true } });
    const active = (await api("/api/v1/plays", tokenB)).body.data.map((p: { name: string }) => p.name);
    expect(active).not.toContain("Paged 3");
    expect((await api("/api/v1/plays?archived=true", tokenB)).body.data.map((p: { name: string }) => p.name)).toEqual(["Paged 3"]);
    expect((await api("/api/v1/plays?archived=all", tokenB)).body.data).toHaveLength(4);
  });

  it("a rep sees the workspace's plays and their own; another rep's is a 404; only an admin shares", async () => {
    const mine = (await newPlay({ name: "A's own" })).body;
    for (const [method, json] of [["GET", undefined], ["PATCH", { name: "taken" }], ["DELETE", undefined]] as const) {
      const r = await api(`/api/v1/plays/${mine.id}`, tokenB, { method, json });
      expect(r.status, method).toBe(404);
      expect(r.body.error.code).toBe("not_found");
    }
    const shared = await newPlay({ name: "Workspace play", shared: true, message: "From {{companyName}}" }, tokenAdmin);
    expect(shared.status).toBe(201);
    expect((await api(`/api/v1/plays/${shared.body.id}`, tokenB)).status).toBe(200);
    expect((await api("/api/v1/plays?limit=200", tokenB)).body.data.map((p: { id: string }) => p.id)).toContain(shared.body.id);
    expect((await api("/api/v1/plays?limit=200", tokenB)).body.data.map((p: { id: string }) => p.id)).not.toContain(mine.id);

    // Sharing is an admin's: a rep is told 403, naming the field.
    const byRep = await newPlay({ name: "Sneaky", shared: true }, tokenB);
    expect(byRep.status).toBe(403);
    expect(byRep.body.error).toMatchObject({ code: "forbidden", fields: { shared: "Only an admin can share a play with the workspace." } });
    expect((await api(`/api/v1/plays/${mine.id}`, tokenA, { method: "PATCH", json: { shared: true } })).status).toBe(403);
    expect((await api(`/api/v1/plays/${shared.body.id}`, tokenB, { method: "PATCH", json: { message: "mine now" } })).status).toBe(403);
    expect((await api(`/api/v1/plays/${mine.id}`, tokenAdmin)).status).toBe(200);
  });

  it("deletes a play nothing uses; one a page follows is 409 (archive it instead)", async () => {
    const unused = (await newPlay({ name: "Unused" })).body.id;
    expect((await api(`/api/v1/plays/${unused}`, tokenA, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/api/v1/plays/${unused}`, tokenA)).status).toBe(404);
    const used = (await newPlay({ name: "Used" })).body.id;
    await newProspect({ firstName: "Ursula", lastName: "Used", playId: used });
    const refused = await api(`/api/v1/plays/${used}`, tokenA, { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("play_in_use");
    expect((await api(`/api/v1/plays/${used}`, tokenA)).body.pages).toBe(1);
  });

  it("rejects bodies that are not a play", async () => {
    expect((await newPlay({})).body.error.fields.name).toBe("Give the play a name.");
    expect((await newPlay({ name: "x", extra: 1 })).status).toBe(422);
    expect((await newPlay({ name: "x", promiseDays: 0 })).body.error.fields.promiseDays).toMatch(/working days/);
    expect((await newPlay({ name: "x", blocks: [{ type: "video", url: "javascript:alert(1)" }] })).status).toBe(422);
  });
});

describe("prospects on a play", () => {
  it("takes playId on create and patch, and shows it in get and list", async () => {
    const play = (await newPlay({ name: "For prospects" })).body.id;
    const created = await newProspect({ firstName: "Petra", lastName: "Play", playId: play });
    expect(created.status).toBe(201);
    expect(created.body.playId).toBe(play);
    expect((await api(`/api/v1/prospects/${created.body.id}`, tokenA)).body.playId).toBe(play);
    const list = (await api("/api/v1/prospects?limit=200", tokenA)).body.data as { id: string; playId: string | null }[];
    expect(list.find((p) => p.id === created.body.id)?.playId).toBe(play);
    const cleared = await api(`/api/v1/prospects/${created.body.id}`, tokenA, { method: "PATCH", json: { playId: null } });
    expect(cleared.body.playId).toBeNull();
    const again = await api(`/api/v1/prospects/${created.body.id}`, tokenA, { method: "PATCH", json: { playId: play, ctas: { call: false, email: true, book: false } } });
    expect(again.body).toMatchObject({ playId: play, ctas: { call: false, email: true, book: false } });
  });

  it("refuses a play the rep may not see, or an archived one, with 422 on playId", async () => {
    const bPrivate = (await newPlay({ name: "B's private" }, tokenB)).body.id;
    const refused = await newProspect({ firstName: "Nope", lastName: "Hidden", playId: bPrivate });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields.playId).toBe("No play with this id.");
    expect((await newProspect({ firstName: "Nope", lastName: "Junk", playId: "not-an-id" })).body.error.fields.playId).toMatch(/play id/);
    const old = (await newPlay({ name: "Old" })).body.id;
    await api(`/api/v1/plays/${old}`, tokenA, { method: "PATCH", json: { archived: true } });
    expect((await newProspect({ firstName: "Nope", lastName: "Archived", playId: old })).body.error.fields.playId).toMatch(/archived/);
  });
});

describe("the prospect's page", () => {
  it("shows the play filled in for the person; editing the play changes the cached page at once", async () => {
    const play = (await newPlay({ name: "Live", message: "Hi {{firstName}}, a minute for {{company|your team}}?", blocks: [{ type: "offer", title: "A month free for {{company|you}}" }], ctas: { call: false, email: true, book: false } })).body;
    const rob = (await newProspect({ firstName: "Rob", lastName: "Mason", company: "Northwind", playId: play.id })).body;
    const first = await page(rob.slug);
    const html = await first.text();
    expect(html).toContain("Hi Rob, a minute for Northwind?");
    expect(html).toContain("A month free for Northwind");
    expect(html).not.toContain("{{");
    expect(html).toMatch(/E-mail (<!-- -->)?Sam/);
    expect(html).not.toContain('data-rb-cta="call"');
    expect((await page(rob.slug)).headers.get("x-ringback-cache")).toBe("hit");

    await api(`/api/v1/plays/${play.id}`, tokenA, { method: "PATCH", json: { message: "Rob? {{firstName}} from {{company}}, this changed." } });
    const after = await page(rob.slug);
    expect(after.headers.get("x-ringback-cache")).toBe("miss");
    expect(await after.text()).toContain("Rob? Rob from Northwind, this changed.");
  });

  it("the page's policy allows the players of the play's own videos (and no others)", async () => {
    const play = (await newPlay({ name: "With a video", blocks: [{ type: "video", url: "https://youtu.be/dQw4w9WgXcQ", title: "For {{firstName}}" }] })).body.id;
    const p = (await newProspect({ firstName: "Victor", lastName: "Video", playId: play })).body;
    const res = await page(p.slug);
    expect(await res.text()).toContain("For Victor");
    expect(res.headers.get("content-security-policy")).toMatch(/frame-src https:\/\/www\.youtube-nocookie\.com(;|$)/);
    const none = (await newProspect({ firstName: "Norma", lastName: "Novideo" })).body;
    expect((await page(none.slug)).headers.get("content-security-policy")).toMatch(/frame-src 'none'/);
  });

  it("a prospect's own message overrides the play; the fallback covers an empty company", async () => {
    const play = (await newPlay({ name: "Fallbacks", message: "Something for {{company|your team}}." })).body.id;
    const noCompany = (await newProspect({ firstName: "Nadia", lastName: "Nocompany", playId: play })).body;
    expect(await (await page(noCompany.slug)).text()).toContain("Something for your team.");
    const own = (await newProspect({ firstName: "Olga", lastName: "Own", playId: play, message: "Olga, written just for you." })).body;
    const html = await (await page(own.slug)).text();
    expect(html).toContain("Olga, written just for you.");
    expect(html).not.toContain("Something for");
  });

  it("the console form chooses a page's own buttons, or gives them back to the play", async () => {
    const sam = await signIn(server.url, "a@acme.test", "a long passphrase");
    const play = (await newPlay({ name: "Buttons", message: "Hi {{firstName}}" })).body;
    const form = { firstName: "Cleo", lastName: "Buttons", playId: play.id, message: "", videoUrl: "", presentationUrl: "", offerTitle: "" };
    const made = await sam.fetch("/api/console/prospects", { method: "POST", json: { ...form, ctaMode: "own", ctaCall: true, ctaEmail: false, ctaBook: true } });
    expect(made.status, await made.clone().text()).toBe(201);
    const { id, slug } = (await made.json()) as { id: string; slug: string };
    expect((await api(`/api/v1/prospects/${id}`, tokenA)).body.ctas).toEqual({ call: true, email: false, book: true });
    expect(await (await page(slug)).text()).not.toContain('data-rb-cta="email"');
    const back = await sam.fetch(`/api/console/prospects/${id}`, { method: "PATCH", json: { ...form, ctaMode: "play", ctaCall: true, ctaEmail: false, ctaBook: true } });
    expect(back.status, await back.clone().text()).toBe(200);
    expect((await api(`/api/v1/prospects/${id}`, tokenA)).body.ctas).toBeNull();
    expect(await (await page(slug)).text()).toContain('data-rb-cta="email"');
  });

  it("keeps hostile names as text", async () => {
    const play = (await newPlay({ name: "Hostile", message: "Hi {{firstName}} of {{company}}" })).body.id;
    const evil = (await newProspect({ firstName: "<script>alert(1)</script>", lastName: "Evil", company: '"><img src=x onerror=alert(2)>', playId: play, slug: "hostile-name" })).body;
    const res = await page(evil.slug);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("Hi &lt;script&gt;alert(1)&lt;/script&gt; of &quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
  });

  it("archiving a play keeps its pages working", async () => {
    const play = (await newPlay({ name: "Archived but used", message: "Still here, {{firstName}}." })).body.id;
    const p = (await newProspect({ firstName: "Arch", lastName: "Ived", playId: play })).body;
    expect((await api(`/api/v1/plays/${play}`, tokenA, { method: "PATCH", json: { archived: true } })).body.archived).toBe(true);
    const res = await page(p.slug);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Still here, Arch.");
    // It may stay on its play (other fields change freely).
    expect((await api(`/api/v1/prospects/${p.id}`, tokenA, { method: "PATCH", json: { playId: play, company: "Archco" } })).status).toBe(200);
  });

  it("a visit records the play and the version the page showed", async () => {
    const play = (await newPlay({ name: "Measured", message: "Version one for {{firstName}}" })).body.id;
    const p = (await newProspect({ firstName: "Vera", lastName: "Visit", playId: play })).body;
    const html = await (await page(p.slug)).text();
    // The page carries what it rendered: its beacon reports it.
    expect(html).toContain(play);
    const beacon = (body: unknown) =>
      fetch(server.url + "/api/collect", { method: "POST", headers: { "User-Agent": IPHONE, "Content-Type": "text/plain" }, body: JSON.stringify(body) });
    expect((await beacon({ slug: p.slug, type: "view", visibleMs: 2000, play: { id: play, version: 1 } })).status).toBe(202);
    await api(`/api/v1/plays/${play}`, tokenA, { method: "PATCH", json: { message: "Version two for {{firstName}}" } });
    expect(await (await page(p.slug)).text()).toContain("Version two for Vera");
    const visits = (await api(`/api/v1/prospects/${p.id}/visits`, tokenA)).body.data as { playId: string | null; playVersion: number | null }[];
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ playId: play, playVersion: 1 });
  });

  it("a beacon naming a play version that does not exist records none", async () => {
    const plain = (await newProspect({ firstName: "Fabian", lastName: "Forged" })).body;
    const res = await fetch(server.url + "/api/collect", { method: "POST", headers: { "User-Agent": IPHONE, "Content-Type": "text/plain" }, body: JSON.stringify({ slug: plain.slug, type: "view", visibleMs: 2000, play: { id: "ply_doesNotExist00000", version: 7 } }) });
    expect(res.status).toBe(202);
    const visits = (await api(`/api/v1/prospects/${plain.id}/visits`, tokenA)).body.data as { playId: string | null; playVersion: number | null }[];
    expect(visits[0]).toMatchObject({ playId: null, playVersion: null });
    const bad = await fetch(server.url + "/api/collect", { method: "POST", headers: { "User-Agent": IPHONE, "Content-Type": "text/plain" }, body: JSON.stringify({ slug: plain.slug, type: "view", play: { id: "<x>", version: 1 } }) });
    expect(bad.status).toBe(422);
  });
});
