/**
 * A page always has a way to call when it can: the rep's own phone, else the workspace's main
 * phone. With neither, the page has no Call button and the console's queue and prospect page say
 * so, with where to add a number; adding one takes the notice away and re-renders the page at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;
let rep: Client;
let prospect: { id: string; slug: string };

const page = async () => (await fetch(`${server.url}/${prospect.slug}`)).text();
/** The Call button's number, or null when the page has none. */
const callHref = (html: string) => html.match(/<a[^>]*href="(tel:[^"]*)"[^>]*data-rb-cta="call"/)?.[1] ?? null;
const notice = (html: string) => html.match(/<div[^>]*data-testid="no-call-notice"[^>]*>([\s\S]*?)<\/div>/)?.[1];
const html = async (c: Client, path: string) => {
  const res = await c.fetch(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const saveWorkspace = async (json: unknown) => expect((await admin.fetch("/api/console/workspace", { method: "PATCH", json })).status).toBe(200);
const saveProfile = async (json: unknown) => expect((await rep.fetch("/api/console/profile", { method: "PATCH", json })).status).toBe(200);

beforeAll(async () => {
  server = await startServer();
  admin = await setUpAdmin(server.url, { addExample: false });
  const made = await admin.fetch("/api/console/users", { method: "POST", json: { email: "sam@acme.test", password: "a long passphrase", name: "Sam Rep" } });
  expect(made.status).toBe(201);
  rep = await signIn(server.url, "sam@acme.test", "a long passphrase");
  const created = await rep.fetch("/api/console/prospects", { method: "POST", json: { firstName: "Rob", lastName: "Mason" } });
  expect(created.status).toBe(201);
  prospect = await created.json();
});
afterAll(async () => {
  await server?.stop();
});

describe("with no phone anywhere", () => {
  it("the page has no Call button, and still an E-mail one", async () => {
    const body = await page();
    expect(callHref(body)).toBeNull();
    expect(body).toContain('data-rb-cta="email"');
  });

  it("the rep's queue says so, and links to their profile (a rep cannot set the main phone)", async () => {
    const text = notice(await html(rep, "/"));
    expect(text).toContain("Your pages have no Call button.");
    expect(text).toContain('href="/settings#profile"');
    expect(text).not.toContain("/settings#workspace");
  });

  it("the prospect's page in the console says so too", async () => {
    const text = notice(await html(rep, `/prospects/${prospect.id}`));
    expect(text).toContain("Your pages have no Call button.");
    expect(text).toContain('href="/settings#profile"');
  });

  it("an admin is also pointed at the workspace's main phone, and told whose page it is", async () => {
    const own = notice(await html(admin, "/"));
    expect(own).toContain('href="/settings#profile"');
    expect(own).toContain('href="/settings#workspace"');
    const theirs = notice(await html(admin, `/prospects/${prospect.id}`));
    expect(theirs).toContain("This page has no Call button.");
    expect(theirs).toContain("Sam Rep");
    expect(theirs).toContain('href="/settings#workspace"');
  });

  it("Settings has the places the notice links to", async () => {
    const body = await html(admin, "/settings");
    expect(body).toContain('id="profile"');
    expect(body).toContain('id="workspace"');
  });
});

describe("a number is added", () => {
  it("the workspace's main phone becomes the Call button at once, and the notices go", async () => {
    expect(callHref(await page())).toBeNull(); // rendered (and cached) without one first
    await saveWorkspace({ contactPhone: "+1 555 010 9999" });
    expect(callHref(await page())).toBe("tel:+15550109999");
    expect(notice(await html(rep, "/"))).toBeUndefined();
    expect(notice(await html(rep, `/prospects/${prospect.id}`))).toBeUndefined();
    expect(notice(await html(admin, "/"))).toBeUndefined();
  });

  it("the rep's own phone wins over the main phone", async () => {
    await saveProfile({ phone: "+1 555 010 2030", title: "Account Executive" });
    const body = await page();
    expect(callHref(body)).toBe("tel:+15550102030");
    expect(body).toContain("Account Executive");
  });

  it("an extension is left out of what the button dials", async () => {
    await saveProfile({ phone: "+1 555 010 2030 ext. 12" });
    expect(callHref(await page())).toBe("tel:+15550102030");
  });

  it("a phone that is not one is refused, field by field", async () => {
    for (const [c, path, json] of [
      [rep, "/api/console/profile", { phone: "call me" }],
      [admin, "/api/console/workspace", { contactPhone: "12" }],
    ] as const) {
      const res = await c.fetch(path, { method: "PATCH", json });
      expect(res.status, path).toBe(422);
      expect((await res.json()).error.fields).toEqual({ [Object.keys(json)[0]]: "Enter a phone number such as +1 555 010 2030." });
    }
  });

  it("taking both away brings the notice back and the button goes", async () => {
    await saveProfile({ phone: "" });
    expect(callHref(await page())).toBe("tel:+15550109999");
    await saveWorkspace({ contactPhone: "" });
    expect(callHref(await page())).toBeNull();
    expect(notice(await html(rep, "/"))).toContain("Your pages have no Call button.");
  });
});
