/**
 * A rep uploads a photo and the admin a logo in Settings, in a real Chromium; the prospect's page
 * then shows both, and loads every image from Ringback itself. Screenshots go to docs/screenshots/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMAGE_PATH } from "../../lib/images/served";
import { DESKTOP, launchBrowser, PHONE, type LaunchedBrowser, shot } from "../support/browser";
import { logoPng, photoJpeg } from "../support/images";
import { ADMIN, setUpAdmin, startServer, type TestServer } from "../support/server";

let server: TestServer;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;


async function signIn(p: Page) {
  await p.goto(server.url + "/login?next=/settings");
  await p.getByLabel("E-mail").fill(ADMIN.email);
  await p.getByLabel("Password").fill(ADMIN.password);
  await p.getByRole("button", { name: "Sign in" }).click();
  await p.waitForURL((u) => u.pathname === "/settings");
}

/** Presses an upload button and picks `file` in the file chooser it opens. */
async function pick(p: Page, button: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = p.waitForEvent("filechooser");
  await p.getByRole("button", { name: button }).click();
  await (await chooser).setFiles(file);
}

/** Every image the page shows has loaded (a broken image has no natural width). */
async function imagesLoaded(p: Page, selector: string): Promise<boolean> {
  return p.locator(selector).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
}

beforeAll(async () => {
  server = await startServer();
  await setUpAdmin(server.url, { addExample: true });
  desktop = await launchBrowser(DESKTOP);
  phone = await launchBrowser(PHONE);
});

afterAll(async () => {
  await desktop?.close();
  await phone?.close();
  await server?.stop();
});

describe("a photo and a logo, from Settings to the prospect's page", () => {
  it("uploads a photo and a logo in Settings and saves them", async () => {
    const page = await desktop.context.newPage();
    await signIn(page);
    // Before: initials and the company's name stand in.
    expect(await page.getByTestId("photo-preview").textContent()).toBe("AA");

    await pick(page, "Upload a photo", { name: "me.jpg", mimeType: "image/jpeg", buffer: await photoJpeg(900, 1200) });
    await expect.poll(() => page.getByText("Uploaded. Save profile to use it.").count()).toBe(1);
    expect(await imagesLoaded(page, "[data-testid=photo-preview] img")).toBe(true);
    // Saving reloads the page: wait for that navigation, or the next goto would race it (ERR_ABORTED).
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.getByRole("button", { name: "Save profile" }).click()]);
    await expect.poll(() => page.locator("[data-testid=photo-preview] img").getAttribute("src"), { timeout: 10_000 }).toMatch(IMAGE_PATH);

    await pick(page, "Upload a logo", { name: "logo.png", mimeType: "image/png", buffer: await logoPng() });
    await expect.poll(() => page.getByText("Uploaded. Save workspace to use it.").count()).toBe(1);
    // Saving reloads the page: wait for that navigation, or the next goto would race it (ERR_ABORTED).
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.getByRole("button", { name: "Save workspace" }).click()]);
    await expect.poll(() => page.locator("[data-testid=logo-preview] img").getAttribute("src"), { timeout: 10_000 }).toMatch(IMAGE_PATH);
    // A fresh load (a reload keeps the scroll position, and the sticky header would sit mid-shot).
    await page.goto(server.url + "/settings");
    await expect.poll(() => imagesLoaded(page, "[data-testid=logo-preview] img")).toBe(true);
    await expect.poll(() => imagesLoaded(page, "[data-testid=photo-preview] img")).toBe(true);
    await shot(page, "settings-images-desktop");
    await page.close();
  });

  it("refuses an SVG in place, beside the button", async () => {
    const page = await desktop.context.newPage();
    await page.goto(server.url + "/settings");
    await pick(page, "Upload a photo", { name: "me.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') });
    await expect.poll(() => page.getByRole("alert").first().textContent()).toMatch(/SVG images are not accepted/);
    await page.close();
  });

  it("looks right on a phone", async () => {
    const page = await phone.context.newPage();
    await signIn(page);
    await expect.poll(() => imagesLoaded(page, "[data-testid=photo-preview] img")).toBe(true);
    await shot(page, "settings-images-phone");
    await page.close();
  });

  it("shows both on the prospect's page, loading images only from Ringback", async () => {
    for (const [browser, name] of [
      [phone, "prospect-page-images-phone"],
      [desktop, "prospect-page-images-desktop"],
    ] as const) {
      const page = await browser.context.newPage();
      const requested: string[] = [];
      page.on("request", (r) => requested.push(r.url()));
      await page.goto(server.url + "/rob-mason");
      await expect.poll(() => imagesLoaded(page, "img.avatar")).toBe(true);
      await expect.poll(() => imagesLoaded(page, "img.page-logo")).toBe(true);
      expect(await page.locator("img.page-logo").getAttribute("alt")).toBe(ADMIN.companyName);
      for (const url of requested) expect(new URL(url).origin, url).toBe(server.url);
      await shot(page, name);
      await page.close();
    }
  });

  it("shows an uploaded image opened on its own (its policy lets nothing load or run, yet the picture shows)", async () => {
    const page = await desktop.context.newPage();
    await page.goto(server.url + "/rob-mason");
    const src = (await page.locator("img.avatar").getAttribute("src"))!;
    const res = await page.goto(server.url + src);
    expect(res?.headers()["content-type"]).toBe("image/webp");
    await expect.poll(() => imagesLoaded(page, "img")).toBe(true);
    await page.close();
  });
});
