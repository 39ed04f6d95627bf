import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/temp-db";

const tmp = await useTempDatabase();
const { createApiToken, listTokens, revokeToken, userForBearer } = await import("../../lib/auth/tokens");
const { createUser } = await import("../../lib/accounts");
const { getDb } = await import("../../db/index");
const { apiTokens } = await import("../../db/schema");
afterAll(tmp.cleanup);

const rep = await createUser({ email: "rep@acme.test", password: "correct horse battery", name: "Rita Rep" });
const other = await createUser({ email: "other@acme.test", password: "correct horse battery", name: "Otto Other" });
const T0 = Date.UTC(2030, 0, 1, 9, 0, 0);

describe("API tokens", () => {
  it("look like rbk_… and are stored only as a hash, with a short hint", () => {
    const { token, record } = createApiToken(rep.id, "HubSpot", T0);
    expect(token).toMatch(/^rbk_[A-Za-z0-9_-]{32}$/);
    expect(record).toMatchObject({ name: "HubSpot", hint: token.slice(0, 8), createdAt: T0, lastUsedAt: null, revokedAt: null });
    expect(record.id).toMatch(/^tok_/);
    expect(record).not.toHaveProperty("tokenHash");
    expect(JSON.stringify(getDb().select().from(apiTokens).all())).not.toContain(token);
  });

  it("userForBearer accepts `Bearer <token>` and returns the token's owner", () => {
    const { token } = createApiToken(rep.id, "Dialer", T0);
    const { token: otherToken } = createApiToken(other.id, "Dialer", T0);
    expect(userForBearer(`Bearer ${token}`, T0)?.id).toBe(rep.id);
    expect(userForBearer(`Bearer ${otherToken}`, T0)?.id).toBe(other.id);
  });

  it("accepts the scheme in any case and surrounding whitespace the way HTTP allows", () => {
    const { token } = createApiToken(rep.id, "CRM", T0);
    expect(userForBearer(`bearer ${token}`, T0)?.id).toBe(rep.id);
    expect(userForBearer(`BEARER   ${token}  `, T0)?.id).toBe(rep.id);
  });

  it("rejects a wrong token", () => {
    const { token } = createApiToken(rep.id, "CRM", T0);
    const wrong = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(userForBearer(`Bearer ${wrong}`, T0)).toBeUndefined();
    expect(userForBearer(`Bearer rbk_${"a".repeat(32)}`, T0)).toBeUndefined();
  });

  it.each([
    ["no header", null],
    ["an empty header", ""],
    ["the bare token", "TOKEN"],
    ["another scheme", "Basic TOKEN"],
    ["the scheme alone", "Bearer"],
    ["the scheme and a space", "Bearer "],
    ["no space after the scheme", "BearerTOKEN"],
    ["two credentials", "Bearer TOKEN extra"],
    ["a token with a comma", "Bearer TOKEN,"],
    ["a prefix before the scheme", "x Bearer TOKEN"],
  ])("rejects a malformed header: %s", (_label, template) => {
    const { token } = createApiToken(rep.id, "Malformed", T0);
    const header = template === null ? null : template.replace("TOKEN", token);
    expect(userForBearer(header, T0)).toBeUndefined();
  });

  it("rejects an oversized header without looking it up", () => {
    expect(userForBearer(`Bearer ${"a".repeat(201)}`, T0)).toBeUndefined();
  });

  it("stop working once revoked, and only the owner can revoke", () => {
    const { token, record } = createApiToken(rep.id, "Zapier", T0);
    expect(revokeToken(other.id, record.id)).toBe(false);
    expect(userForBearer(`Bearer ${token}`, T0)?.id).toBe(rep.id);
    expect(revokeToken(rep.id, record.id)).toBe(true);
    expect(userForBearer(`Bearer ${token}`, T0)).toBeUndefined();
    expect(revokeToken(rep.id, record.id)).toBe(false);
    expect(listTokens(rep.id).find((t) => t.id === record.id)?.revokedAt).not.toBeNull();
  });

  it("revoking one token leaves the others working", () => {
    const a = createApiToken(rep.id, "A", T0);
    const b = createApiToken(rep.id, "B", T0);
    revokeToken(rep.id, a.record.id);
    expect(userForBearer(`Bearer ${b.token}`, T0)?.id).toBe(rep.id);
  });

  it("record the last use, at most once a minute", () => {
    const { token, record } = createApiToken(other.id, "Usage", T0);
    const lastUsed = () => listTokens(other.id).find((t) => t.id === record.id)?.lastUsedAt;
    userForBearer(`Bearer ${token}`, T0 + 1000);
    expect(lastUsed()).toBe(T0 + 1000);
    userForBearer(`Bearer ${token}`, T0 + 30_000);
    expect(lastUsed()).toBe(T0 + 1000);
    userForBearer(`Bearer ${token}`, T0 + 61_000);
    expect(lastUsed()).toBe(T0 + 61_000);
  });

  it("list only the user's own tokens", () => {
    const mine = listTokens(other.id);
    expect(mine.length).toBeGreaterThan(0);
    const repIds = new Set(listTokens(rep.id).map((t) => t.id));
    for (const t of mine) expect(repIds.has(t.id)).toBe(false);
  });
});
