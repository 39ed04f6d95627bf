import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;
let token: string;

const HOSTILE = {
  firstName: `<script>alert("x")</script>`,
  lastName: `"'><img src=x onerror=alert(1)>`,
  company: "\u202Egnp.exe Evil\u202C & Co",
  message: `</p><script>document.title="pwned"</script><a href="javascript:alert(1)">click</a>`,
  email: "evil@example.com",
};

function assertInert(html: string) {
  expect(html).not.toMatch(/<script>alert\("x"\)<\/script>/);
  expect(html).not.toMatch(/<img src=x onerror/i);
  expect(html).not.toMatch(/<script>document\.title/);
  expect(html).not.toMatch(/<a href="javascript:/i);
}

beforeAll(async () => {
  server = await startServer();
  admin = await setUpAdmin(server.url, { addExample: false });
  token = runCli(["token:create", "--email", "ada@acme.test"], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
});
afterAll(async () => {
  await server?.stop();
});

describe("hostile text", () => {
  let slug = "";
  let id = "";

  it("is stored and returned by the API exactly as given", async () => {
    const res = await fetch(server.url + "/api/v1/prospects", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(HOSTILE),
    });
    expect(res.status).toBe(201);
    const p = await res.json();
    expect(p.firstName).toBe(HOSTILE.firstName);
    expect(p.company).toBe(HOSTILE.company);
    expect(p.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    slug = p.slug;
    id = p.id;
  });

  it("renders inert on the prospect's page", async () => {
    const res = await fetch(`${server.url}/${slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    assertInert(html);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });

  it("renders inert wherever else a rep can type: profile, workspace, blocks", async () => {
    expect((await admin.fetch("/api/console/profile", { method: "PATCH", json: { name: HOSTILE.firstName, title: HOSTILE.lastName } })).status).toBe(200);
    expect((await admin.fetch("/api/console/workspace", { method: "PATCH", json: { companyName: `${HOSTILE.lastName} Inc` } })).status).toBe(200);
    const res = await fetch(`${server.url}/api/v1/prospects/${id}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        blocks: [
          { type: "video", url: "https://vimeo.com/76979871", title: HOSTILE.firstName },
          { type: "presentation", url: "https://example.com/deck.pdf", title: HOSTILE.lastName },
          { type: "offer", title: HOSTILE.message.slice(0, 100), text: HOSTILE.message },
        ],
      }),
    });
    expect(res.status).toBe(200);
    for (const path of [`/${slug}`, "/", "/settings", "/prospects", `/prospects/${id}`, "/team"]) {
      const page = path === `/${slug}` ? await fetch(server.url + path) : await admin.fetch(path);
      expect(page.status, path).toBe(200);
      assertInert(await page.text());
    }
    // A miss shows the workspace's name too.
    const miss = await fetch(`${server.url}/nobody-like-this`);
    expect(miss.status).toBe(404);
    assertInert(await miss.text());
  });

  it("renders inert in the console", async () => {
    for (const path of ["/", "/prospects", `/prospects/${id}`]) {
      const res = await admin.fetch(path);
      expect(res.status).toBe(200);
      assertInert(await res.text());
    }
  });

  it("renders inert in alerts, the call-back queue and the timeline once they visit", async () => {
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    const beacon = await fetch(`${server.url}/api/collect`, { method: "POST", headers: { "User-Agent": iphone, "Content-Type": "text/plain" }, body: JSON.stringify({ slug, type: "view", visibleMs: 2000 }) });
    expect(beacon.status).toBe(202);
    const note = await admin.fetch(`/api/console/prospects/${id}/outcomes`, { method: "POST", json: { kind: "note", note: HOSTILE.message } });
    expect(note.status).toBe(201);
    const alerts = (await (await fetch(`${server.url}/api/v1/alerts`, { headers: { Authorization: `Bearer ${token}` } })).json()).data;
    expect(alerts[0].message.startsWith(`${HOSTILE.firstName} ${HOSTILE.lastName}`)).toBe(true);
    for (const path of ["/", `/prospects/${id}`, "/settings", "/call", "/call?list=all", "/voicemails"]) {
      const html = await (await admin.fetch(path)).text();
      assertInert(html);
      if (path === "/") expect(html).toContain('data-tier="now"');
    }
  });

  it("refuses a 5,000-character name with a field error and stores nothing", async () => {
    const before = (await (await fetch(server.url + "/api/v1/prospects", { headers: { Authorization: `Bearer ${token}` } })).json()).data.length;
    const res = await fetch(server.url + "/api/v1/prospects", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ firstName: "A".repeat(5000), lastName: "B" }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields.firstName).toMatch(/at most 100/);
    const after = (await (await fetch(server.url + "/api/v1/prospects", { headers: { Authorization: `Bearer ${token}` } })).json()).data.length;
    expect(after).toBe(before);
  });

  it("a name with no Latin letters still gets a speakable address and renders", async () => {
    const res = await fetch(server.url + "/api/v1/prospects", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ firstName: "李", lastName: "伟", company: "Shenzhen Widgets" }),
    });
    expect(res.status).toBe(201);
    const p = await res.json();
    expect(p.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const page = await fetch(`${server.url}/${p.slug}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("李");
  });
});
