/**
 * A scripted alert flood against a real production server: 60 fake visitors — each with its own
 * client address (TRUST_PROXY + X-Forwarded-For) and a real phone browser's User-Agent — load
 * Rob's page and send the human beacon within seconds. All 60 visits are recorded; the rep gets
 * 10 visit alerts (the default ALERTS_MAX_PER_PROSPECT_PER_HOUR) and, once the window is over,
 * exactly one summary for the other 50; the queue lists Rob once, as a burst. The window is
 * shortened to WINDOW_SECONDS so the test does not wait an hour.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, startServer, type Client, type TestServer } from "../support/server";
import { until } from "../support/until";

const WINDOW_SECONDS = 20;
const VISITORS = 60;

/** Real phone browsers; each fake visitor gets its own build number, so no two look alike. */
const PHONES = [
  (n: number) => `Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.${n}`,
  (n: number) => `Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.${n} Mobile Safari/537.36`,
  (n: number) => `Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.6261.${n} Mobile Safari/537.36`,
  (n: number) => `Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.${n} Mobile/15E148 Safari/604.1`,
  (n: number) => `Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.${n}`,
  (n: number) => `Mozilla/5.0 (Linux; Android 13; moto g 5G) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.${n} Mobile Safari/537.36 EdgA/130.0.2849.${n}`,
];

let server: TestServer;
let admin: Client;
let token: string;
let robId: string;

type Alert = { id: string; kind: string; message: string; prospectId: string; quiet: boolean; data: Record<string, unknown> };
const api = (path: string) => fetch(server.url + path, { headers: { Authorization: `Bearer ${token}` } });
const allAlerts = async (): Promise<Alert[]> => (await (await api("/api/v1/alerts?limit=200")).json()).data;

/** One fake visitor: loads the page as a phone would, then reports the human view. */
async function fakeVisitor(n: number): Promise<{ page: number; beacon: number }> {
  const headers = { "User-Agent": PHONES[n % PHONES.length](n), "X-Forwarded-For": `198.51.100.${n + 1}` };
  const page = await fetch(server.url + "/rob-mason", { headers });
  await page.arrayBuffer();
  const beacon = await fetch(server.url + "/api/collect", {
    method: "POST",
    headers: { ...headers, "Content-Type": "text/plain" },
    body: JSON.stringify({ slug: "rob-mason", type: "view", visibleMs: 1500 }),
  });
  return { page: page.status, beacon: beacon.status };
}

beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: "true", ALERTS_RATE_WINDOW_SECONDS: String(WINDOW_SECONDS) } });
  admin = await setUpAdmin(server.url, { addExample: true });
  token = runCli(["token:create", "--email", "ada@acme.test"], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
  robId = (await (await api("/api/v1/prospects")).json()).data[0].id;
  // The first render is slow; warm the page so the flood itself takes seconds.
  await (await fetch(server.url + "/rob-mason", { headers: { "User-Agent": PHONES[0](0) } })).arrayBuffer();
});
afterAll(async () => {
  await server?.stop();
});

describe("a scripted flood of 60 fake visitors", () => {
  let floodMs = 0;

  it("every fake visitor gets the page and its beacon is accepted", async () => {
    const t0 = Date.now();
    const results: { page: number; beacon: number }[] = [];
    // Six at a time, like a small script would.
    for (let i = 0; i < VISITORS; i += 6) results.push(...(await Promise.all(Array.from({ length: 6 }, (_, k) => fakeVisitor(i + k)))));
    floodMs = Date.now() - t0;
    expect(results.every((r) => r.page === 200 && r.beacon === 202), JSON.stringify(results)).toBe(true);
    // Otherwise the rolling window would move on during the flood and this test would mean less.
    expect(floodMs).toBeLessThan(WINDOW_SECONDS * 1000 * 0.75);
  });

  it("records all 60 visits", async () => {
    const body = await (await api(`/api/v1/prospects/${robId}/visits?limit=200`)).json();
    expect(body.data.filter((v: { human: boolean }) => v.human)).toHaveLength(VISITORS);
  });

  it("alerts the rep 10 times, not 60", async () => {
    const list = await allAlerts();
    expect(list.filter((a) => a.kind === "visit.started")).toHaveLength(10);
    expect(list.filter((a) => a.kind === "visit.burst")).toHaveLength(0);
    expect(list.every((a) => a.prospectId === robId)).toBe(true);
  });

  it("lists Rob once in the queue, as a burst", async () => {
    const page = await (await admin.fetch("/")).text();
    expect(page.split(`data-prospect="${robId}"`)).toHaveLength(2);
    expect(page).toContain("Many visits in a short time (possible automated traffic)");
    expect(page).not.toContain("60 visits");
    expect(page).not.toContain("60th visit");
  });

  it("once the window is over, exactly one summary alert with the count of the rest", async () => {
    const summary = await until("the burst summary", async () => (await allAlerts()).find((a) => a.kind === "visit.burst"), (WINDOW_SECONDS + 15) * 1000, 250);
    expect(summary.message).toBe(`Rob Mason (Northwind Traders): and 50 more visits in the last ${WINDOW_SECONDS} seconds — possibly automated`);
    expect(summary).toMatchObject({ prospectId: robId, quiet: false, data: { count: 50, followUps: 0, windowSeconds: WINDOW_SECONDS } });
    // And only one: the timer and the minute sweep never both send it.
    await new Promise((r) => setTimeout(r, 1500));
    const list = await allAlerts();
    expect(list.map((a) => a.kind)).toEqual([...Array(10).fill("visit.started"), "visit.burst"]);
  }, (WINDOW_SECONDS + 30) * 1000);
});
