import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpAdmin, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;

beforeAll(async () => {
  server = await startServer();
  admin = await setUpAdmin(server.url, { addExample: true });
});
afterAll(async () => {
  await server?.stop();
});

describe("photo and logo links", () => {
  it("refuses an http:// photo link with 422 naming the field", async () => {
    const res = await admin.fetch("/api/console/profile", { method: "PATCH", json: { photoUrl: "http://cdn.example.com/me.png" } });
    expect(res.status).toBe(422);
    expect(Object.keys((await res.json()).error.fields)).toEqual(["photoUrl"]);
  });

  it("never renders a legacy link to another host on the prospect page", async () => {
    const page = await (await fetch(server.url + "/rob-mason")).text();
    const sources = [...page.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1]);
    for (const src of sources) expect(src).not.toMatch(/^(https?:)?\/\//);
  });
});
