/**
 * Voicemail campaigns in a real Chromium: a rep plans a campaign with the step editor (a voicemail
 * following "Dangle the carrot", an e-mail, another voicemail, a last call), enrols the people
 * nobody has called yet, finds the first touch in call mode with its script suggested, leaves the
 * voicemail with one key, and sees it counted on the campaign's page. Any console error or policy
 * violation fails it. The campaign screenshots in docs/ (desktop and phone) are taken here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, PHONE, shot, signInBrowser, watchedPage, type LaunchedBrowser } from "../support/browser";
import { setUpAdmin, startServer, type Client, type TestServer } from "../support/server";
import { withServerDb } from "../support/server-db";

let server: TestServer;
let admin: Client;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;
let campaignUrl = "";

/**
 * Day 1 of a campaign is the first working day from enrolment: on a Saturday or Sunday that is
 * Monday, so nothing would be due while this test runs. Then (only then) the first touches are
 * brought to now, as Monday morning would.
 */
async function bringFirstTouchesToNow(server: TestServer) {
  const day = new Date().getUTCDay();
  if (day !== 0 && day !== 6) return;
  await withServerDb(server, (db) => db.run("UPDATE campaign_enrolments SET next_due_at = ? WHERE status = 'active' AND step_index = 0", Date.now() - 60_000));
}

beforeAll(async () => {
  server = await startServer({ env: { PUBLIC_BASE_URL: "https://acme.com" } });
  admin = await setUpAdmin(server.url, { companyName: "Acme Logistics", name: "Dana Whitfield", email: "dana@acme.test", addExample: false });
  expect((await admin.fetch("/api/console/profile", { method: "PATCH", json: { title: "Account Executive", phone: "+1 555 010 4477" } })).status).toBe(200);
  for (const [firstName, lastName, company, email] of [
    ["Rob", "Mason", "Northwind", "rob@northwind.test"],
    ["Priya", "Natarajan", "Globex", "priya@globex.test"],
    ["Marcus", "Lee", "Initech", null],
  ] as const) {
    const res = await admin.fetch("/api/console/prospects", { method: "POST", json: { firstName, lastName, company, phone: `+1 555 010 ${2030 + firstName.length}`, ...(email ? { email } : {}) } });
    expect(res.status).toBe(201);
  }
  desktop = await launchBrowser(DESKTOP);
  phone = await launchBrowser(PHONE);
  await signInBrowser(desktop, admin, server.url);
  await signInBrowser(phone, admin, server.url);
});

afterAll(async () => {
  await desktop?.close();
  await phone?.close();
  await server?.stop();
});

describe("a voicemail campaign in the console", () => {
  it("plans a campaign with the step editor", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/campaigns");
    await page.getByTestId("campaign-name").fill("Four touches, two weeks");
    const rows = page.getByTestId("step-row");
    await expect(rows.count()).resolves.toBe(4);
    await rows.nth(0).getByTestId("step-script").selectOption({ label: "Example: Dangle the carrot" });
    await rows.nth(2).getByTestId("step-script").selectOption({ label: "Example: Their problem, not our product" });
    // A mistake first: the last touch on the same day as the one before is refused beside its field.
    await rows.nth(3).getByTestId("step-day").fill("6");
    await page.getByTestId("campaign-save").click();
    await rows.nth(3).getByText("Day 6 must come after step 3's day 6.").waitFor();
    await rows.nth(3).getByTestId("step-day").fill("10");
    await page.getByTestId("campaign-save").click();
    await page.waitForURL(/\/campaigns\/cmp_[A-Za-z0-9]+\?created=1$/);
    campaignUrl = page.url().replace(/\?.*$/, "");
    await page.getByText("The campaign is saved.").waitFor();
    await page.getByText("4 touches over 10 working days: voicemail, e-mail, voicemail, call").waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("enrols everyone not called yet", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(campaignUrl);
    await page.getByTestId("enrol-list").selectOption("fresh");
    await page.getByTestId("enrol-filter").click();
    await expect(page.getByTestId("enrol-status").innerText()).resolves.toBe("Enrolled 3 people.");
    await page.waitForLoadState("load");
    await expect.poll(() => page.getByTestId("campaign-person").count(), { timeout: 10_000 }).toBe(3);
    await bringFirstTouchesToNow(server);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("finds the first touch in call mode with its script suggested, and makes it with one key", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/call?list=touches");
    const card = page.getByTestId("call-card");
    await card.waitFor();
    const first = (await card.getAttribute("data-prospect"))!;
    await expect(page.getByTestId("call-touch").innerText()).resolves.toContain("Touch 1 of 4 — voicemail: “Example: Dangle the carrot”");
    await expect(page.getByTestId("call-script-select").locator("option:checked").innerText()).resolves.toMatch(/^Example: Dangle the carrot/);
    await shot(page, "campaign-call", false);
    await page.keyboard.press("v");
    await expect.poll(() => card.getAttribute("data-prospect")).not.toBe(first);
    await page.getByTestId("call-done").getByText("left voicemail").waitFor();
    // The queue shows the touches still due today.
    await page.goto(server.url + "/");
    await expect.poll(() => page.getByTestId("queue-touch").count()).toBe(2);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the campaign's page: counts, the touch made, each person's next touch (desktop and phone)", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(campaignUrl);
    await expect(page.locator("[data-count=enrolled] dd").innerText()).resolves.toBe("3");
    await expect(page.locator("[data-count=active] dd").innerText()).resolves.toBe("3");
    const firstStep = page.getByTestId("campaign-steps").locator("tbody tr").first();
    await expect(firstStep.locator("td").nth(2).innerText()).resolves.toBe("1");
    await expect(firstStep.locator("td").nth(4).innerText()).resolves.toMatch(/^1 → 0/);
    await page.getByTestId("campaign-people").getByText("Touch 2 of 4 — e-mail: “A short idea for ‹company›”").waitFor();
    await shot(page, "campaign-desktop");
    // A person's own page says where they stand.
    await page.getByTestId("campaign-people").getByRole("link", { name: "Rob Mason" }).click();
    await page.getByTestId("prospect-campaigns").getByRole("link", { name: "Four touches, two weeks" }).waitFor();
    expect(problems).toEqual([]);
    await page.close();

    const small = await watchedPage(phone);
    await small.page.goto(campaignUrl);
    await small.page.getByTestId("campaign-people").waitFor();
    await shot(small.page, "campaign-phone");
    expect(small.problems).toEqual([]);
    await small.page.close();
  });
});
