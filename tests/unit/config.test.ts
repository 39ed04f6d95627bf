import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig as loadConfigFrom } from "../../lib/config";

/** loadConfig from exactly these variables (Next's typings insist every env has NODE_ENV). */
const loadConfig = (env: Record<string, string>) => loadConfigFrom(env as NodeJS.ProcessEnv);

/** The error loadConfig throws for `env`, or a failure when it does not throw. */
function problemWith(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig defaults", () => {
  it("gives every setting a sensible default from an empty environment", () => {
    const cfg = loadConfig({});
    expect(cfg).toMatchObject({
      PORT: 3000,
      HOST: "0.0.0.0",
      DATABASE_PATH: "./data/ringback.db",
      SESSION_TTL_HOURS: 24 * 14,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 5,
      LOGIN_MAX_FAILURES_PER_CLIENT: 20,
      LOGIN_THROTTLE_WINDOW_MINUTES: 15,
      LOGIN_ACCOUNT_DELAY_AFTER: 50,
      LOGIN_ACCOUNT_DELAY_MAX_SECONDS: 30,
      TRUST_PROXY: false,
      COOKIE_SECURE: "auto",
      PASSWORD_SCRYPT_COST: 32768,
    });
    expect(cfg.PUBLIC_BASE_URL).toBeUndefined();
    expect(cfg.databasePath).toBe(path.resolve("data/ringback.db"));
  });

  it("ignores variables it does not know", () => {
    expect(loadConfig({ SOMETHING_ELSE: "x", PATH: "/usr/bin" }).PORT).toBe(3000);
  });
});

describe("loadConfig overrides", () => {
  it("reads numbers, strings and URLs from the environment", () => {
    const cfg = loadConfig({
      PORT: "8080",
      HOST: "127.0.0.1",
      DATABASE_PATH: "/var/lib/ringback/prod.db",
      PUBLIC_BASE_URL: "https://acme.com",
      SESSION_TTL_HOURS: "8",
      LOGIN_MAX_FAILURES_PER_ACCOUNT: "3",
      LOGIN_MAX_FAILURES_PER_CLIENT: "50",
      LOGIN_THROTTLE_WINDOW_MINUTES: "30",
      LOGIN_ACCOUNT_DELAY_AFTER: "200",
      LOGIN_ACCOUNT_DELAY_MAX_SECONDS: "10",
      COOKIE_SECURE: "true",
      PASSWORD_SCRYPT_COST: "16384",
    });
    expect(cfg).toMatchObject({
      PORT: 8080,
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: "https://acme.com",
      SESSION_TTL_HOURS: 8,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 3,
      LOGIN_MAX_FAILURES_PER_CLIENT: 50,
      LOGIN_THROTTLE_WINDOW_MINUTES: 30,
      LOGIN_ACCOUNT_DELAY_AFTER: 200,
      LOGIN_ACCOUNT_DELAY_MAX_SECONDS: 10,
      COOKIE_SECURE: "true",
      PASSWORD_SCRYPT_COST: 16384,
    });
    expect(cfg.databasePath).toBe("/var/lib/ringback/prod.db");
  });

  it("resolves a relative DATABASE_PATH against the working directory", () => {
    expect(loadConfig({ DATABASE_PATH: "tmp/x.db" }).databasePath).toBe(path.join(process.cwd(), "tmp", "x.db"));
  });

  it.each([
    ["1", true],
    ["true", true],
    ["yes", true],
    ["on", true],
    ["0", false],
    ["false", false],
    ["no", false],
    ["off", false],
    ["", false],
  ])("reads TRUST_PROXY=%j as %s", (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toBe(expected);
  });

  it("treats an empty PUBLIC_BASE_URL as unset", () => {
    expect(loadConfig({ PUBLIC_BASE_URL: "" }).PUBLIC_BASE_URL).toBeUndefined();
  });
});

