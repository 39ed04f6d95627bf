/**
 * Voicemail scripts in a real Chromium: a rep starts a script from a style, sees it rendered for
 * Rob Mason of Northwind with the estimated time against the window and the hints (which change
 * as they type), saves it, and finds the suggested script on Rob's page. Any console error or
 * policy violation fails it. The script-editor screenshots in docs/ are taken here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, PHONE, watchedPage, type LaunchedBrowser, signInBrowser, shot } from "../support/browser";
import { setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;
let robId: string;



beforeAll(async () => {
  server = await startServer({ env: { PUBLIC_BASE_URL: "https://acme.com" } });
  admin = await setUpAdmin(server.url, { companyName: "Acme Logistics", name: "Dana Whitfield", email: "dana@acme.test", addExample: false });
  expect((await admin.fetch("/api/console/profile", { method: "PATCH", json: { title: "Account Executive", phone: "+1 555 010 4477" } })).status).toBe(200);
  const rob = await admin.fetch("/api/console/prospects", { method: "POST", json: { firstName: "Rob", lastName: "Mason", company: "Northwind" } });
  expect(rob.status).toBe(201);
  robId = (await rob.json()).id;
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

describe("voicemail scripts in the console", () => {
  it("writes a script from a style and sees it rendered for Rob with the time and hints", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/scripts");
    const preview = page.getByTestId("script-preview");
    // The first style shown is "their problem, not our product", rendered for Rob.
    await preview.getByText("acme dot com slash rob dash mason").waitFor();
    await expect(preview.locator("select[name=prospect] option:checked").innerText()).resolves.toBe("Rob Mason of Northwind");
    await preview.getByText("five five five, zero one zero, four four seven seven").first().waitFor();
    await expect(preview.getByTestId("script-seconds").innerText()).resolves.toMatch(/About \d+ s — within the window of 20–30 s/);

    // Choose another style: its example comes in; then make it pushy and watch the hints appear.
    await page.locator("select[name=style]").selectOption("question");
    await preview.getByText("Quick question").waitFor();
    await page.locator("input[name=name]").fill("My question");
    const body = page.locator("textarea[name=body]");
    await body.fill("Hi {{firstName}}, our product has great features. Please call me back at {{repPhoneSpoken}}.");
    await preview.locator("[data-code=pitches_product]").waitFor();
    await preview.locator("[data-code=asks_call_back]").waitFor();
    await preview.locator("[data-code=number_once]").waitFor();
    await expect(preview.getByTestId("script-seconds").innerText()).resolves.toMatch(/shorter than the window/);

    // Back to a good one, with a merge field put in from its chip.
    await body.fill("Hi {{firstName}}, it's {{repName}}, {{repPhoneSpoken}}. Quick question: how many of your team's calls got returned last week? I put what we found at ");
    await page.getByRole("button", { name: "{{pageUrl}}" }).click();
    await body.press("End");
    await body.pressSequentially(". If it's of interest, I can be reached at {{repPhoneSpoken}}.");
    await preview.getByText("No hints").waitFor();
    await shot(page, "script-editor-desktop");

    await Promise.all([page.waitForURL(/\/scripts\?saved=scr_/), page.getByRole("button", { name: "Save script" }).click()]);
    await page.getByRole("button", { name: "My question", exact: true }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("refuses an unknown merge field beside the words", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/scripts");
    await page.locator("textarea[name=body]").fill("Hi {{frstName}}");
    await page.getByText("did you mean {{firstName}}").first().waitFor();
    await page.locator("input[name=name]").fill("Typo");
    await page.getByRole("button", { name: "Save script" }).click();
    await page.getByRole("status").getByText(/need|valid|look/i).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the suggested script on Rob's page, and fits a phone", async () => {
    const { page, problems } = await watchedPage(phone);
    await page.goto(`${server.url}/prospects/${robId}`);
    await page.getByTestId("suggested-script").getByText("acme dot com slash rob dash mason").waitFor();
    await page.goto(server.url + "/scripts");
    await page.getByTestId("script-preview").getByText("acme dot com slash rob dash mason").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(page, "script-editor-phone");
    expect(problems).toEqual([]);
    await page.close();
  });
});
