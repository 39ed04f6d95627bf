/**
 * A new rep imports a 500-person call list exported from a CRM, in a real Chromium: the mapping,
 * a dry run that shows the rows to fix, the progress bar, and 500 speakable pages. The import
 * screenshots in docs/ are taken here.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, PHONE, type LaunchedBrowser, shot } from "../support/browser";
import { ADMIN, runCli, setUpAdmin, startServer, tempDir, type TestServer } from "../support/server";

let server: TestServer;
let desktop: LaunchedBrowser;
let phone: LaunchedBrowser;
const REP = { email: "rae@acme.test", password: "a long passphrase", name: "Rae Okafor" };


async function signInPage(b: LaunchedBrowser): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(server.url + "/login");
  await page.getByLabel("E-mail").fill(REP.email);
  await page.getByLabel("Password").fill(REP.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => new URL(page.url()).pathname).not.toBe("/login");
  return page;
}

const FIRST = ["Olivia", "Liam", "Amelia", "Noah", "Sofía", "Mateo", "Chloé", "Lukas", "Aiko", "Hiroshi", "Priya", "Arjun", "Zoë", "Mohammed", "Fatima", "Sven", "Ingrid", "Tomás", "Ana", "Wei", "Dmitri", "Olga", "Kwame", "Amara", "Siobhán"];
const LAST = ["Anderson", "Brennan", "Castillo", "Dubois", "Eriksen", "Fitzgerald", "Gonzalez", "Hoffmann", "Ishikawa", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Connor", "Petrov", "Quintero", "Rossi", "Sharma", "Tanaka"];
const COMPANIES = ["Northwind Traders", "Contoso, Ltd.", "Fabrikam", "Tailspin Toys", "Wide World Importers", "Adventure Works", "Litware", "Proseware"];

/** A HubSpot contacts export: its headers, a few columns Ringback ignores, and four rows to fix. */
function hubspotCsv(): string {
  const lines = ["Record ID,First Name,Last Name,Email,Phone Number,Company Name,Job Title,Lifecycle Stage"];
  const bad = new Map<number, string>([
    [37, `9037,Grace,Hopper,grace.hopper@navy,+1 555 010 0037,Fabrikam,CTO,Lead`], // e-mail without a domain
    [120, `9120,Alan,Turing,alan@bletchley.test,5.55E+09,Litware,Researcher,Lead`], // Excel ate the phone
    [256, `9256,,Lovelace,ada@engines.test,+44 20 7946 0256,Analytical Engines,Founder,Lead`], // no first name
    [400, `9400,Edsger,Dijkstra,edsger@example.test,not known,Proseware,Professor,Lead`],
  ]);
  const good: string[] = [];
  for (let i = 0; i < 500; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const company = COMPANIES[i % COMPANIES.length];
    const email = `${first}.${last}.${i}@example.test`.toLowerCase().normalize("NFD").replace(/[^\x00-\x7f]/g, "").replace(/'/g, "");
    const phone = `(555) ${String(100 + (i % 900)).padStart(3, "0")}-${String(1000 + i).slice(-4)}`;
    good.push([1000 + i, first, last, email, phone, company.includes(",") ? `"${company}"` : company, "VP Sales", "Lead"].join(","));
  }
  // The bad rows sit at these spreadsheet rows (the header is row 1).
  for (let g = 0; g < good.length || bad.size > 0; ) {
    const row = lines.length + 1;
    if (bad.has(row)) {
      lines.push(bad.get(row)!);
      bad.delete(row);
    } else lines.push(good[g++]);
  }
  return lines.join("\r\n") + "\r\n";
}

beforeAll(async () => {
  server = await startServer();
  await setUpAdmin(server.url, { addExample: false });
  // The workspace's play for trade-show leads: every imported page follows it, merged per person.
  const token = runCli(["token:create", "--email", ADMIN.email], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
  const play = await fetch(server.url + "/api/v1/plays", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "Trade show follow-up", message: "Hi {{firstName}}, good to meet {{company|your team}} at the show.", shared: true }),
  });
  expect(play.status).toBe(201);
  expect(runCli(["user:create", "--email", REP.email, "--password", REP.password, "--name", REP.name], { DATABASE_PATH: server.dbPath }).code).toBe(0);
  desktop = await launchBrowser(DESKTOP);
  phone = await launchBrowser(PHONE);
});

afterAll(async () => {
  await desktop?.close();
  await phone?.close();
  await server?.stop();
});

