/**
 * Thousands of generated paths against a real server: never a 5xx, and never a prospect's page
 * for a path that does not name that prospect.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, startServer, type TestServer } from "../support/server";

let server: TestServer;
const people: { slug: string; firstName: string }[] = [];

beforeAll(async () => {
  server = await startServer({ env: { MISS_LIMIT_PER_MINUTE: "100000" } });
  await setUpAdmin(server.url, { addExample: false });
  const token = runCli(["token:create", "--email", "ada@acme.test"], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
  for (const [firstName, lastName] of [["Rob", "Mason"], ["Bob", "Mason"], ["Jon", "Smith"], ["John", "Smith"], ["Zoë", "Quinn"]]) {
    const res = await fetch(server.url + "/api/v1/prospects", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ firstName, lastName, message: `Marker-${firstName}-${lastName}` }),
    });
    const p = await res.json();
    people.push({ slug: p.slug, firstName: `${firstName}-${lastName}` });
  }
});
afterAll(async () => {
  await server?.stop();
});

/** A path as a fuzzer or a careless typist might send it, already %-encoded where needed. */
const pathArb = fc.oneof(
  fc.string({ maxLength: 120 }).map((s) => "/" + encodeURIComponent(s)),
  fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => "/" + encodeURIComponent(s)),
  fc.array(fc.constantFrom("%", "%25", "%2e", "%2F", "..", "/", "//", "%00", "%E9", "%C3%A9", "%u202E", "~", "rob", "mason", "smith", "-", "_", ".", "?", "#x", ";"), { maxLength: 20 }).map((a) => "/" + a.join("")),
  fc.tuple(fc.constantFrom("rob-mason", "jon-smith", "john-smith", "zoe-quinn", "bob-mason"), fc.constantFrom("", "/", ".", "%20", "x", "-2", "/../", "%2F..")).map(([s, x]) => `/${s}${x}`),
  fc.string({ minLength: 300, maxLength: 3000 }).map((s) => "/" + encodeURIComponent(s)),
);

describe("generated paths", () => {
  it("never get a 5xx, and only a page's own address shows that page", async () => {
    const seen: string[] = [];
    await fc.assert(
      fc.asyncProperty(pathArb, async (path) => {
        let res: Response;
        try {
          res = await fetch(server.url + path, { redirect: "manual" });
        } catch {
          return; // the client refused to send it (an invalid URL): nothing reached the server
        }
        seen.push(path);
        expect(res.status, path).toBeLessThan(500);
        const body = res.status === 200 ? await res.text() : (await res.arrayBuffer(), "");
        for (const p of people) {
          if (body.includes(`Marker-${p.firstName}`)) expect(new URL(server.url + path).pathname, `${path} showed ${p.slug}`).toBe(`/${p.slug}`);
        }
        if (res.status === 307 || res.status === 308) {
          const target = new URL(res.headers.get("location")!, server.url).pathname;
          // A redirect from a typed name goes to a real page (or a framework normalisation).
          if (res.status === 307 && res.headers.get("x-robots-tag")) expect(people.map((p) => `/${p.slug}`)).toContain(target);
        }
      }),
      { numRuns: 1500 },
    );
    expect(seen.length).toBeGreaterThan(1000);
  });
});
