/**
 * Plays in a real Chromium: a rep writes a play with merge fields in the console, sees it live "as
 * Rob Mason of Northwind" at phone and desktop size, gives it to a prospect, and Rob opens his page
 * on a phone — which records the play version he saw. Any console error or policy violation fails
 * it. The plays screenshots in docs/ are taken here.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, PHONE, watchedPage, type LaunchedBrowser, signInBrowser, shot } from "../support/browser";
import { setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;
let token: string;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;
let visitor: LaunchedBrowser;
let playId: string;
let prospectId: string;



beforeAll(async () => {
  server = await startServer();
  admin = await setUpAdmin(server.url, { companyName: "Acme Logistics", name: "Dana Whitfield", email: "dana@acme.test", addExample: false });
  const profile = await admin.fetch("/api/console/profile", { method: "PATCH", json: { title: "Account Executive", phone: "+1 555 010 4477" } });
  expect(profile.status).toBe(200);
  token = (await (await admin.fetch("/api/console/tokens", { method: "POST", json: { name: "e2e" } })).json()).token;
  desktop = await launchBrowser(DESKTOP);
  phone = await launchBrowser(PHONE);
  visitor = await launchBrowser({ ...PHONE, asHuman: true });
  await signInBrowser(desktop, admin, server.url);
  await signInBrowser(phone, admin, server.url);
});

afterAll(async () => {
  await desktop?.close();
  await phone?.close();
  await visitor?.close();
  await server?.stop();
});

const preview = (p: Page) => p.frameLocator("[data-testid=play-preview]");

describe("plays in the console", () => {
  it("writes a play with merge fields, refuses an unknown one beside its field, and previews it as Rob Mason of Northwind", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/plays");
    expect(await page.getByText("No plays yet").isVisible()).toBe(true);
    await page.getByRole("link", { name: "New play" }).click();
    await page.waitForURL((u) => u.pathname === "/plays/new");

    await page.getByLabel("Name", { exact: true }).fill("First call: 90-second demo");
    const message = page.getByLabel("Personal message");
    await message.fill("Hi ");
    // A chip puts the field where the rep is typing.
    await page.getByRole("button", { name: "{{firstName}}", exact: true }).click();
    await message.press("End");
    await message.pressSequentially(", thanks for picking up my message. I put together 90 seconds on how {{company|your team}} could cut re-delivery costs — and a first month on us.");
    expect(await message.inputValue()).toMatch(/^Hi \{\{firstName\}\}, thanks/);
    await page.getByLabel("Video link").fill("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    await page.getByLabel("Video title").fill("{{firstName}}, 90 seconds on {{company|your routes}}");
    await page.getByLabel("Offer title").fill("A first month free for {{compny}}");
    await page.getByLabel("Offer code").fill("NORTHWIND30");
    await page.getByLabel("Offer details").fill("Book a call with {{repFirstName}} this month.");
    await page.getByLabel("Promise a call in … working days").fill("3");
    await page.getByLabel(/Share with the workspace/).check();

    // The live preview fills the fields in for a sample person.
    await expect.poll(() => preview(page).getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 }).toBe("Hi Rob,");
    await expect.poll(() => preview(page).getByText(/how Northwind could cut/).count(), { timeout: 15_000 }).toBe(1);

    await page.getByRole("button", { name: "Create play" }).click();
    await expect.poll(() => page.getByText("Unknown merge field {{compny}} — did you mean {{company}}?").count()).toBe(1);
    expect(await page.getByLabel("Offer title").getAttribute("aria-invalid")).toBe("true");
    expect(new URL(page.url()).pathname).toBe("/plays/new");

    await page.getByLabel("Offer title").fill("A first month free for {{company|your team}}");
    await page.getByRole("button", { name: "Create play" }).click();
    await page.waitForURL((u) => /^\/plays\/ply_/.test(u.pathname));
    playId = new URL(page.url()).pathname.split("/")[2];
    expect(await page.getByText("The play is saved.").isVisible()).toBe(true);
    await expect.poll(() => preview(page).getByText("A first month free for Northwind").count(), { timeout: 15_000 }).toBe(1);
    expect(await preview(page).getByRole("link", { name: "Call Dana now" }).count()).toBe(1);
    expect(await preview(page).getByText(/^I'll call you on /).count()).toBe(1);
    await page.waitForTimeout(300);
    await shot(page, "play-editor-desktop");

    // Desktop size: the same page, 1280 pixels wide, shrunk to fit.
    await page.getByRole("button", { name: "Desktop" }).click();
    await expect.poll(() => preview(page).getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 }).toBe("Hi Rob,");
    expect(await page.locator("[data-testid=play-preview]").getAttribute("title")).toBe("Preview on a desktop");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the editor and the preview on a phone", async () => {
    const { page, problems } = await watchedPage(phone);
    await page.goto(`${server.url}/plays/${playId}`);
    await expect.poll(() => preview(page).getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 }).toBe("Hi Rob,");
    await page.waitForTimeout(300);
    await shot(page, "play-editor-phone");
    await page.goto(`${server.url}/plays/preview?id=${playId}`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Hi Rob,");
    expect(await page.getByText("Preview as Rob Mason of Northwind · not recorded").isVisible()).toBe(true);
    await shot(page, "play-preview-phone");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("gives the play to a prospect; Rob opens his page on a phone and the visit records the version", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/prospects/new");
    await page.getByLabel("First name").fill("Rob");
    await page.getByLabel("Last name").fill("Mason");
    await page.getByLabel("Company").fill("Northwind");
    await page.getByLabel("Play").selectOption(playId);
    await page.getByRole("button", { name: "Create page" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/prospects/pro_"));
    prospectId = new URL(page.url()).pathname.split("/")[2];
    expect(await page.getByRole("link", { name: "First call: 90-second demo" }).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();

    const rob = await watchedPage(visitor);
    await rob.page.goto(server.url + "/rob-mason");
    expect(await rob.page.getByRole("heading", { level: 1 }).textContent()).toBe("Hi Rob,");
    expect(await rob.page.getByText(/how Northwind could cut re-delivery costs/).count()).toBe(1);
    expect(await rob.page.getByText("A first month free for Northwind").count()).toBe(1);
    expect(await rob.page.getByText("Book a call with Dana this month.").count()).toBe(1);
    expect(await rob.page.getByRole("link", { name: "Call Dana now" }).getAttribute("href")).toBe("tel:+15550104477");
    expect(await rob.page.locator("body").textContent()).not.toContain("{{");
    const visits = async () => (await (await fetch(`${server.url}/api/v1/prospects/${prospectId}/visits`, { headers: { Authorization: `Bearer ${token}` } })).json()).data as { kind: string; playId: string | null; playVersion: number | null }[];
    await expect.poll(visits, { timeout: 15_000 }).toEqual([expect.objectContaining({ kind: "human", playId, playVersion: 1 })]);
    expect(rob.problems).toEqual([]);
    await rob.page.close();
  });

  it("an edit in the editor shows on Rob's page at once", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(`${server.url}/plays/${playId}`);
    await page.getByLabel("Offer title").fill("Two months free for {{company|your team}}");
    await page.getByRole("button", { name: "Save play" }).click();
    await expect.poll(() => page.getByText("version 2").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
    const html = await (await fetch(server.url + "/rob-mason")).text();
    expect(html).toContain("Two months free for Northwind");
  });

  it("lists the play with whose it is and how many pages use it", async () => {
    const api = (json: unknown) => fetch(`${server.url}/api/v1/plays`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(json) });
    await api({ name: "Renewal check-in", message: "{{firstName}}, your plan with {{companyName}} renews next month — a quick call to get the most from it?", promiseDays: 2 });
    await api({ name: "Trade-show follow-up", shared: true, message: "Good to meet you at the show, {{firstName}}. Here is the demo I mentioned." });
    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/plays");
    const row = page.getByTestId("plays").getByRole("row").filter({ hasText: "First call: 90-second demo" });
    expect(await row.getByText("Workspace").count()).toBe(1);
    expect(await row.locator("td[data-label='Pages using it']").textContent()).toBe("1");
    await shot(page, "plays-list-desktop");
    expect(problems).toEqual([]);
    await page.close();
  });
});
