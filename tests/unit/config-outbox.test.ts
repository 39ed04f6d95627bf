import { describe, expect, it } from "vitest";
import { loadConfig as loadConfigFrom } from "../../lib/config";

const loadConfig = (env: Record<string, string>) => loadConfigFrom(env as NodeJS.ProcessEnv);

describe("e-mail and webhook settings", () => {
  it("default to: no e-mail, 1 s polling, 10 s timeout, 30 s base doubling to 1 h, give up after 24 h, https only, 10 webhooks", () => {
    expect(loadConfig({}).SMTP_URL).toBeUndefined();
    expect(loadConfig({})).toMatchObject({
      ALERT_FROM: "Ringback <ringback@localhost>",
      OUTBOX_POLL_MS: 1000,
      OUTBOX_CONCURRENCY: 4,
      WEBHOOK_TIMEOUT_SECONDS: 10,
      WEBHOOK_RETRY_BASE_SECONDS: 30,
      WEBHOOK_RETRY_MAX_SECONDS: 3600,
      OUTBOX_GIVE_UP_HOURS: 24,
      WEBHOOK_ALLOW_HTTP: false,
      WEBHOOKS_MAX_PER_USER: 10,
    });
    expect(loadConfig({ SMTP_URL: "" }).SMTP_URL).toBeUndefined();
  });

  it("takes an SMTP URL, a fractional retry base and the http switch", () => {
    const cfg = loadConfig({ SMTP_URL: "smtp://user:pass@127.0.0.1:2525", WEBHOOK_RETRY_BASE_SECONDS: "0.2", WEBHOOK_ALLOW_HTTP: "true", OUTBOX_POLL_MS: "100" });
    expect(cfg).toMatchObject({ SMTP_URL: "smtp://user:pass@127.0.0.1:2525", WEBHOOK_RETRY_BASE_SECONDS: 0.2, WEBHOOK_ALLOW_HTTP: true, OUTBOX_POLL_MS: 100 });
  });

  it("stops with the variable's name on a bad value", () => {
    expect(() => loadConfig({ SMTP_URL: "mail.acme.com" })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ WEBHOOK_RETRY_BASE_SECONDS: "soon" })).toThrow(/WEBHOOK_RETRY_BASE_SECONDS/);
    expect(() => loadConfig({ WEBHOOKS_MAX_PER_USER: "0" })).toThrow(/WEBHOOKS_MAX_PER_USER/);
    expect(() => loadConfig({ WEBHOOK_ALLOW_HTTP: "maybe" })).toThrow(/WEBHOOK_ALLOW_HTTP/);
  });
});
