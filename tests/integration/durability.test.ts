/**
 * Faults, fast versions: a SIGKILL under load loses no acknowledged write; a locked database or a
 * read-only data folder gives a clear error, never a hang or a crash loop.
 */
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, setUpAdmin, startServer, tempDir, type TestServer } from "../support/server";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const started: TestServer[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
});

async function start(opts: Parameters<typeof startServer>[0] = {}) {
  const s = await startServer(opts);
  started.push(s);
  return s;
}

describe("a crash under load", () => {
  it("keeps every acknowledged write, passes integrity_check, and serves again", async () => {
    const dataDir = tempDir();
    const server = await start({ dataDir, env: { COLLECT_LIMIT_PER_MINUTE: "1000000" } });
    await setUpAdmin(server.url, { addExample: true });
    const token = runCli(["token:create", "--email", "ada@acme.test"], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;

    const ackedProspects: string[] = [];
    let ackedClicks = 0;
    let stop = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop && i < 10_000; i++) {
        try {
          const res = await fetch(`${server.url}/api/v1/prospects`, {
            method: "POST",
            headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
            body: JSON.stringify({ firstName: `Crash${n}x${i}`, lastName: "Test" }),
          });
          if (res.status === 201) ackedProspects.push((await res.json()).id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const beacons = async () => {
      for (let i = 0; !stop && i < 100_000; i++) {
        try {
          const res = await fetch(`${server.url}/api/collect`, { method: "POST", headers: { "User-Agent": IPHONE, "Content-Type": "text/plain" }, body: JSON.stringify({ slug: "rob-mason", type: "cta_click", visibleMs: 0, data: { cta: "call" } }) });
          if (res.status === 202) ackedClicks++;
        } catch {
          return;
        }
      }
    };
    const load = Promise.all([writer(1), writer(2), beacons(), beacons()]);
    await new Promise((r) => setTimeout(r, 1500));
    server.process.kill("SIGKILL");
    stop = true;
    await load;
    if (server.process.exitCode === null && server.process.signalCode === null) await new Promise((r) => server.process.once("exit", r));
    expect(ackedProspects.length).toBeGreaterThan(10);
    expect(ackedClicks).toBeGreaterThan(10);

    const db = new Database(path.join(dataDir, "ringback.db"));
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const stored = new Set((db.prepare("SELECT id FROM prospects").all() as { id: string }[]).map((r) => r.id));
    const clicks = (db.prepare("SELECT count(*) AS n FROM visit_events WHERE type = 'cta_click'").get() as { n: number }).n;
    db.close();
    for (const id of ackedProspects) expect(stored.has(id), id).toBe(true);
    expect(clicks).toBeGreaterThanOrEqual(ackedClicks);

    const again = await start({ dataDir, port: server.port });
    expect((await fetch(`${again.url}/rob-mason`)).status).toBe(200);
    expect((await fetch(`${again.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});

describe("a locked database", () => {
  it("answers writes with 503 and a clear message after the busy timeout, then recovers", async () => {
    const server = await start();
    await setUpAdmin(server.url, { addExample: true });
    const token = runCli(["token:create", "--email", "ada@acme.test"], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
    const locker = new Database(server.dbPath);
    locker.pragma("busy_timeout = 100");
    locker.exec("BEGIN EXCLUSIVE");
    const t0 = Date.now();
    const res = await fetch(`${server.url}/api/v1/prospects`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ firstName: "Locked", lastName: "Out" }),
    });
    const waited = Date.now() - t0;
    locker.exec("ROLLBACK");
    locker.close();
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe("database_busy");
    expect(body.error.message).toMatch(/busy/i);
    expect(waited).toBeLessThan(15_000);
    expect(server.logs()).toMatch(/database/i);
    const after = await fetch(`${server.url}/api/v1/prospects`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ firstName: "Unlocked", lastName: "Again" }),
    });
    expect(after.status).toBe(201);
  });
});

describe("a data folder that cannot be written", () => {
  it("stops at start with a message naming the problem (no crash loop, no hang)", async () => {
    if (process.getuid?.() === 0) {
      // root ignores file permissions; a path under a regular file cannot be created by anyone.
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, "not-a-folder"), "x");
      await expect(start({ env: { DATABASE_PATH: path.join(dir, "not-a-folder", "ringback.db") } })).rejects.toThrow(/exited \(1\)[\s\S]*Cannot open the database at .*not-a-folder/);
    } else {
      const dir = tempDir();
      fs.chmodSync(dir, 0o500);
      await expect(start({ env: { DATABASE_PATH: path.join(dir, "sub", "ringback.db") } })).rejects.toThrow(/exited \(1\)/);
    }
  });
});

/** A tiny filesystem of our own to fill up. Needs root (as CI and this project's machines have). */
function mountTinyDisk(): string | null {
  const dir = tempDir("rb-full-");
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", dir]);
  return r.status === 0 ? dir : null;
}

describe("a full disk", () => {
  const disk = process.platform === "linux" ? mountTinyDisk() : null;
  afterAll(() => {
    if (disk) spawnSync("umount", ["-l", disk]);
  });

  it.skipIf(!disk)("answers writes with 507 storage_full and a log line, keeps serving reads, and recovers when space returns", async () => {
    const server = await start({ dataDir: disk!, env: { COLLECT_LIMIT_PER_MINUTE: "1000000" } });
    await setUpAdmin(server.url, { addExample: true });
    const token = runCli(["token:create", "--email", "ada@acme.test"], { DATABASE_PATH: server.dbPath }).stdout.trim().split("\n").pop()!;
    // Leave almost nothing free.
    const filler = path.join(disk!, "filler");
    fs.writeFileSync(filler, Buffer.alloc(0));
    try {
      for (;;) fs.appendFileSync(filler, Buffer.alloc(64 * 1024));
    } catch {
      // ENOSPC: the disk is full
    }
    let status = 0;
    let body: { error?: { code: string; message: string } } = {};
    for (let i = 0; i < 200 && status !== 507; i++) {
      const res = await fetch(`${server.url}/api/v1/prospects`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ firstName: `Full${i}`, lastName: "Disk", message: "x".repeat(1900), privateNote: "y".repeat(4900) }),
      });
      status = res.status;
      body = await res.json();
      expect(status, JSON.stringify(body)).toBeLessThan(600);
      expect([201, 507]).toContain(status);
    }
    expect(status).toBe(507);
    expect(body.error!.code).toBe("storage_full");
    expect(server.logs()).toMatch(/storage_full/);
    expect((await fetch(`${server.url}/rob-mason`)).status).toBe(200);
    fs.rmSync(filler);
    const post = (firstName: string) =>
      fetch(`${server.url}/api/v1/prospects`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify({ firstName, lastName: "Again" }) });
    expect((await post("Room")).status).toBe(201);

  });
});
