/**
 * The Webhooks card, in a real Chromium: a refused address explained beside the field, a new
 * webhook's secret shown once, "Send test event" reaching a real local receiver, and the delivery
 * log showing it delivered. Takes docs/screenshots/settings-webhooks-{desktop,phone}.png.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verify } from "../../lib/alerts/signing";
import { DESKTOP, launchBrowser, PHONE, type LaunchedBrowser, STATIC_TOPBAR } from "../support/browser";
import { ROOT, setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

const SHOTS = path.join(ROOT, "docs", "screenshots");
// The console's sticky top bar would cover the card's heading in a picture of just the card.
let server: TestServer;
let receiver: http.Server;
let received: { signature: string; body: string }[] = [];
let admin: Client;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;

async function signedInPage(b: LaunchedBrowser): Promise<Page> {
  await b.context.addCookies([...admin.cookies].map(([name, value]) => ({ name, value, url: server.url })));
  const page = await b.context.newPage();
  await page.goto(server.url + "/settings", { waitUntil: "networkidle" });
  return page;
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ signature: String(req.headers["x-ringback-signature"]), body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  server = await startServer({ env: { WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_ALLOW_PRIVATE: "true", OUTBOX_POLL_MS: "100" } });
  admin = await setUpAdmin(server.url, { addExample: false });
  desktop = await launchBrowser(DESKTOP);
  phone = await launchBrowser(PHONE);
});

afterAll(async () => {
  await desktop?.close();
  await phone?.close();
  await server?.stop();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

describe("the Webhooks card", () => {
  it("explains a refused address, shows the secret once, sends a test event and logs it delivered", async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const page = await signedInPage(desktop);
    const card = page.locator("section.card", { has: page.getByRole("heading", { name: "Webhooks" }) });
    await card.getByLabel("Address").fill("ftp://files.example.com/hook");
    await card.getByRole("button", { name: "Add webhook" }).click();
    await expect.poll(() => card.locator(".field-error").first().textContent()).toBe("Use an https:// address.");
    expect(await card.getByLabel("Address").getAttribute("aria-invalid")).toBe("true");

    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ringback`;
    await card.getByLabel("Address").fill(url);
    await card.getByLabel("Watched past half the demo").check();
    await card.getByRole("button", { name: "Add webhook" }).click();
    const secret = (await card.getByTestId("new-webhook-secret").textContent())!;
    expect(secret).toMatch(/^whsec_/);
    expect(await card.getByRole("list", { name: "Webhooks" }).getByText(url).count()).toBe(1);

    await card.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1);
    expect(verify(secret, received[0].body, received[0].signature, 300)).toBe(true);
    await expect.poll(() => card.getByRole("table", { name: "Recent deliveries" }).getByText("Delivered").count(), { timeout: 20_000 }).toBe(1);
    await card.screenshot({ path: path.join(SHOTS, "settings-webhooks-desktop.png"), style: STATIC_TOPBAR });

    // Shown once: after a reload only the hint is left.
    await page.reload({ waitUntil: "networkidle" });
    expect(await page.getByTestId("new-webhook-secret").count()).toBe(0);
    expect(await page.getByText(secret.slice(0, 10) + "…").count()).toBe(1);
    await page.close();
  });

  it("fits a phone, with the delivery log as labelled rows", async () => {
    const page = await signedInPage(phone);
    const card = page.locator("section.card", { has: page.getByRole("heading", { name: "Webhooks" }) });
    await card.getByRole("button", { name: "Deliveries", exact: true }).click();
    await card.getByRole("table", { name: "Recent deliveries" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await card.screenshot({ path: path.join(SHOTS, "settings-webhooks-phone.png"), style: STATIC_TOPBAR });

    page.once("dialog", (d) => d.accept());
    await card.getByRole("button", { name: /^Delete webhook / }).click();
    await expect.poll(() => card.getByText("No webhooks yet.").count()).toBe(1);
    await page.close();
  });
});
