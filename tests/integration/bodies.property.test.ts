/**
 * Generated bodies against the beacon and every /api/v1 write endpoint of a real server: a 4xx
 * with nothing written, or a valid write — never a 5xx, never half a write.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, startServer, type TestServer } from "../support/server";
import { cliEnv, serverDb, type ServerDb } from "../support/server-db";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
let server: TestServer;
let token: string;
let robId: string;
let db: ServerDb;

const count = async (sql: string) => (await db.get<{ n: number }>(sql))!.n;
const visitRows = () => count("SELECT (SELECT count(*) FROM visits) + (SELECT count(*) FROM visit_events) AS n");
const prospectRows = () => count("SELECT count(*) AS n FROM prospects");

beforeAll(async () => {
  server = await startServer({ env: { COLLECT_LIMIT_PER_MINUTE: "1000000" } });
  await setUpAdmin(server.url, { addExample: true });
  token = runCli(["token:create", "--email", "ada@acme.test"], cliEnv(server)).stdout.trim().split("\n").pop()!;
  robId = (await (await fetch(`${server.url}/api/v1/prospects`, { headers: { Authorization: `Bearer ${token}` } })).json()).data[0].id;
  db = serverDb(server);
});
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

const valueArb = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));

const beaconArb = fc.oneof(
  // Structured, each field valid or not.
  fc
    .record(
      {
        slug: fc.oneof(fc.constant("rob-mason"), fc.constant("nobody-here"), valueArb),
        type: fc.oneof(fc.constantFrom("view", "heartbeat", "leave", "video_play", "video_progress", "presentation_open", "offer_code_copied", "cta_click", "explode"), valueArb),
        visibleMs: fc.oneof(fc.integer({ min: -10, max: 700_000 }), valueArb),
        data: fc.oneof(fc.record({ percent: fc.constantFrom(25, 50, 75, 100, 33) }), fc.record({ cta: fc.constantFrom("call", "email", "book", "fax") }), valueArb),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
  fc.json({ maxDepth: 3 }),
  // Truncated JSON.
  fc.tuple(fc.constant(JSON.stringify({ slug: "rob-mason", type: "cta_click", visibleMs: 0, data: { cta: "call" } })), fc.nat()).map(([s, n]) => s.slice(0, n % s.length)),
  fc.string({ maxLength: 200 }),
  fc.string({ minLength: 8_000, maxLength: 12_000 }),
);

describe("generated beacons", () => {
  it("get 2xx with a write, or 4xx with none — never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(beaconArb, async (body) => {
        const before = await visitRows();
        const res = await fetch(`${server.url}/api/collect`, { method: "POST", headers: { "User-Agent": IPHONE, "Content-Type": "text/plain" }, body });
        expect(res.status, body.slice(0, 80)).toBeLessThan(500);
        await res.arrayBuffer();
        if (res.status >= 400) expect(await visitRows(), body.slice(0, 80)).toBe(before);
        else expect([202, 204]).toContain(res.status);
      }),
      { numRuns: 600 },
    );
  });
});

const prospectBodyArb = fc.oneof(
  fc.record(
    {
      firstName: fc.oneof(fc.string({ maxLength: 120 }), valueArb),
      lastName: fc.oneof(fc.string({ maxLength: 120 }), valueArb),
      company: fc.oneof(fc.string({ maxLength: 130 }), valueArb),
      phone: fc.oneof(fc.constantFrom("+1 555 010 2030", "12", "+44 20 7946 0958"), valueArb),
      email: fc.oneof(fc.emailAddress(), valueArb),
      message: fc.oneof(fc.string({ maxLength: 2100 }), valueArb),
      followUpAt: fc.oneof(fc.constantFrom("2030-01-01", "2030-01-01T10:00:00Z", "tomorrow"), valueArb),
      slug: fc.oneof(fc.constantFrom("login", "rob-mason", "a--b", "ok-slug"), valueArb),
      blocks: fc.oneof(fc.array(fc.record({ type: fc.constantFrom("video", "presentation", "offer", "x"), url: fc.oneof(fc.webUrl(), valueArb), title: fc.oneof(fc.string({ maxLength: 10 }), valueArb) }, { requiredKeys: ["type"] }), { maxLength: 8 }), valueArb),
      extra: valueArb,
    },
    { requiredKeys: [] },
  ),
  fc.json({ maxDepth: 2 }).map((s) => JSON.parse(s) as unknown),
);

describe("generated API bodies", () => {
  it("POST /api/v1/prospects: 201, or 4xx with field errors and nothing written — never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(prospectBodyArb, async (body) => {
        const before = await prospectRows();
        const res = await fetch(`${server.url}/api/v1/prospects`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
        expect(res.status, JSON.stringify(body).slice(0, 120)).toBeLessThan(500);
        const json = await res.json();
        if (res.status === 201) expect(await prospectRows()).toBe(before + 1);
        else {
          expect([400, 422]).toContain(res.status);
          expect(await prospectRows()).toBe(before);
          if (res.status === 422) expect(Object.keys(json.error.fields).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("PATCH /api/v1/prospects/{id}: 200, or 4xx and the prospect unchanged — never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(prospectBodyArb, async (body) => {
        const before = JSON.stringify(await db.get("SELECT * FROM prospects WHERE id = ?", robId));
        const res = await fetch(`${server.url}/api/v1/prospects/${robId}`, { method: "PATCH", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
        expect(res.status, JSON.stringify(body).slice(0, 120)).toBeLessThan(500);
        await res.arrayBuffer();
        if (res.status !== 200) expect(JSON.stringify(await db.get("SELECT * FROM prospects WHERE id = ?", robId))).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});
