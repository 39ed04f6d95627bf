import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpAdmin, startServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("a fresh server", () => {
  it("sends the first visitor to setup, then serves the example page", async () => {
    const first = await fetch(server.url + "/", { redirect: "manual" });
    expect(first.status).toBe(307);
    expect(first.headers.get("location")).toMatch(/\/setup$/);
    await setUpAdmin(server.url);
    const page = await fetch(server.url + "/rob-mason");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Hi <!-- -->Rob");
  });
});
