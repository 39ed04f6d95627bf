/**
 * The reason a rep keeps Ringback open: the console in one Chromium shows the alert and moves the
 * prospect to the top of the call-back queue — without a reload — when a person opens their page
 * in another. Takes the README's screenshots of the queue and the prospect's timeline.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, PHONE, type LaunchedBrowser } from "../support/browser";
import { ADMIN, ROOT, runCli, setUpAdmin, startServer, type TestServer } from "../support/server";

const SHOTS = path.join(ROOT, "docs", "screenshots");
let server: TestServer;
let token: string;
let robId: string;
let rep: LaunchedBrowser;

async function signInPage(b: LaunchedBrowser) {
  const page = await b.context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/");
  return page;
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  await setUpAdmin(server.url, { addExample: true });
  token = runCli(["token:create", "--email", ADMIN.email], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
  const api = (p: string, init: RequestInit = {}) => fetch(server.url + p, { ...init, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" } });
  robId = (await (await api("/api/v1/prospects")).json()).data[0].id;
  // A few more people to call, so the queue has an order to change.
  const day = 86_400_000;
  for (const [firstName, lastName, company, offset] of [
    ["Jane", "Doe", "Contoso", -day],
    ["Ken", "Adams", "Fabrikam", -2 * 3_600_000],
    ["Lena", "Park", null, 3 * day],
  ] as const) {
    await api("/api/v1/prospects", { method: "POST", body: JSON.stringify({ firstName, lastName, company, phone: "+1 555 010 2040", followUpAt: Date.now() + offset }) });
  }
  rep = await launchBrowser(DESKTOP);
});
afterAll(async () => {
  await rep?.close();
  await server?.stop();
});

describe("the rep hears about a visit at once", () => {
  it("shows the alert and moves the queue when a person opens their page in another browser", async () => {
    const consolePage = await signInPage(rep);
    await expect.poll(() => consolePage.getByTestId("alert-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("live");
    const tierOfRob = () => consolePage.locator(`[data-testid=queue-row][data-prospect="${robId}"]`).getAttribute("data-tier");
    expect(await tierOfRob()).toBe("later");
    // A marker that a reload would wipe: the queue must move by itself.
    await consolePage.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    const person = await launchBrowser({ ...PHONE, asHuman: true });
    try {
      const page = await person.context.newPage();
      await page.goto(`${server.url}/rob-mason`);
      await expect.poll(async () => consolePage.getByTestId("alert-toast").count(), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await consolePage.getByTestId("alert-toast").first().innerText()).toContain("Rob Mason (Northwind Traders) is on their page now");
      await expect.poll(tierOfRob, { timeout: 10_000 }).toBe("now");
      expect(await consolePage.locator("[data-testid=queue-row]").first().getAttribute("data-prospect")).toBe(robId);
      expect(await consolePage.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
      // What they do next is recorded (and shows in the timeline below).
      await page.getByRole("button", { name: "Copy code" }).click();
      await page.waitForTimeout(500);
      await page.close();
    } finally {
      await person.close();
    }
    await consolePage.screenshot({ path: path.join(SHOTS, "queue-desktop.png"), fullPage: true });
    // The menu lists it too.
    await consolePage.getByTestId("alert-status").click();
    expect(await consolePage.getByTestId("alert-list").innerText()).toContain("Rob Mason");
    await consolePage.keyboard.press("Escape");
  });

  it("one click logs the call: the follow-up moves and the row leaves the 'now' group", async () => {
    const page = await rep.context.newPage();
    await page.goto(server.url + "/");
    const row = page.locator(`[data-testid=queue-row][data-prospect="${robId}"]`);
    await row.getByRole("button", { name: "Left voicemail" }).click();
    await expect.poll(() => row.getAttribute("data-tier"), { timeout: 10_000 }).toBe("later");
    expect(await row.innerText()).toContain("Voicemail left");
    await page.close();
  });

  it("the open console reconnects by itself after a server restart and gets what it missed", async () => {
    const page = await rep.context.newPage();
    await page.goto(server.url + "/");
    const status = () => page.getByTestId("alert-status").getAttribute("data-status");
    await expect.poll(status, { timeout: 10_000 }).toBe("live");
    const toasts = await page.getByTestId("alert-toast").count();
    await server.stop();
    await expect.poll(status, { timeout: 10_000 }).toBe("reconnecting");
    server = await startServer({ dataDir: server.dataDir, port: server.port });
    // While the page is still reconnecting, someone visits: the page must get it on reconnect.
    const ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.9";
    await fetch(`${server.url}/api/collect`, { method: "POST", headers: { "User-Agent": ua, "Content-Type": "text/plain" }, body: JSON.stringify({ slug: "jane-doe", type: "view", visibleMs: 2000 }) });
    await expect.poll(status, { timeout: 40_000 }).toBe("live");
    await expect.poll(() => page.getByTestId("alert-toast").count(), { timeout: 10_000 }).toBeGreaterThan(toasts);
    expect(await page.getByTestId("alert-toast").first().innerText()).toContain("Jane Doe (Contoso) is on their page now");
    await page.close();
  });

  it("the prospect's timeline tells the story, on a desktop and a phone", async () => {
    const page = await rep.context.newPage();
    await page.goto(`${server.url}/prospects/${robId}`);
    await page.locator("textarea[name=note]").fill("Asked for pricing <b>next week</b>");
    await page.getByRole("button", { name: "Add note" }).click();
    await expect.poll(() => page.getByTestId("timeline").innerText(), { timeout: 10_000 }).toContain("Asked for pricing <b>next week</b>");
    const text = await page.getByTestId("timeline").innerText();
    expect(text).toContain("Left voicemail — logged by Ada Admin");
    expect(text).toContain("Copied the offer code");
    const box = await page.getByTestId("timeline").boundingBox();
    await page.screenshot({ path: path.join(SHOTS, "prospect-timeline-desktop.png"), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil((box?.y ?? 800) + (box?.height ?? 0) + 40) } });
    await page.close();

    const phone = await launchBrowser(PHONE);
    try {
      const p = await signInPage(phone);
      await p.screenshot({ path: path.join(SHOTS, "queue-phone.png"), fullPage: true });
      await p.goto(`${server.url}/prospects/${robId}`);
      // From the top to the end of the timeline (the edit form below is shown elsewhere).
      const box = await p.getByTestId("timeline").boundingBox();
      const bottom = Math.ceil((box?.y ?? 800) + (box?.height ?? 0) + 40);
      await p.screenshot({ path: path.join(SHOTS, "prospect-timeline-phone.png"), fullPage: true, clip: { x: 0, y: 0, width: 390, height: bottom } });
      await p.goto(`${server.url}/settings`);
      await p.locator("#alerts").screenshot({ path: path.join(SHOTS, "alert-settings-phone.png") });
    } finally {
      await phone.close();
    }
  });
});
