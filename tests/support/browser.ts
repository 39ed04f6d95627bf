/** A real Chromium for browser tests: Debian's package, or the one CHROMIUM_PATH names. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(
      "Browser tests need Chromium and none was found. Install it with `sudo apt-get install -y chromium` " +
        "(Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome executable.",
    );
  }
  return found;
}

const BASE_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const HUMAN_PHONE_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const HUMAN_DESKTOP_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

export type LaunchedBrowser = { context: BrowserContext; close: () => Promise<void> };

/**
 * A fresh Chromium with its own temporary profile. `asHuman` hides the automation flag, for
 * tests that play a prospect (the page must not mistake them for a headless bot).
 */
export async function launchBrowser(
  opts: { asHuman?: boolean; userAgent?: string; viewport?: { width: number; height: number }; isMobile?: boolean; microphone?: boolean } = {},
): Promise<LaunchedBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rb-chromium-"));
  const args = [
    ...BASE_ARGS,
    ...(opts.asHuman ? ["--disable-blink-features=AutomationControlled"] : []),
    // A microphone that plays a tone, granted without asking; audio that plays without a gesture (playback is checked).
    ...(opts.microphone ? ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"] : []),
  ];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    isMobile: opts.isMobile,
    hasTouch: opts.isMobile,
    deviceScaleFactor: opts.isMobile ? 2 : 1,
    // Headless Chromium says "HeadlessChrome" in its user agent, which (rightly) never counts as a
    // person; playing a person, it presents a phone's or a desktop's ordinary Chrome.
    userAgent: opts.userAgent ?? (opts.asHuman ? (opts.isMobile ? HUMAN_PHONE_UA : HUMAN_DESKTOP_UA) : undefined),
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 } };
export type { Browser };

/** Full-page screenshots show the console's sticky top bar where it belongs (at the top), not where the page was scrolled to. */
export const STATIC_TOPBAR = ".topbar { position: static !important; }";

/**
 * A page that records every Content-Security-Policy violation, console error and uncaught error
 * it meets (in any of its frames), for tests that must fail on them. Refused answers a step asks
 * for (401, 404, 422) and unreachable remote hosts (no network here) are not problems.
 */
export async function watchedPage(browser: LaunchedBrowser): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on("console", (msg: ConsoleMessage) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    if (/the server responded with a status of (401|404|422)\b/.test(text)) return;
    if (/net::ERR_(NAME_NOT_RESOLVED|CONNECTION_REFUSED|INTERNET_DISCONNECTED|ADDRESS_UNREACHABLE|TUNNEL_CONNECTION_FAILED)/.test(text)) return;
    problems.push(`${page.url()}: ${text}`);
  });
  page.on("pageerror", (err) => problems.push(`${page.url()}: uncaught ${err.message}`));
  return { page, problems };
}

/** Where the README's screenshots live: the browser tests take them, so they show the product as it is. */
export const SHOTS = path.join(path.resolve(import.meta.dirname, "..", ".."), "docs", "screenshots");

/** A screenshot into docs/screenshots/<name>.png, with the console's top bar where it belongs. */
export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage, style: STATIC_TOPBAR });
}

/** Signs a browser in as a test client already signed in (its session cookie, for the server at `url`). */
export async function signInBrowser(browser: LaunchedBrowser, client: { cookies: Map<string, string> }, url: string): Promise<void> {
  const session = [...client.cookies].find(([name]) => name.includes("rb_session"));
  if (!session) throw new Error("the client has no session cookie");
  await browser.context.addCookies([{ name: session[0], value: session[1], url }]);
}
