/**
 * An experiment end to end in a real Chromium (issue 12's "done when"): an admin starts one on two
 * scripts from the console, a few hundred messages with their visits and returned calls are seeded
 * into the database, the results page shows the numbers, the verdict and the charts, and stopping it
 * adopts the winner. Screenshots (desktop and phone) for the README. Any console error or policy
 * violation fails it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedExperimentHistory } from "../support/experiment-seed";
import { DESKTOP, launchBrowser, PHONE, shot, signInBrowser, watchedPage, type LaunchedBrowser } from "../support/browser";
import { setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;
let experimentId = "";
let counts: Awaited<ReturnType<typeof seedExperimentHistory>>;

beforeAll(async () => {
  server = await startServer({ env: { PUBLIC_BASE_URL: "https://acme.com" } });
  admin = await setUpAdmin(server.url, { companyName: "Acme Logistics", name: "Dana Whitfield", email: "dana@acme.test", addExample: false });
  desktop = await launchBrowser(DESKTOP);
  phone = await launchBrowser(PHONE);
  await signInBrowser(desktop, admin, server.url);
  await signInBrowser(phone, admin, server.url);
}, 120_000);

afterAll(async () => {
  await desktop?.close();
  await phone?.close();
  await server?.stop();
});

describe("an experiment on the voicemail funnel", () => {
  it("starts one from the console on two scripts", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/experiments/new");
    await page.waitForFunction(() => document.readyState === "complete");
    await page.waitForTimeout(300);
    await page.getByLabel("Name", { exact: true }).fill("Opening line: question or carrot?");
    await page.getByTestId("arm-0").selectOption("scr_example_question");
    await page.getByTestId("arm-1").selectOption("scr_example_dangle_carrot");
    await page.getByLabel("Judged on").selectOption("visit");
    await Promise.all([page.waitForURL(/\/experiments\/exp_/), page.getByRole("button", { name: "Start the experiment" }).click()]);
    experimentId = page.url().split("/").pop()!;
    await expect(page.getByTestId("verdict").innerText()).resolves.toMatch(/needs 30 more messages/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the results of a few hundred messages: counts, intervals, chance to be best, the verdict and the charts", async () => {
    const me = await (await admin.fetch("/api/console/profile")).json();
    counts = await seedExperimentHistory(server, {
      userId: me.user.id,
      experimentId,
      start: Date.now() - 35 * 86_400_000,
      days: 28,
      arms: [
        { scriptId: "scr_example_question", messages: 180, visitRate: 0.22, callbackRate: 0.08, meetingRate: 0.03 },
        { scriptId: "scr_example_dangle_carrot", messages: 175, visitRate: 0.38, callbackRate: 0.14, meetingRate: 0.05 },
      ],
    });
    for (const [browser, name] of [
      [desktop, "experiment-desktop"],
      [phone, "experiment-phone"],
    ] as const) {
      const { page, problems } = await watchedPage(browser);
      await page.goto(`${server.url}/experiments/${experimentId}`);
      const rows = page.getByTestId("arms").locator("tbody tr");
      await expect(rows.count()).resolves.toBe(2);
      const cells = async (i: number) => Promise.all([1, 2, 3, 4].map(async (k) => Number(await rows.nth(i).locator("td").nth(k).innerText())));
      expect(await cells(0)).toEqual([counts[0].messages, counts[0].visits, counts[0].callbacks, counts[0].meetings]);
      expect(await cells(1)).toEqual([counts[1].messages, counts[1].visits, counts[1].callbacks, counts[1].meetings]);
      expect(await rows.nth(1).innerText()).toContain("Winner");
      await expect(page.getByTestId("verdict").innerText()).resolves.toMatch(/ahead with 95% certainty/);
      await expect(page.getByTestId("explainer").innerText()).resolves.toMatch(/within 7 days/);
      expect(await page.locator("svg.exp-chart").count()).toBe(3);
      expect(await page.locator("svg.exp-chart polyline").count()).toBe(2);
      await shot(page, name);
      expect(problems).toEqual([]);
      await page.close();
    }
  }, 60_000);

  it("the team report shows the same history per rep and per script (desktop and phone)", async () => {
    const from = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const total = counts[0].messages + counts[1].messages;
    for (const [browser, name] of [
      [desktop, "team-report-desktop"],
      [phone, "team-report-phone"],
    ] as const) {
      const { page, problems } = await watchedPage(browser);
      await page.goto(`${server.url}/reports?from=${from}`);
      await expect(page.getByTestId("report-total").innerText()).resolves.toContain(`${total} messages`);
      await expect(page.getByTestId("report-reps").innerText()).resolves.toContain("Dana Whitfield");
      const scripts = await page.getByTestId("report-scripts").innerText();
      expect(scripts).toContain("Example: Dangle the carrot");
      expect(scripts).toContain("Example: A thought-provoking question");
      await shot(page, name);
      expect(problems).toEqual([]);
      await page.close();
    }
  }, 60_000);

  it("stops it and adopts the winner as the default script", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(`${server.url}/experiments/${experimentId}`);
    await page.waitForFunction(() => document.readyState === "complete");
    await page.waitForTimeout(300);
    page.once("dialog", (d) => void d.accept());
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Stop and adopt the winner" }).click()]);
    await expect(page.getByTestId("verdict").innerText()).resolves.toBe("Stopped. “Example: Dangle the carrot” won and is now the workspace's default script.");
    await page.goto(server.url + "/experiments");
    await expect(page.getByTestId("experiments").innerText()).resolves.toContain("Stopped");
    expect(problems).toEqual([]);
    await page.close();
  });
});
