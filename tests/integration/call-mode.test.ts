/**
 * Call mode's writes over HTTP against a real server: "Left voicemail" with the script, the exact
 * words and a take's length in one request; a kept recording (private, checked by its bytes, size-
 * limited, never half-written, gone with its prospect); and the call-mode page itself.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";

let server: TestServer;
let admin: Client;
let repA: Client;
let repB: Client;
let tokenA: string;
let rob: { id: string; slug: string };

/** What Chromium's MediaRecorder writes first (EBML header, DocType "webm"), then some audio-looking bytes. */
const WEBM = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, ...Array.from({ length: 3000 }, (_, i) => (i * 37) % 256)]);
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const recordingsDir = () => path.join(server.dataDir, "recordings");
const api = (p: string, init: { method?: string; json?: unknown } = {}) =>
  fetch(server.url + p, { method: init.method ?? "GET", headers: { Authorization: `Bearer ${tokenA}`, ...(init.json ? { "Content-Type": "application/json" } : {}) }, body: init.json ? JSON.stringify(init.json) : undefined });
const put = (c: Client, id: string, body: Uint8Array) => c.fetch(`/api/console/voicemails/${id}/recording`, { method: "PUT", body: new Blob([body as Uint8Array<ArrayBuffer>], { type: "audio/webm" }) });

beforeAll(async () => {
  server = await startServer({ env: { PUBLIC_BASE_URL: "https://acme.com", RECORDING_MAX_MB: "1" } });
  admin = await setUpAdmin(server.url, { addExample: false });
  for (const [email, name] of [["a@acme.test", "Rep A"], ["b@acme.test", "Rep B"]]) {
    expect(runCli(["user:create", "--email", email, "--password", "a long passphrase", "--name", name], { DATABASE_PATH: server.dbPath }).code).toBe(0);
  }
  repA = await signIn(server.url, "a@acme.test", "a long passphrase");
  repB = await signIn(server.url, "b@acme.test", "a long passphrase");
  tokenA = runCli(["token:create", "--email", "a@acme.test"], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
  rob = await (await api("/api/v1/prospects", { method: "POST", json: { firstName: "Rob", lastName: "Mason", company: "Northwind", phone: "+1 555 010 2030" } })).json();
});
afterAll(async () => {
  await server?.stop();
});

describe("Left voicemail from call mode", () => {
  let vmId = "";
  it("logs the outcome and the message in one request: script, exact words, length", async () => {
    const res = await repA.fetch(`/api/console/prospects/${rob.id}/outcomes`, { method: "POST", json: { kind: "voicemail", scriptId: "scr_example_question", text: "Hi Rob — a question about Northwind's follow-ups.", seconds: 23 } });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.voicemailId).toMatch(/^vm_/);
    expect(body.followUpAt).toMatch(/^\d{4}-/);
    vmId = body.voicemailId;
    const list = await (await api(`/api/v1/prospects/${rob.id}/voicemails`)).json();
    expect(list.data[0]).toMatchObject({ id: vmId, scriptId: "scr_example_question", text: "Hi Rob — a question about Northwind's follow-ups.", seconds: 23 });
  });

  it("refuses words or a length on another outcome, field by field, and logs nothing", async () => {
    const res = await repA.fetch(`/api/console/prospects/${rob.id}/outcomes`, { method: "POST", json: { kind: "no_answer", text: "hello", seconds: 4 } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields).toEqual({ text: "Only a voicemail has a script, words or a length.", seconds: "Only a voicemail has a script, words or a length." });
    expect((await (await api(`/api/v1/prospects/${rob.id}/voicemails`)).json()).data).toHaveLength(1);
  });

  it("No answer is an outcome of its own", async () => {
    const res = await repA.fetch(`/api/console/prospects/${rob.id}/outcomes`, { method: "POST", json: { kind: "no_answer" } });
    expect(res.status).toBe(201);
    expect((await res.json()).voicemailId).toBeNull();
  });

  it("keeps the take's recording privately and plays it back byte for byte", async () => {
    const res = await put(repA, vmId, WEBM);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: vmId, format: "webm", bytes: WEBM.length });
    const got = await repA.fetch(`/api/console/voicemails/${vmId}/recording`);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("audio/webm");
    expect(got.headers.get("cache-control")).toBe("no-store");
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(WEBM))).toBe(true);
    // Never under the public uploads folder, and not at any public address.
    expect(fs.readdirSync(recordingsDir())).toEqual([`${vmId}.webm`]);
    expect((await fetch(`${server.url}/api/console/voicemails/${vmId}/recording`)).status).toBe(401);
    expect((await fetch(`${server.url}/uploads/${vmId}.webm`)).status).toBe(404);
  });

  it("another rep gets 404 both ways; an admin may hear it", async () => {
    expect((await repB.fetch(`/api/console/voicemails/${vmId}/recording`)).status).toBe(404);
    expect((await put(repB, vmId, WEBM)).status).toBe(404);
    expect((await admin.fetch(`/api/console/voicemails/${vmId}/recording`)).status).toBe(200);
  });

  it("refuses what is not browser audio (415) and what is too large (413), keeping the earlier recording and no partial file", async () => {
    const png = await put(repA, vmId, new Uint8Array(PNG));
    expect(png.status).toBe(415);
    expect((await png.json()).error.message).toMatch(/WebM, Ogg or MP4/);
    const big = new Uint8Array(1024 * 1024 + 10);
    big.set(WEBM.subarray(0, 32));
    const large = await put(repA, vmId, big);
    expect(large.status).toBe(413);
    expect((await large.json()).error.message).toBe("Recordings may be at most 1 MB.");
    expect(fs.readdirSync(recordingsDir())).toEqual([`${vmId}.webm`]);
    expect(Buffer.from(await (await repA.fetch(`/api/console/voicemails/${vmId}/recording`)).arrayBuffer()).equals(Buffer.from(WEBM))).toBe(true);
  });

  it("only the rep who left a message adds its recording (an admin may too)", async () => {
    const byAdmin = await admin.fetch(`/api/console/prospects/${rob.id}/outcomes`, { method: "POST", json: { kind: "voicemail" } });
    const id = (await byAdmin.json()).voicemailId;
    const res = await put(repA, id, WEBM);
    expect(res.status).toBe(403);
    expect((await put(admin, id, WEBM)).status).toBe(201);
  });

  it("an unknown or malformed id is a 404", async () => {
    expect((await repA.fetch("/api/console/voicemails/vm_nope/recording")).status).toBe(404);
    expect((await put(repA, "..%2F..%2Fringback.db", WEBM)).status).toBe(404);
  });

  it("the call-mode page lists Rob with the words last left him; deleting Rob removes his recordings", async () => {
    const html = await (await repA.fetch("/call?list=all")).text();
    expect(html).toContain("Rob Mason");
    expect(html).toContain("acme dot com slash rob dash mason");
    expect(fs.readdirSync(recordingsDir()).length).toBe(2);
    expect((await api(`/api/v1/prospects/${rob.id}`, { method: "DELETE" })).status).toBe(204);
    expect(fs.readdirSync(recordingsDir())).toEqual([]);
  });
});
