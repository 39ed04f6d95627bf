/**
 * Every page in a real Chromium under its Content-Security-Policy: setup, sign-in, each console
 * page, the prospect's page with each kind of block (played and opened), the "about" page and the
 * 404s. Any `securitypolicyviolation`, console error or page error fails the test, so a script or
 * source the policy forgot (or a new inline script without a nonce) is caught here.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, PHONE, watchedPage, type LaunchedBrowser, signInBrowser } from "../support/browser";
import { enumerateRoutes } from "../support/routes";
import { setUpAdmin, startServer, type Client, type TestServer } from "../support/server";
import { withServerDb } from "../support/server-db";

let server: TestServer;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;
let admin: Client;

/** The nonce on every <script> equals the one in the response's policy; no script goes without. */
async function expectNoncedScripts(path: string, client?: Client) {
  const res = client ? await client.fetch(path) : await fetch(server.url + path);
  const policy = res.headers.get("content-security-policy") ?? "";
  const nonce = policy.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce, `${path} has a nonce in its policy`).toBeTruthy();
  const html = await res.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, `${path}: ${tag}`).toContain(`nonce="${nonce}"`);
}


function fakeMp4(bytes: number): Uint8Array<ArrayBuffer> {
  const b = Buffer.alloc(bytes, 7);
  b.writeUInt32BE(24, 0);
  b.write("ftypisom", 4, "ascii");
  return new Uint8Array(b);
}

const PDF = new Uint8Array(
  Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  ),
);

async function uploaded(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const res = await admin.fetch("/api/console/uploads", { method: "POST", body, headers: { "Content-Type": "application/octet-stream" } });
  expect(res.status).toBe(201);
  return (await res.json()).url;
}

/** A page made with the console's own form (flat fields: videoUrl, presentationUrl, offerTitle, …). */
async function prospect(firstName: string, fields: Record<string, string>): Promise<string> {
  const res = await admin.fetch("/api/console/prospects", { method: "POST", json: { firstName, lastName: "Tester", company: "Globex", phone: "+1 555 010 2040", ...fields } });
  expect(res.status, await res.clone().text()).toBe(201);
  const body = await res.json();
  return body.slug;
}

beforeAll(async () => {
  server = await startServer();
  desktop = await launchBrowser(DESKTOP);
  phone = await launchBrowser({ ...PHONE, asHuman: true });
});

afterAll(async () => {
  await desktop?.close();
  await phone?.close();
  await server?.stop();
});

