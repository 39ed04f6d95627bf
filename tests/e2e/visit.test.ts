/**
 * A person on their phone opens the page: after about two seconds visible it is a visit; pressing
 * play and copying the code are recorded. An automated browser never counts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { DESKTOP, launchBrowser, PHONE } from "../support/browser";
import { ADMIN, ROOT, runCli, setUpAdmin, startServer, type TestServer } from "../support/server";

let server: TestServer;
let token: string;
let robId: string;

type Visit = { human: boolean; kind: string; visibleSeconds: number; device: string; events: { type: string }[] };
const visits = async (): Promise<Visit[]> =>
  (await (await fetch(`${server.url}/api/v1/prospects/${robId}/visits`, { headers: { Authorization: `Bearer ${token}` } })).json()).data;

beforeAll(async () => {
  server = await startServer();
  await setUpAdmin(server.url, { addExample: true });
  token = runCli(["token:create", "--email", "ada@acme.test"], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
  robId = (await (await fetch(`${server.url}/api/v1/prospects`, { headers: { Authorization: `Bearer ${token}` } })).json()).data[0].id;
});
afterAll(async () => {
  await server?.stop();
});

describe("a visit, as it happens", () => {
  it("an automated browser (navigator.webdriver) is never counted", async () => {
    const bot = await launchBrowser(PHONE);
    try {
      const page = await bot.context.newPage();
      await page.goto(`${server.url}/rob-mason`);
      await page.mouse.click(10, 10);
      await page.waitForTimeout(3000);
    } finally {
      await bot.close();
    }
    expect((await visits()).filter((v) => v.human)).toHaveLength(0);
  });

  it("a person's visit is recorded after ~2 s visible, with what they did and time on page", async () => {
    const person = await launchBrowser({ ...PHONE, asHuman: true });
    try {
      const page = await person.context.newPage();
      await page.goto(`${server.url}/rob-mason`);
      expect(await page.evaluate(() => navigator.webdriver)).toBe(false);
      // Not yet: the page has not been looked at long enough.
      expect((await visits()).filter((v) => v.human)).toHaveLength(0);
      await expect.poll(async () => (await visits()).filter((v) => v.human).length, { timeout: 8000 }).toBe(1);
      await page.getByRole("button", { name: /Play/ }).click();
      await page.getByRole("button", { name: "Copy code" }).click();
      await expect.poll(async () => (await visits()).find((v) => v.human)?.events.map((e) => e.type), { timeout: 8000 }).toEqual(["view", "video_play", "offer_code_copied"]);
      await page.close(); // pagehide sends the last visible time
    } finally {
      await person.close();
    }
    const human = (await visits()).filter((v) => v.human);
    expect(human).toHaveLength(1);
    expect(human[0].device).toBe("mobile");
    expect(human[0].visibleSeconds).toBeGreaterThanOrEqual(2);
  });

  it("the same visit with a crawler's user agent does not count", async () => {
    const crawler = await launchBrowser({ ...PHONE, asHuman: true, userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" });
    try {
      const page = await crawler.context.newPage();
      await page.goto(`${server.url}/rob-mason`);
      await page.getByRole("button", { name: /Play/ }).click();
      await page.waitForTimeout(3000);
      await page.close();
    } finally {
      await crawler.close();
    }
    expect((await visits()).filter((v) => v.human)).toHaveLength(1);
  });

  it("a signed-in rep's own view does not count", async () => {
    const rep = await launchBrowser({ ...PHONE, asHuman: true, userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36" });
    try {
      const page = await rep.context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByLabel("E-mail").fill(ADMIN.email);
      await page.getByLabel("Password").fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => u.pathname === "/");
      await page.goto(`${server.url}/rob-mason`);
      await expect.poll(async () => (await visits()).filter((v) => v.kind === "rep").length, { timeout: 8000 }).toBe(1);
    } finally {
      await rep.close();
    }
    expect((await visits()).filter((v) => v.human)).toHaveLength(1);
  });

  it("the rep sees it on the prospect's page in the console, in words", async () => {
    // A link preview too, as Slack would fetch it.
    await fetch(`${server.url}/og/rob-mason`, { headers: { "User-Agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" } });
    const rep = await launchBrowser(DESKTOP);
    try {
      const page = await rep.context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByLabel("E-mail").fill(ADMIN.email);
      await page.getByLabel("Password").fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => u.pathname === "/");
      await page.goto(`${server.url}/prospects/${robId}`);
      expect(await page.getByText("Pressed play, copied the offer code").count()).toBe(1);
      expect(await page.getByText("Link previewed in Slack").count()).toBe(1);
      expect(await page.getByText("You (or a colleague) previewed the page").count()).toBe(1);
      fs.mkdirSync(path.join(ROOT, "docs", "screenshots"), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, "docs", "screenshots", "prospect-activity-desktop.png"), fullPage: false });
    } finally {
      await rep.close();
    }
  });
});
