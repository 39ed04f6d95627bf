/**
 * The team report over HTTP: admins only; per rep and per script for a period (days inclusive, in
 * the admin's zone), from a history seeded straight into the database, with its CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";
import { cliEnv, withServerDb } from "../support/server-db";

let server: TestServer;
let admin: Client;
let rep: Client;
const DAY = 86_400_000;
const NOW = Date.now();
/** Day N before today, at noon UTC (the admin's zone is UTC here). */
const daysAgo = (n: number) => Date.UTC(new Date(NOW).getUTCFullYear(), new Date(NOW).getUTCMonth(), new Date(NOW).getUTCDate() - n, 12);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

beforeAll(async () => {
  server = await startServer();
  admin = await setUpAdmin(server.url, { addExample: false, name: "Ada Admin" });
  expect(runCli(["user:create", "--email", "sam@acme.test", "--password", "a long passphrase", "--name", "Sam Rep"], cliEnv(server)).code).toBe(0);
  rep = await signIn(server.url, "sam@acme.test", "a long passphrase");
  await withServerDb(server, async (db) => {
    const users = Object.fromEntries((await db.all<{ id: string; name: string }>("select id, name from users")).map((u) => [u.name, u.id]));
    const prospect = (...p: unknown[]) => db.run("insert into prospects (id, owner_id, slug, first_name, last_name, blocks, updated_at) values (?, ?, ?, 'P', ?, '[]', 0)", ...p);
    const vm = (...p: unknown[]) => db.run("insert into voicemails (id, prospect_id, user_id, left_at, script_id, text, outcome) values (?, ?, ?, ?, ?, 'x', 'left')", ...p);
    const visit = (...p: unknown[]) => db.run("insert into visits (id, prospect_id, kind, started_at, last_seen_at) values (?, ?, ?, ?, ?)", ...p);
    const outcome = (...p: unknown[]) => db.run("insert into outcomes (id, prospect_id, user_id, kind, at) values (?, ?, ?, ?, ?)", ...p);
    // One transaction, as before: the server sees all of the history or none of it.
    await db.run("BEGIN");
    try {
      // Sam: 10 messages with the question script 5 days ago; 4 visited (1 hour later), 2 of them called back.
      for (let i = 0; i < 10; i++) {
        await prospect(`pro_s${i}`, users["Sam Rep"], `s-${i}`, `S${i}`);
        await vm(`vm_s${i}`, `pro_s${i}`, users["Sam Rep"], daysAgo(5), "scr_example_question");
        if (i < 4) await visit(`vis_s${i}`, `pro_s${i}`, "human", daysAgo(5) + 3_600_000, daysAgo(5) + 3_660_000);
        if (i < 2) await outcome(`out_s${i}`, `pro_s${i}`, users["Sam Rep"], "called_back", daysAgo(5) + 7_200_000);
      }
      // Ada: 5 with the carrot script 3 days ago; 1 visited, plus a link preview that never counts; a meeting.
      for (let i = 0; i < 5; i++) {
        await prospect(`pro_a${i}`, users["Ada Admin"], `a-${i}`, `A${i}`);
        await vm(`vm_a${i}`, `pro_a${i}`, users["Ada Admin"], daysAgo(3), "scr_example_dangle_carrot");
        await visit(`vis_ap${i}`, `pro_a${i}`, "preview", daysAgo(3) + 60_000, daysAgo(3) + 60_000);
      }
      await visit("vis_a0", "pro_a0", "human", daysAgo(3) + 30 * 60_000, daysAgo(3) + 31 * 60_000);
      await outcome("out_a0", "pro_a0", users["Ada Admin"], "meeting", daysAgo(2));
      // Outside a week-long period: 3 of Sam's, 20 days ago.
      for (let i = 0; i < 3; i++) {
        await prospect(`pro_o${i}`, users["Sam Rep"], `o-${i}`, `O${i}`);
        await vm(`vm_o${i}`, `pro_o${i}`, users["Sam Rep"], daysAgo(20), "scr_example_question");
      }
      await db.run("COMMIT");
    } catch (e) {
      await db.run("ROLLBACK");
      throw e;
    }
  });
});
afterAll(async () => {
  await server?.stop();
});

describe("the team report", () => {
  it("is for admins", async () => {
    expect((await rep.fetch("/reports")).status).toBe(307);
    expect((await rep.fetch("/api/console/reports/export")).status).toBe(403);
  });

  it("shows the period's funnel per rep and per script, with intervals", async () => {
    const html = await (await admin.fetch(`/reports?from=${isoDay(daysAgo(7))}&to=${isoDay(daysAgo(0))}`)).text();
    expect(html).toContain("15</strong> messages");
    expect(html).toContain("Sam Rep");
    expect(html).toContain("Example: A thought-provoking question");
  });

  it("exports per rep as CSV: rates as fractions with their 95% interval", async () => {
    const res = await admin.fetch(`/api/console/reports/export?from=${isoDay(daysAgo(7))}&to=${isoDay(daysAgo(0))}&by=rep`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const [header, ...rows] = (await res.text()).replace(/^\uFEFF/, "").trim().split("\r\n").map((l) => l.split(","));
    expect(header.slice(0, 6)).toEqual(["Rep", "From", "To", "Messages", "Visits", "Visit rate"]);
    const sam = rows.find((r) => r[0] === "Sam Rep")!;
    const ada = rows.find((r) => r[0] === "Ada Admin")!;
    // Sam: 10 messages (the 3 older ones are outside the period), 4 visits, 2 returned calls, median 60 minutes.
    expect([sam[3], sam[4], sam[5], sam[8], sam[9], sam[14]]).toEqual(["10", "4", "0.4000", "2", "0.2000", "60"]);
    expect(Number(sam[6])).toBeLessThan(0.4);
    expect(Number(sam[7])).toBeGreaterThan(0.4);
    // Ada: a preview is not a visit; 1 of 5 visited (after 30 minutes), 1 meeting.
    expect([ada[3], ada[4], ada[5], ada[12], ada[14]]).toEqual(["5", "1", "0.2000", "1", "30"]);
  });

  it("per script, and a longer period takes in the older messages", async () => {
    const res = await admin.fetch(`/api/console/reports/export?from=${isoDay(daysAgo(30))}&to=${isoDay(daysAgo(0))}&by=script`);
    const rows = (await res.text()).replace(/^\uFEFF/, "").trim().split("\r\n").slice(1).map((l) => l.split(","));
    expect(rows.map((r) => [r[0], r[3]])).toEqual([
      ["Example: A thought-provoking question", "13"],
      ["Example: Dangle the carrot", "5"],
    ]);
  });

  it("refuses a period that ends before it starts, saying where", async () => {
    const res = await admin.fetch(`/api/console/reports/export?from=${isoDay(daysAgo(1))}&to=${isoDay(daysAgo(5))}`);
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields).toEqual({ to: "The end must not be before the start." });
  });
});
