/**
 * The no-call notice and the Call button's fallback, in a real Chromium: an admin with no phone
 * (and no main phone) sees the notice on the queue; once the workspace has a main phone, the
 * prospect's page calls it. The screenshots in docs/screenshots are taken here.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, PHONE, type LaunchedBrowser, shot } from "../support/browser";
import { ADMIN, setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;


async function signedIn(b: LaunchedBrowser): Promise<Page> {
  const p = await b.context.newPage();
  await p.goto(server.url + "/login");
  await p.getByLabel("E-mail").fill(ADMIN.email);
  await p.getByLabel("Password").fill(ADMIN.password);
  await p.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => new URL(p.url()).pathname).toBe("/");
  return p;
}

beforeAll(async () => {
  server = await startServer();
  admin = await setUpAdmin(server.url, { addExample: true });
  desktop = await launchBrowser(DESKTOP);
  phone = await launchBrowser(PHONE);
});

afterAll(async () => {
  await desktop?.close();
  await phone?.close();
  await server?.stop();
});

describe("a rep whose pages have no Call button", () => {
  it("sees a calm notice on the queue that says where to add a number", async () => {
    for (const [b, name] of [
      [desktop, "no-call-notice-desktop"],
      [phone, "no-call-notice-phone"],
    ] as const) {
      const p = await signedIn(b);
      const notice = p.getByTestId("no-call-notice");
      await expect.poll(() => notice.isVisible()).toBe(true);
      expect(await notice.textContent()).toContain("Your pages have no Call button.");
      expect(await notice.getByRole("link", { name: "Settings → Your profile" }).getAttribute("href")).toBe("/settings#profile");
      expect(await notice.getByRole("link", { name: "Settings → Workspace" }).getAttribute("href")).toBe("/settings#workspace");
      await shot(p, name);
      await p.close();
    }
  });

  it("the prospect's page has no Call button, then calls the main phone once the workspace has one", async () => {
    const p = await phone.context.newPage();
    await p.goto(server.url + "/rob-mason");
    await expect.poll(() => p.getByRole("link", { name: /E-mail/ }).isVisible()).toBe(true);
    expect(await p.locator('[data-rb-cta="call"]').count()).toBe(0);
    expect((await admin.fetch("/api/console/workspace", { method: "PATCH", json: { contactPhone: "+1 555 010 9000" } })).status).toBe(200);
    await p.reload();
    const call = p.locator('[data-rb-cta="call"]');
    await expect.poll(() => call.isVisible()).toBe(true);
    expect(await call.getAttribute("href")).toBe("tel:+15550109000");
    await shot(p, "call-fallback-phone");
    await p.close();
  });

  it("the notice is gone once there is a number", async () => {
    const p = await desktop.context.newPage(); // still signed in from the first test
    await p.goto(server.url + "/");
    await expect.poll(() => p.getByRole("heading", { name: "Call-back queue" }).isVisible()).toBe(true);
    expect(await p.getByTestId("no-call-notice").count()).toBe(0);
    await p.close();
  });
});
