/**
 * Settings → Password and Where you're signed in, and the Team page's password reset, in a real
 * Chromium: a rep signs out another device, changes their own password (revoking their tokens)
 * and stays signed in; an admin's reset says what it will do and then what it did. Takes
 * docs/screenshots/settings-security-{desktop,phone}.png and team-reset-{desktop,phone}.png.
 */
import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, PHONE, type LaunchedBrowser } from "../support/browser";
import { Client, ROOT, setUpAdmin, startServer, type TestServer } from "../support/server";

const SHOTS = path.join(ROOT, "docs", "screenshots");
// The console's sticky top bar would cover the cards in a picture of just them.
const STATIC_TOPBAR = ".topbar { position: static !important; }";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const MAC_FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:133.0) Gecko/20100101 Firefox/133.0";
const RITA = { name: "Rita Rep", email: "rita@acme.test", password: "rita's long password" };
const RITA_NEW = "rita's brand new password";

let server: TestServer;
let admin: Client;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;
let ritaPhone: Client;
let ritaLaptop: Client;
let ritaToken: string;

async function signInAs(email: string, password: string, userAgent: string): Promise<Client> {
  const c = new Client(server.url);
  const res = await c.fetch("/api/auth/login", { method: "POST", json: { email, password }, headers: { "User-Agent": userAgent } });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status}`);
  return c;
}

/** Signs in through the real sign-in page and lands on `next`. */
async function signInPage(b: LaunchedBrowser, email: string, password: string, next: string): Promise<Page> {
  // Whoever was signed in on this browser before signs out first.
  await b.context.clearCookies();
  const page = await b.context.newPage();
  await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(server.url + next);
  await page.waitForLoadState("networkidle");
  return page;
}

const card = (page: Page, heading: string | RegExp): Locator => page.locator("section.card", { has: page.getByRole("heading", { name: heading }) });

/** A picture of these cards together (their bounding box), as they sit on the page. */
async function shoot(page: Page, cards: Locator[], file: string) {
  await page.addStyleTag({ content: STATIC_TOPBAR });
  const boxes = (await Promise.all(cards.map((c) => c.boundingBox()))).filter((b) => b !== null);
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - 12);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - 12);
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + 12;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + 12;
  const width = Math.min(right, page.viewportSize()!.width) - x;
  await page.screenshot({ path: path.join(SHOTS, file), fullPage: true, clip: { x, y, width, height: bottom - y } });
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  admin = await setUpAdmin(server.url, { addExample: false });
  const res = await admin.fetch("/api/console/users", { method: "POST", json: { ...RITA, title: "Account Executive" } });
  if (res.status !== 201) throw new Error(`creating Rita: ${res.status}`);
  ritaPhone = await signInAs(RITA.email, RITA.password, IPHONE);
  ritaLaptop = await signInAs(RITA.email, RITA.password, MAC_FIREFOX);
  ritaToken = (await (await ritaLaptop.fetch("/api/console/tokens", { method: "POST", json: { name: "HubSpot" } })).json()).token;
  // Ordinary browsers' user agents, so the session list reads as a rep would see it.
  desktop = await launchBrowser({ ...DESKTOP, userAgent: WINDOWS_CHROME });
  phone = await launchBrowser({ ...PHONE, userAgent: ANDROID_CHROME });
});

afterAll(async () => {
  await desktop?.close();
  await phone?.close();
  await server?.stop();
});

const me = (token: string) => fetch(server.url + "/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });

describe("a rep's own password and sessions", () => {
  it("lists where the rep is signed in, signs one device out, and changes the password keeping this session", async () => {
    const page = await signInPage(desktop, RITA.email, RITA.password, "/settings");
    const sessions = card(page, "Where you’re signed in");
    const password = card(page, "Password");
    const list = sessions.getByRole("list", { name: "Your sessions" });
    await expect.poll(() => list.locator("li").count()).toBe(3);
    expect(await list.locator("li").first().textContent()).toContain("This device");
    expect(await list.getByText("Safari on iOS").count()).toBe(1);
    expect(await list.getByText("Firefox on macOS").count()).toBe(1);
    await expect.poll(() => password.getByText("You stay signed in here").count()).toBe(1);
    await shoot(page, [password, sessions], "settings-security-desktop.png");

    await sessions.getByRole("button", { name: "Sign out Safari on iOS" }).click();
    await expect.poll(() => sessions.getByRole("status").textContent()).toBe("Signed out Safari on iOS.");
    expect(await list.locator("li").count()).toBe(2);
    expect((await ritaPhone.fetch("/api/console/profile")).status).toBe(401);

    // A wrong current password is explained beside the field, and nothing changes.
    await password.getByLabel("Current password").fill("not my password");
    await password.getByLabel("New password").fill(RITA_NEW);
    await password.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => password.locator(".field-error").first().textContent()).toBe("That is not your current password.");
    expect((await ritaLaptop.fetch("/api/console/profile")).status).toBe(200);

    await password.getByLabel("Current password").fill(RITA.password);
    await password.getByLabel("New password").fill(RITA_NEW);
    await password.getByLabel(/Also revoke my API tokens/).check();
    await password.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => password.getByRole("status").textContent()).toBe("Password changed: signed out 1 other session, revoked 1 API token.");
    // This browser stays signed in; the laptop and the token do not.
    expect((await ritaLaptop.fetch("/api/console/profile")).status).toBe(401);
    expect((await me(ritaToken)).status).toBe(401);
    await expect.poll(() => list.locator("li").count()).toBe(1);
    await expect.poll(() => card(page, "API tokens").getByText("Revoked").count()).toBe(1);
    await page.reload({ waitUntil: "networkidle" });
    expect(new URL(page.url()).pathname).toBe("/settings");
    await page.close();
  });

  it("fits a phone", async () => {
    ritaLaptop = await signInAs(RITA.email, RITA_NEW, MAC_FIREFOX);
    const page = await signInPage(phone, RITA.email, RITA_NEW, "/settings");
    const sessions = card(page, "Where you’re signed in");
    await expect.poll(() => sessions.locator("li").count()).toBe(3);
    await noSidewaysScroll(page);
    await shoot(page, [card(page, "Password"), sessions], "settings-security-phone.png");
    await page.close();
  });
});

describe("an admin resets a rep's password", () => {
  it("says it signs the rep out everywhere and revokes their tokens, then says what it ended", async () => {
    ritaToken = (await (await ritaLaptop.fetch("/api/console/tokens", { method: "POST", json: { name: "Dialer" } })).json()).token;
    const page = await signInPage(desktop, "ada@acme.test", "correct horse battery", "/team");
    const people = card(page, "People");
    const row = people.getByRole("row", { name: /Rita Rep/ });
    await row.getByRole("button", { name: "Reset password" }).click();
    await expect.poll(() => row.getByText("This signs Rita Rep out everywhere and revokes their API tokens.").count()).toBe(1);
    const keep = row.getByLabel("Keep their API tokens working");
    expect(await keep.isChecked()).toBe(false);
    // The notice follows the choice.
    await keep.check();
    await expect.poll(() => row.getByText("This signs Rita Rep out everywhere; their API tokens keep working.").count()).toBe(1);
    await keep.uncheck();
    await row.getByLabel("New password").fill("a password from the admin");
    await shoot(page, [people], "team-reset-desktop.png");

    await row.getByRole("button", { name: "Set Rita Rep's password" }).click();
    await expect.poll(() => people.getByRole("status").textContent()).toBe("Password changed. Rita Rep: 3 sessions ended, 1 API token revoked.");
    expect((await ritaLaptop.fetch("/api/console/profile")).status).toBe(401);
    expect((await me(ritaToken)).status).toBe(401);
    await page.close();
  });

  it("fits a phone", async () => {
    const page = await signInPage(phone, "ada@acme.test", "correct horse battery", "/team");
    const people = card(page, "People");
    const row = people.getByRole("row", { name: /Rita Rep/ });
    await row.getByRole("button", { name: "Reset password" }).click();
    await row.getByLabel("Keep their API tokens working").waitFor();
    await noSidewaysScroll(page);
    await shoot(page, [people], "team-reset-phone.png");
    await page.close();
  });
});