describe("loadConfig errors name the variable", () => {
  it.each(["abc", "0", "-1", "65536", "80.5"])("PORT=%j", (value) => {
    const message = problemWith({ PORT: value });
    expect(message).toMatch(/^Invalid environment:/);
    expect(message).toMatch(/\bPORT: /);
    expect(message).not.toMatch(/PASSWORD_SCRYPT_COST|SESSION_TTL_HOURS/);
  });

  it.each(["3000", "1025", "40000"])("PASSWORD_SCRYPT_COST=%s is not a power of two", (value) => {
    expect(problemWith({ PASSWORD_SCRYPT_COST: value })).toMatch(/PASSWORD_SCRYPT_COST: must be a power of two/);
  });

  it.each(["512", String(2 ** 21)])("PASSWORD_SCRYPT_COST=%s is out of range", (value) => {
    expect(problemWith({ PASSWORD_SCRYPT_COST: value })).toMatch(/\bPASSWORD_SCRYPT_COST: /);
  });

  it.each([
    ["TRUST_PROXY", "maybe"],
    ["COOKIE_SECURE", "sometimes"],
    ["PUBLIC_BASE_URL", "acme.com"],
    ["SESSION_TTL_HOURS", "0"],
    ["LOGIN_MAX_FAILURES_PER_ACCOUNT", "lots"],
    ["LOGIN_THROTTLE_WINDOW_MINUTES", "99999"],
    ["LOGIN_ACCOUNT_DELAY_AFTER", "0"],
    // A delay, never a lock: at most an hour.
    ["LOGIN_ACCOUNT_DELAY_MAX_SECONDS", "86400"],
    ["DATABASE_PATH", ""],
  ])("%s=%j", (name, value) => {
    expect(problemWith({ [name]: value })).toMatch(new RegExp(`\\b${name}: `));
  });

  it("lists every invalid variable at once", () => {
    const message = problemWith({ PORT: "nope", PASSWORD_SCRYPT_COST: "3000" });
    expect(message).toMatch(/\bPORT: /);
    expect(message).toMatch(/\bPASSWORD_SCRYPT_COST: must be a power of two/);
  });
});

describe("config()", () => {
  const saved = { PORT: process.env.PORT };
  afterEach(() => {
    if (saved.PORT === undefined) delete process.env.PORT;
    else process.env.PORT = saved.PORT;
  });

  it("reads process.env once and keeps that configuration for the life of the process", async () => {
    process.env.PORT = "4321";
    vi.resetModules();
    const { config } = await import("../../lib/config");
    const first = config();
    expect(first.PORT).toBe(4321);
    process.env.PORT = "9999";
    expect(config()).toBe(first);
    expect(config().PORT).toBe(4321);
  });

  it("throws the same clear error for an invalid process environment", async () => {
    process.env.PORT = "not-a-port";
    vi.resetModules();
    const { config } = await import("../../lib/config");
    expect(() => config()).toThrow(/PORT: /);
  });
});

describe("voicemail script timing settings", () => {
  it("defaults to 150 words a minute and a 20–30 s window, and reads overrides", () => {
    expect(loadConfig({})).toMatchObject({ SPEAKING_RATE_WPM: 150, SCRIPT_TARGET_SECONDS_MIN: 20, SCRIPT_TARGET_SECONDS_MAX: 30 });
    expect(loadConfig({ SPEAKING_RATE_WPM: "130", SCRIPT_TARGET_SECONDS_MIN: "15", SCRIPT_TARGET_SECONDS_MAX: "25" })).toMatchObject({ SPEAKING_RATE_WPM: 130, SCRIPT_TARGET_SECONDS_MIN: 15, SCRIPT_TARGET_SECONDS_MAX: 25 });
  });
  it("refuses a rate out of range and a window that ends before it starts", () => {
    expect(problemWith({ SPEAKING_RATE_WPM: "10" })).toMatch(/SPEAKING_RATE_WPM/);
    expect(problemWith({ SCRIPT_TARGET_SECONDS_MIN: "40", SCRIPT_TARGET_SECONDS_MAX: "30" })).toMatch(/SCRIPT_TARGET_SECONDS_MIN: must not be more than SCRIPT_TARGET_SECONDS_MAX/);
  });
});
