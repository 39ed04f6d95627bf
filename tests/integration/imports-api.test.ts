/**
 * POST /api/v1/imports and the exports on a real server: messy real-world files, 413/422, dry
 * runs, duplicates, the export → import round trip, and all-or-nothing under a SIGKILL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spokenPageUrl } from "../../lib/voicemail/spoken";
import { runCli, setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";
import { cliEnv, withServerDb } from "../support/server-db";

let server: TestServer;
let token: string;
let repToken: string;
let admin: Client;
const started: TestServer[] = [];

beforeAll(async () => {
  server = await startServer({ env: { IMPORT_MAX_MB: "1", IMPORT_MAX_ROWS: "5000" } });
  started.push(server);
  admin = await setUpAdmin(server.url, { addExample: false });
  const env = cliEnv(server);
  expect(runCli(["user:create", "--email", "rep@acme.test", "--password", "a long passphrase", "--name", "Rae Rep"], env).code).toBe(0);
  token = runCli(["token:create", "--email", "ada@acme.test"], env).stdout.trim().split("\n").pop()!;
  repToken = runCli(["token:create", "--email", "rep@acme.test"], env).stdout.trim().split("\n").pop()!;
});
afterAll(async () => {
  for (const s of started) await s.stop();
});

function post(body: BodyInit, query = "", opts: { type?: string; auth?: string; base?: string } = {}) {
  return fetch(`${opts.base ?? server.url}/api/v1/imports${query}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${opts.auth ?? token}`, "Content-Type": opts.type ?? "text/csv" },
    body,
  });
}

const cp1252 = (s: string) => Uint8Array.from([...s].map((ch) => ({ é: 0xe9, ñ: 0xf1, ö: 0xf6, "’": 0x92 })[ch] ?? ch.charCodeAt(0)));

describe("messy files", () => {
  it("a semicolon file from Excel in Windows-1252, with quotes, line breaks, blank lines and Excel phones", async () => {
    const csv = [
      "First Name;Last Name;Company Name;Email Address;Mobile Phone;Notes;;",
      'José;Muñoz;"Northwind; Inc.";jose@northwind.test;(555) 010-2030;"met at the fair\nwants a demo";;',
      "",
      "Zoë;O’Brien;Contoso;zoe@contoso.test;'+44 20 7946 0958;;;",
      "Björn;Öst;Fabrikam;not-an-email;5.55E+09;;;",
      ";;;;;;;",
      "Rob;Mason;Tailspin;rob@tailspin.test;+1 555 010 4040;;;",
    ].join("\r\n");
    const res = await post(cp1252(csv.replace("Zoë", "Zoe")), "", { type: "text/csv; charset=windows-1252" });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ encoding: "windows-1252", delimiter: ";", rows: 4, created: 3, updated: 0, skipped: 0 });
    expect(body.mapping).toEqual({ firstName: "First Name", lastName: "Last Name", company: "Company Name", email: "Email Address", phone: "Mobile Phone", note: "Notes" });
    // Row numbers as a spreadsheet shows them: the quoted line break does not count, the blank line does.
    expect(body.errors).toEqual([
      { row: 5, field: "phone", column: "Mobile Phone", message: expect.stringContaining("scientific notation") },
      { row: 5, field: "email", column: "Email Address", message: "Enter a valid e-mail address." },
    ]);
    expect(body.prospects.map((p: { row: number; slug: string }) => [p.row, p.slug])).toEqual([[2, "jose-munoz"], [4, "zoe-obrien"], [7, "rob-mason"]]);
    expect(body.prospects[0].url).toBe(`${server.url}/jose-munoz`);
    const page = await fetch(`${server.url}/jose-munoz`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("José");
  });

  it("UTF-8 with a BOM, tabs, names in any script; the same file again creates nothing", async () => {
    const csv = "\uFEFFFirst Name\tLast Name\tEmail\nАлексей\tСмирнов\talexey@example.test\n李\t小龍\tli@example.test\n";
    const first = await (await post(csv)).json();
    expect(first).toMatchObject({ encoding: "utf-8-bom", delimiter: "\t", created: 2 });
    expect(first.prospects.map((p: { slug: string }) => p.slug)).toEqual(["aleksey-smirnov", "li-xiao-long"]);
    const again = await post(csv);
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ created: 0, updated: 0, skipped: 2 });
  });

  it("a dry run answers 200, row by row, and writes nothing", async () => {
    const csv = "Name,Email\nDana Lee,dana@example.test\n,nobody@example.test\n";
    const res = await post(csv, "?dryRun=true");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ dryRun: true, created: 1, errors: [{ row: 3, field: "firstName", column: "Name" }] });
    expect(body.outcomes.map((o: { action: string }) => o.action)).toEqual(["create", "error"]);
    expect((await fetch(`${server.url}/dana-lee`)).status).toBe(404);
  });

  it("map.<field>=<header> overrides the automatic mapping; unknown fields and headers are 422", async () => {
    const csv = "Given,Family,Firm\nPat,Quinn,Umbrella\n";
    const res = await post(csv, "?dryRun=true&map.firstName=Given&map.lastName=Family&map.company=Firm");
    expect(res.status).toBe(200);
    expect((await res.json()).prospects[0].slug).toBe("pat-quinn");
    const noName = await post(csv, "?dryRun=true");
    expect(noName.status).toBe(422);
    expect((await noName.json()).error).toMatchObject({ code: "no_name_column", fields: { "map.firstName": expect.any(String) } });
    expect((await post(csv, "?map.colour=Firm")).status).toBe(422);
    expect((await post(csv, "?map.firstName=Nope")).status).toBe(422);
    expect((await post(csv, "?onDuplicate=merge")).status).toBe(422);
  });
});

describe("refusals", () => {
  it("422 for what is not a CSV, with a message", async () => {
    for (const [body, type] of [
      [JSON.stringify({ firstName: "Rob" }), "application/json"],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), "text/csv"],
      [new Uint8Array([0, 1, 2, 3, 0, 0, 7]), "application/octet-stream"],
      ["", "text/csv"],
      ['[{"firstName":"Rob"}]', "text/csv"],
    ] as const) {
      const res = await post(body, "", { type });
      expect(res.status, String(type)).toBe(422);
      const json = await res.json();
      expect(json.error.message.length).toBeGreaterThan(10);
    }
  });

  it("413 over IMPORT_MAX_MB and over IMPORT_MAX_ROWS, before anything is written", async () => {
    const big = "First Name\n" + "Someone\n".repeat(150_000);
    const res = await post(big);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("too_large");
    const many = "First Name,Email\n" + Array.from({ length: 5001 }, (_, i) => `N${i},n${i}@rows.test`).join("\n");
    const rows = await post(many);
    expect(rows.status).toBe(413);
    expect((await rows.json()).error.code).toBe("too_many_rows");
  });

  it("401 without a token; a rep cannot import for someone else", async () => {
    const res = await fetch(`${server.url}/api/v1/imports`, { method: "POST", headers: { "Content-Type": "text/csv" }, body: "First Name\nX\n" });
    expect(res.status).toBe(401);
    const me = await (await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).json();
    expect((await post("First Name\nX\n", `?ownerId=${me.id}`, { auth: repToken })).status).toBe(403);
  });

  it("playId: every row of the list follows the play; a play the list's owner may not use is a 422", async () => {
    const api = (path: string, body: unknown, auth = token) => fetch(server.url + path, { method: "POST", headers: { Authorization: `Bearer ${auth}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const play = (await (await api("/api/v1/plays", { name: "Call list play", message: "Hi {{firstName}} — saw {{company|your team}} at the fair." })).json()) as { id: string };
    const res = await post("First Name,Last Name,Company\nPia,Playful,Globex\nPaul,Played,\n", `?playId=${play.id}`);
    expect(res.status).toBe(201);
    const answer = (await res.json()) as { created: number; prospects: { id: string; slug: string }[] };
    expect(answer.created).toBe(2);
    for (const p of answer.prospects) {
      const got = (await (await fetch(`${server.url}/api/v1/prospects/${p.id}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { playId: string };
      expect(got.playId).toBe(play.id);
    }
    // The page shows the play, merged for each person (and its fallback where the company is empty).
    const pages = await Promise.all(answer.prospects.map(async (p) => (await fetch(`${server.url}/${p.slug}`)).text()));
    expect(pages.some((html) => html.includes("Hi Pia — saw Globex at the fair."))).toBe(true);
    expect(pages.some((html) => html.includes("Hi Paul — saw your team at the fair."))).toBe(true);
    // The admin's private play is not a rep's to use; nor is one that does not exist.
    for (const id of [play.id, "ply_doesNotExist"]) {
      const refused = await post("First Name\nNobody\n", `?dryRun=true&playId=${id}`, { auth: repToken });
      expect(refused.status, id).toBe(422);
      expect((await refused.json()).error.fields).toHaveProperty("playId");
    }
  });
});

describe("export", () => {
  it("exports the list with URL and the words to say; re-importing it creates nothing new", async () => {
    const res = await fetch(`${server.url}/api/v1/exports/prospects`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const csv = await res.text();
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("First Name,Last Name,Company,Email,Phone,URL,Say,Created");
    // The address as said, digits spelled, port left out: "one two seven dot zero dot zero dot one slash rob dash mason".
    expect(csv).toContain(`${server.url}/rob-mason,${spokenPageUrl(server.url, "rob-mason")},`);
    expect(spokenPageUrl(server.url, "rob-mason")).toBe("one two seven dot zero dot zero dot one slash rob dash mason");
    expect(csv).toContain("'+1 555 010 4040"); // a leading + would be a formula in a spreadsheet
    const back = await post(csv);
    expect(back.status).toBe(201);
    const body = await back.json();
    expect(body).toMatchObject({ created: 0, errors: [] });
    expect(body.skipped).toBe(lines.filter(Boolean).length - 1);
    expect(body.ignoredColumns).toEqual(["Say", "Created"]);
    // A rep's export holds only their own prospects.
    const repCsv = await (await fetch(`${server.url}/api/v1/exports/prospects`, { headers: { Authorization: `Bearer ${repToken}` } })).text();
    expect(repCsv.replace(/^\uFEFF/, "").trim()).toBe("First Name,Last Name,Company,Email,Phone,URL,Say,Created");
    // The console's download is the same file, for a signed-in rep.
    const dl = await admin.fetch("/api/console/exports/prospects");
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-disposition")).toMatch(/attachment; filename="prospects-\d{4}-\d\d-\d\d\.csv"/);
  });
});

describe("all or nothing", () => {
  it("a server killed while writing an import leaves none of its rows", async () => {
    const dataDir = (await import("../support/server")).tempDir();
    const s = await startServer({ dataDir });
    started.push(s);
    await setUpAdmin(s.url, { addExample: true });
    const client = await signIn(s.url, "ada@acme.test", "correct horse battery");
    const count = () => withServerDb(s, async (db) => (await db.get<{ n: number }>("SELECT count(*) AS n FROM prospects"))!.n);
    const before = await count();
    const N = 20_000;
    const csv = "First Name,Last Name,Email\n" + Array.from({ length: N }, (_, i) => `Kill${i.toString(36)},Test${i % 97},k${i}@kill.test`).join("\n");
    const res = await client.fetch("/api/console/imports", { method: "POST", headers: { "Content-Type": "text/csv" }, body: csv });
    expect(res.status).toBe(200);
    // Read the progress stream until the server says it is writing, then kill it at once.
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes('"phase":"writing"')) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain('"phase":"writing"');
    s.process.kill("SIGKILL");
    await new Promise<void>((r) => (s.process.exitCode !== null || s.process.signalCode !== null ? r() : s.process.once("exit", () => r())));
    const after = await count();
    expect([before, before + N]).toContain(after);
    console.log(`killed while writing: ${after === before ? "none" : "all"} of the ${N} rows were there after the restart`);
    // It starts again on the same database, and the file can simply be imported again.
    const again = await startServer({ dataDir, port: s.port });
    started.push(again);
    const c2 = await signIn(again.url, "ada@acme.test", "correct horse battery");
    const t2 = runCli(["token:create", "--email", "ada@acme.test"], cliEnv(again)).stdout.trim().split("\n").pop()!;
    const redo = await post(csv, "", { auth: t2, base: again.url });
    expect(redo.status).toBe(201);
    const body = await redo.json();
    expect(body.created + body.skipped).toBe(N);
    expect(await count()).toBe(before + N);
    void c2;
  }, 180_000);
});
