/**
 * "Who's calling?" in a real Chromium: a rep logs the voicemail left for Rob, Rob opens his page and
 * watches some of the demo, then calls back — the rep pastes his number as a phone shows it into the
 * top bar's search and sees who it is, the exact words left and what he did since, and logs "They
 * called back" in one click. The message log finds it by company. Any console error or policy
 * violation fails it. The who-is-calling and message-log screenshots in docs/ are taken here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, PHONE, watchedPage, type LaunchedBrowser, signInBrowser, shot } from "../support/browser";
import { setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const WORDS = "Hi Rob, it's Dana at Acme Logistics. I recorded a two-minute demo for Northwind at acme dot com slash rob dash mason.";
let server: TestServer;
let admin: Client;
let token: string;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;
let rob: { id: string; slug: string };



beforeAll(async () => {
  server = await startServer({ env: { PUBLIC_BASE_URL: "https://acme.com" } });
  admin = await setUpAdmin(server.url, { companyName: "Acme Logistics", name: "Dana Whitfield", email: "dana@acme.test", addExample: false });
  token = (await (await admin.fetch("/api/console/tokens", { method: "POST", json: { name: "e2e" } })).json()).token;
  const api = (p: string, json: unknown) => fetch(server.url + p, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(json) });
  rob = await (await api("/api/v1/prospects", { firstName: "Rob", lastName: "Mason", company: "Northwind", phone: "+1 555 010 2030", blocks: [{ type: "video", url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", title: "Demo" }] })).json();
  const nora = await (await api("/api/v1/prospects", { firstName: "Nora", lastName: "Quinn", company: "Globex", phone: "+1 555 010 7788" })).json();
  expect((await api(`/api/v1/prospects/${nora.id}/voicemails`, { text: "Hi Nora, Dana at Acme — following up on the Globex pilot at acme dot com slash nora dash quinn.", leftAt: new Date(Date.now() - 26 * 3_600_000).toISOString(), seconds: 24 })).status).toBe(201);
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

describe("Who's calling?", () => {
  it("logs the voicemail left for Rob from his page, with the exact words", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(`${server.url}/prospects/${rob.id}`);
    const form = page.locator("form.vm-form");
    // Prefilled with the suggested script as said to Rob (lib/voicemail/), which speaks his page's address.
    await expect(form.locator("textarea[name=text]").inputValue()).resolves.toContain("acme dot com slash rob dash mason");
    await form.locator("textarea[name=text]").fill(WORDS);
    await form.locator("input[name=seconds]").fill("27");
    await Promise.all([page.waitForEvent("load"), form.getByRole("button", { name: "Log voicemail" }).click()]);
    await page.getByTestId("timeline").getByText(WORDS).waitFor();
    expect(await page.getByTestId("timeline").innerText()).toContain("Left voicemail — logged by Dana Whitfield");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("pasting (555) 010-2030 into the top bar shows Rob, the words left and what he did since; one click logs the returned call", async () => {
    // Rob opens his page on his phone and watches part of the demo.
    const beacon = (body: unknown) => fetch(server.url + "/api/collect", { method: "POST", headers: { "User-Agent": IPHONE, "Content-Type": "text/plain" }, body: JSON.stringify(body) });
    expect((await beacon({ slug: rob.slug, type: "view", visibleMs: 2000 })).status).toBe(202);
    expect((await beacon({ slug: rob.slug, type: "video_progress", visibleMs: 40_000, data: { percent: 50 } })).status).toBe(202);

    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/");
    const search = page.getByTestId("who-is-calling");
    // "/" focuses the search once the page's scripts are live (a press before that does nothing).
    await expect
      .poll(
        async () => {
          await page.keyboard.press("/");
          return search.evaluate((el) => el === document.activeElement);
        },
        { timeout: 20_000, interval: 300 },
      )
      .toBe(true);
    await search.fill("(555) 010-2030");
    const results = page.getByTestId("who-results");
    await results.getByText("Rob Mason").waitFor();
    expect(await results.getByTestId("who-words").innerText()).toBe(WORDS);
    const text = await results.innerText();
    expect(text).toContain("Northwind");
    expect(text).toContain("+1 555 010 2030");
    expect(text).toMatch(/Since then: opened the page once/);
    expect(text).toMatch(/watched 50% of the video/i);
    await shot(page, "who-is-calling-desktop");
    await results.getByRole("button", { name: "They called back" }).click();
    await results.getByText("Logged: they called back.").waitFor();

    await page.goto(`${server.url}/prospects/${rob.id}`);
    expect(await page.getByTestId("timeline").innerText()).toContain("They called back — logged by Dana Whitfield");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("works on a phone, by name too", async () => {
    const { page, problems } = await watchedPage(phone);
    await page.goto(server.url + "/");
    await page.getByTestId("who-is-calling").fill("555.010.2030");
    await page.getByTestId("who-results").getByTestId("who-words").waitFor();
    expect(await page.getByTestId("who-results").getByTestId("who-words").innerText()).toBe(WORDS);
    await shot(page, "who-is-calling-phone");
    await page.getByTestId("who-is-calling").fill("nor");
    await page.getByTestId("who-results").getByText("Nora Quinn").waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe("the message log", () => {
  it("lists every voicemail with its words and finds one by company", async () => {
    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/");
    await Promise.all([page.waitForURL(/\/voicemails/), page.getByRole("link", { name: "Message log" }).click()]);
    const log = page.getByTestId("message-log");
    expect(await log.innerText()).toContain(WORDS);
    expect(await log.innerText()).toContain("Nora Quinn");
    await page.getByRole("searchbox", { name: "Search" }).fill("Northwind");
    await Promise.all([page.waitForURL(/q=Northwind/), page.getByRole("button", { name: "Search", exact: true }).click()]);
    expect(await page.getByTestId("message-log").innerText()).toContain(WORDS);
    expect(await page.getByTestId("message-log").innerText()).not.toContain("Nora Quinn");
    await page.goto(server.url + "/voicemails");
    await shot(page, "message-log-desktop");
    expect(problems).toEqual([]);
    await page.close();
  });
});