describe("importing a call list", () => {
  const dir = tempDir("rb-import-e2e-");
  const file = path.join(dir, "hubspot-contacts-export.csv");
  fs.writeFileSync(file, hubspotCsv());

  it("a new rep imports 500 people from a HubSpot export, picks a play, and gets 500 speakable pages", async () => {
    const page = await signInPage(desktop);
    await page.goto(server.url + "/prospects");
    await page.getByRole("link", { name: "Import a call list" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/prospects/import");

    await page.getByLabel("Play for every page").selectOption({ label: "Trade show follow-up" });
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByTestId("detected").waitFor();
    expect(await page.getByTestId("detected").textContent()).toMatch(/504 rows, UTF-8, separated by comma\. Not imported: Record ID, Job Title, Lifecycle Stage\./);
    expect(await page.getByLabel("Column for First name").inputValue()).toBe("First Name");
    expect(await page.getByLabel("Column for Phone").inputValue()).toBe("Phone Number");
    expect(await page.getByLabel("Column for Company").inputValue()).toBe("Company Name");
    await page.getByRole("heading", { name: "Columns" }).scrollIntoViewIfNeeded();
    await shot(page, "import-mapping-desktop", false);

    // The dry run: 500 new pages, 4 rows to fix, highlighted, with their reasons.
    expect(await page.locator(".import-summary").textContent()).toContain("500 new");
    expect(await page.locator(".import-summary").textContent()).toContain("4 to fix");
    expect(await page.locator("tr.outcome-error").count()).toBe(4);
    expect(await page.locator("tr.outcome-error").first().textContent()).toContain("Enter a valid e-mail address.");
    await page.locator("tr.outcome-error").first().scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -200));
    await shot(page, "import-dry-run-desktop", false);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download rows to fix (CSV)" }).first().click();
    const fix = fs.readFileSync((await (await download).path())!, "utf8");
    expect(fix.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("Record ID,First Name,Last Name,Email,Phone Number,Company Name,Job Title,Lifecycle Stage,Problems");
    expect(fix).toContain("scientific notation");
    expect(fix.trim().split("\r\n")).toHaveLength(5);

    // Import, on a slow uplink so the progress bar can be seen moving.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 100, downloadThroughput: -1, uploadThroughput: 12 * 1024 });
    await page.getByRole("button", { name: "Import 500 rows" }).click();
    const bar = page.getByRole("progressbar", { name: "Import progress" });
    await bar.waitFor();
    await expect.poll(async () => Number(await bar.getAttribute("value")), { timeout: 20_000 }).toBeGreaterThan(3);
    await bar.scrollIntoViewIfNeeded();
    await shot(page, "import-progress-desktop", false);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    await page.getByTestId("import-result").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("import-result").textContent()).toContain("Imported: 500 new pages, 0 updated, 0 skipped, 4 not imported (to fix).");
    await shot(page, "import-result-desktop");

    // 500 pages, each at an address made of the person's name, distinct from all the others.
    const exported = await (await page.request.get(server.url + "/api/console/exports/prospects")).text();
    const rows = exported.replace(/^\uFEFF/, "").trim().split("\r\n").slice(1);
    expect(rows).toHaveLength(500);
    const slugs = rows.map((r) => r.match(/\/([a-z0-9-]+),[^,]* slash /)![1]);
    expect(new Set(slugs).size).toBe(500);
    for (const s of slugs) expect(s).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slugs).toContain("sofia-anderson");
    for (const s of [slugs[0], slugs[250], slugs[499]]) expect((await page.request.get(`${server.url}/${s}`)).status()).toBe(200);
    // Each page follows the play, filled in for its person.
    const sofia = await phone.context.newPage();
    await sofia.goto(`${server.url}/sofia-anderson`);
    expect(await sofia.locator(".message").textContent()).toMatch(/^Hi Sofía, good to meet (Northwind Traders|Contoso, Ltd\.|Fabrikam|Tailspin Toys|Wide World Importers|Adventure Works|Litware|Proseware) at the show\.$/);
    await sofia.close();
  }, 180_000);

  it("on a phone: the import reads well", async () => {
    const page = await signInPage(phone);
    await page.goto(server.url + "/prospects/import");
    const small = path.join(dir, "outreach-prospects.csv");
    fs.writeFileSync(small, "first_name;last_name;company_name;email_address;Work Phone\r\nMaya;Lindqvist;Proseware;maya@proseware.test;+46 8 123 456 78\r\nJonas;Berg;Litware;jonas@;\r\nOlivia;Anderson;Northwind Traders;olivia.anderson.0@example.test;\r\n");
    await page.locator('input[type="file"]').setInputFiles(small);
    await page.getByTestId("detected").waitFor();
    expect(await page.locator(".import-summary").textContent()).toMatch(/1 new.*1 skipped.*1 to fix/);
    await shot(page, "import-phone");
  }, 60_000);
});