describe("Content-Security-Policy in a real browser", () => {
  it("setup, before anyone exists, runs its script with the nonce and breaks no rule", async () => {
    await expectNoncedScripts("/setup");
    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/setup");
    // The form's script is live (hydrated): a weak password is refused beside the field, without a reload.
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create admin account" }).click();
    await expect.poll(() => page.getByText(/Use at least 10 characters/).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
    admin = await setUpAdmin(server.url);
  });

  it("sign-in works under its policy", async () => {
    await expectNoncedScripts("/login");
    const { page, problems } = await watchedPage(desktop);
    await page.goto(server.url + "/login");
    await page.getByLabel("E-mail").fill("ada@acme.test");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("do not match");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("every console page loads, live, without a violation", async () => {
    await signInBrowser(desktop, admin, server.url);
    const robId = (await withServerDb(server, (db) => db.get<{ id: string }>("SELECT id FROM prospects WHERE slug = 'rob-mason'")))!.id;
    // Every console page under app/, so a new one is opened here without anyone adding it; a page with
    // an id in its path needs a real object to show (add one below when a new kind appears).
    const play = await admin.fetch("/api/console/plays", { method: "POST", json: { name: "Trade show", message: "Hi {{firstName}}", videoUrl: "https://vimeo.com/76979871" } });
    expect(play.status, await play.clone().text()).toBe(201);
    const playId = ((await play.json()) as { id: string }).id;
    const experiment = await admin.fetch("/api/console/experiments", { method: "POST", json: { name: "Openers", kind: "script", arms: ["scr_example_question", "scr_example_dangle_carrot"], goal: "visit" } });
    expect(experiment.status, await experiment.clone().text()).toBe(201);
    const experimentId = ((await experiment.json()) as { id: string }).id;
    const campaign = await admin.fetch("/api/console/campaigns", { method: "POST", json: { name: "Four touches", steps: [{ day: 1, kind: "voicemail" }, { day: 3, kind: "email", subject: "Hi {{firstName}}", body: "{{pageLink}}" }] } });
    expect(campaign.status, await campaign.clone().text()).toBe(201);
    const campaignId = ((await campaign.json()) as { id: string }).id;
    const ids: Record<string, string> = { "/prospects/[id]": `/prospects/${robId}`, "/plays/[id]": `/plays/${playId}`, "/plays/preview": `/plays/preview?id=${playId}`, "/campaigns/[id]": `/campaigns/${campaignId}`, "/experiments/[id]": `/experiments/${experimentId}` };
    const consolePages = enumerateRoutes()
      .filter((r) => r.kind === "page" && (r.file.includes("(console)") || r.file.includes("(frame)")))
      .map((r) => {
        if (ids[r.pattern]) return ids[r.pattern];
        if (!r.pattern.includes("[")) return r.pattern;
        if (!ids[r.pattern]) throw new Error(`${r.pattern}: give the CSP test a real object to open (the ids map above)`);
        return ids[r.pattern];
      });
    expect(consolePages).toEqual(expect.arrayContaining(["/", "/prospects", "/prospects/new", `/prospects/${robId}`, "/settings", "/team"]));
    for (const path of consolePages) {
      await expectNoncedScripts(path, admin);
      const { page, problems } = await watchedPage(desktop);
      await page.goto(server.url + path);
      // The live alert feed connected: the framework's scripts ran under the policy (the preview has no console chrome).
      if (!path.startsWith("/plays/preview")) await expect.poll(() => page.locator("[data-testid=alert-status][data-status=live]").count(), { timeout: 10_000 }).toBe(1);
      else await page.waitForLoadState("networkidle");
      expect(problems, path).toEqual([]);
      await page.close();
    }
  });

  it("a prospect's page with each kind of block plays and opens them within its policy", async () => {
    const mp4 = await uploaded(fakeMp4(50_000));
    const pdf = await uploaded(PDF);
    const pages = {
      youtube: await prospect("Yuki", { videoUrl: "https://www.youtube.com/watch?v=aqz-KE-bpKQ", videoTitle: "Demo", offerTitle: "A month free", offerCode: "FREE30" }),
      vimeo: await prospect("Vera", { videoUrl: "https://vimeo.com/76979871" }),
      loom: await prospect("Lars", { videoUrl: "https://www.loom.com/share/0123456789abcdef0123456789abcdef" }),
      wistia: await prospect("Wes", { videoUrl: "https://fast.wistia.net/medias/abcd1234ef" }),
      uploadedVideo: await prospect("Uma", { videoUrl: mp4 }),
      remoteVideo: await prospect("Remy", { videoUrl: "https://media.example.com/demo.mp4" }),
      pdf: await prospect("Pia", { presentationUrl: pdf, presentationTitle: "Deck" }),
      link: await prospect("Lina", { presentationUrl: "https://docs.example.com/deck", presentationTitle: "Deck" }),
    };
    for (const [kind, slug] of Object.entries(pages)) {
      for (const round of ["rendered", "cached"]) {
        const { page, problems } = await watchedPage(phone);
        const res = await page.goto(`${server.url}/${slug}`);
        const policy = res?.headers()["content-security-policy"] ?? "";
        expect(policy, kind).toMatch(/default-src 'none'/);
        expect(policy, kind).toMatch(/frame-ancestors 'none'/);
        expect(policy, kind).not.toMatch(/unsafe-eval|'unsafe-inline'[^;]*;.*script|script-src[^;]*unsafe-inline/);
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/^Hi /);
        // The page's script is live: its visit beacon goes out (connect-src 'self').
        // The page's scripts start after its first paint, so a press can come before the button is
        // live: press again (only while nothing opened) until the player or the document is there.
        const pressUntil = async (button: ReturnType<Page["getByRole"]>, opened: string) => {
          await expect
            .poll(
              async () => {
                if ((await page.locator(opened).count()) === 0) await button.first().click({ timeout: 2_000 }).catch(() => undefined);
                return page.locator(opened).count();
              },
              { timeout: 20_000, interval: 500 },
            )
            .toBe(1);
        };
        const play = page.getByRole("button", { name: /Play/ });
        if (await play.count()) await pressUntil(play, "iframe, video");
        const view = page.getByRole("button", { name: "View" });
        if (await view.count()) await pressUntil(view, "iframe.presentation-frame");
        await page.waitForTimeout(300);
        expect(problems, `${kind} (${round})`).toEqual([]);
        await page.close();
      }
    }
  });

  it("the about page, a typed name nobody has, and an unknown console path break no rule", async () => {
    for (const path of ["/privacy", "/nobody-here-at-all", "/prospects/pro_doesnotexist"]) {
      const { page, problems } = await watchedPage(desktop);
      const res = await page.goto(server.url + path);
      expect(res?.headers()["content-security-policy"], path).toMatch(/frame-ancestors 'none'/);
      await page.waitForTimeout(200);
      expect(problems, path).toEqual([]);
      await page.close();
    }
  });
});
