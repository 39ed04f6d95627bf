/**
 * A rep's first day, in a real Chromium: setup, the example page, sign-out, a wrong password,
 * sign-in, a prospect page, a token, a new rep. The screenshots in docs/ are taken here, so they
 * always show the product as it is.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, PHONE, type LaunchedBrowser, shot } from "../support/browser";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;
let page: Page;


beforeAll(async () => {
  server = await startServer();
  desktop = await launchBrowser(DESKTOP);
  phone = await launchBrowser(PHONE);
  page = await desktop.context.newPage();
});

afterAll(async () => {
  await desktop?.close();
  await phone?.close();
  await server?.stop();
});

describe("a rep's first day", () => {
  it("opens on setup, refuses a weak password beside the field, then creates the admin", async () => {
    const phonePage = await phone.context.newPage();
    await phonePage.goto(server.url + "/");
    await expect.poll(() => new URL(phonePage.url()).pathname).toBe("/setup");
    await shot(phonePage, "setup-phone");
    await phonePage.close();

    await page.goto(server.url + "/");
    expect(new URL(page.url()).pathname).toBe("/setup");
    await shot(page, "setup-desktop");
    await page.getByLabel("Company name").fill("Acme Logistics");
    await page.getByLabel("Your name").fill("Dana Whitfield");
    await page.getByLabel("Your title").fill("Account Executive");
    await page.getByLabel("Work e-mail").fill("dana@acme.test");
    await page.getByLabel("Phone prospects call back").fill("+1 555 010 4477");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create admin account" }).click();
    await expect.poll(() => page.getByText(/Use at least 10 characters/).count()).toBe(1);
    expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    // Nothing typed is lost.
    expect(await page.getByLabel("Company name").inputValue()).toBe("Acme Logistics");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create admin account" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    expect(await page.getByText("Welcome to Ringback").isVisible()).toBe(true);
    // The example prospect is in the call-back queue, its follow-up coming up.
    expect(await page.locator("[data-testid=queue-row][data-tier=later]").getByRole("link", { name: "Rob Mason" }).count()).toBe(1);
    await shot(page, "console-desktop");
  });

  it("shows the example page as Rob would see it", async () => {
    const robs = await phone.context.newPage();
    await robs.goto(server.url + "/rob-mason");
    expect(await robs.getByRole("heading", { level: 1 }).textContent()).toBe("Hi Rob,");
    expect(await robs.getByRole("link", { name: "Call Dana now" }).getAttribute("href")).toBe("tel:+15550104477");
    expect(await robs.getByRole("link", { name: "E-mail Dana" }).getAttribute("href")).toMatch(/^mailto:dana@acme\.test\?subject=/);
    // The video player is not loaded until play is pressed.
    expect(await robs.locator("iframe").count()).toBe(0);
    await shot(robs, "prospect-page-phone");
    await robs.getByRole("button", { name: /Play/ }).click();
    expect(await robs.locator("iframe").count()).toBe(1);
    await robs.close();
    const wide = await desktop.context.newPage();
    await wide.goto(server.url + "/rob-mason");
    await shot(wide, "prospect-page-desktop");
    await wide.close();
  });

  it("signs out, shows a wrong password's error, and signs back in where the rep was going", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((u) => u.pathname === "/login");
    expect(await page.getByText("You are signed out.").isVisible()).toBe(true);
    await shot(page, "login-desktop");
    const phonePage = await phone.context.newPage();
    await phonePage.goto(server.url + "/login");
    await shot(phonePage, "login-phone");
    await phonePage.close();

    await page.goto(server.url + "/settings");
    await page.waitForURL((u) => u.pathname === "/login");
    await page.getByLabel("E-mail").fill("dana@acme.test");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("do not match");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/settings");
  });

  it("creates an API token, shown once", async () => {
    await page.getByLabel("Token name").fill("HubSpot");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByTestId("new-token").textContent();
    expect(token).toMatch(/^rbk_/);
    const me = await fetch(server.url + "/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    await shot(page, "settings-desktop");
    await page.reload();
    expect(await page.getByTestId("new-token").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Revoke HubSpot" }).count()).toBe(1);
  });

  it("makes a prospect page from the console", async () => {
    await page.goto(server.url + "/prospects/new");
    await page.getByLabel("First name").fill("Søren");
    await page.getByLabel("Last name").fill("Ørsted");
    await page.getByLabel("Company (optional)").fill("Vestas");
    await page.getByLabel("Video link").fill("https://example.com/not-a-video");
    await page.getByRole("button", { name: "Create page" }).click();
    await expect.poll(() => page.getByText(/Use a YouTube, Vimeo, Loom or Wistia link/).count()).toBe(1);
    await page.getByLabel("Video link").fill("https://vimeo.com/76979871");
    await page.getByLabel("Offer title").fill("Two months free");
    await page.getByLabel("Offer code").fill("VESTAS2");
    await page.getByRole("button", { name: "Create page" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/prospects/pro_"));
    expect(await page.getByTestId("page-url").textContent()).toMatch(/\/soren-orsted$/);
    const soren = await phone.context.newPage();
    await soren.goto(server.url + "/soren-orsted");
    expect(await soren.getByRole("heading", { level: 1 }).textContent()).toBe("Hi Søren,");
    expect(await soren.getByText("VESTAS2").isVisible()).toBe(true);
    await soren.close();
    await page.goto(server.url + "/prospects");
    const phonePage = await phone.context.newPage();
    await phonePage.goto(server.url + "/prospects");
    // The phone shares the desktop's cookie jar only if signed in; sign in there too.
    if (new URL(phonePage.url()).pathname === "/login") {
      await phonePage.getByLabel("E-mail").fill("dana@acme.test");
      await phonePage.getByLabel("Password").fill("correct horse battery");
      await phonePage.getByRole("button", { name: "Sign in" }).click();
      await phonePage.waitForURL((u) => u.pathname === "/prospects");
    }
    await shot(phonePage, "console-phone");
    await phonePage.close();
  });

  it("adds a rep on the team page", async () => {
    await page.goto(server.url + "/team");
    await page.getByLabel("Name", { exact: true }).fill("Sam Rep");
    await page.getByLabel("E-mail", { exact: true }).fill("sam@acme.test");
    await page.getByLabel("First password").fill("sams first password");
    await page.getByRole("button", { name: "Add rep" }).click();
    await expect.poll(async () => page.getByText("sam@acme.test").count()).toBe(1);
  });
});
