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
  it("look like rbk_… and are stored only as a hash, with a short hint", async () => {
    const { token, record } = await createApiToken(rep.id, "HubSpot", T0);
    expect(token).toMatch(/^rbk_[A-Za-z0-9_-]{32}$/);
    expect(record).toMatchObject({ name: "HubSpot", hint: token.slice(0, 8), createdAt: T0, lastUsedAt: null, revokedAt: null });
    expect(record.id).toMatch(/^tok_/);
    expect(record).not.toHaveProperty("tokenHash");
    expect(JSON.stringify(getDb().select().from(apiTokens).all())).not.toContain(token);
  });

  it("userForBearer accepts `Bearer <token>` and returns the token's owner", async () => {
    const { token } = await createApiToken(rep.id, "Dialer", T0);
    const { token: otherToken } = await createApiToken(other.id, "Dialer", T0);
    expect((await userForBearer(`Bearer ${token}`, T0))?.id).toBe(rep.id);
    expect((await userForBearer(`Bearer ${otherToken}`, T0))?.id).toBe(other.id);
  });

  it("accepts the scheme in any case and surrounding whitespace the way HTTP allows", async () => {
    const { token } = await createApiToken(rep.id, "CRM", T0);
    expect((await userForBearer(`bearer ${token}`, T0))?.id).toBe(rep.id);
    expect((await userForBearer(`BEARER   ${token}  `, T0))?.id).toBe(rep.id);
  });

  it("rejects a wrong token", async () => {
    const { token } = await createApiToken(rep.id, "CRM", T0);
    const wrong = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(await userForBearer(`Bearer ${wrong}`, T0)).toBeUndefined();
    expect(await userForBearer(`Bearer rbk_${"a".repeat(32)}`, T0)).toBeUndefined();
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
  ])("rejects a malformed header: %s", async (_label, template) => {
    const { token } = await createApiToken(rep.id, "Malformed", T0);
    const header = template === null ? null : template.replace("TOKEN", token);
    expect(await userForBearer(header, T0)).toBeUndefined();
  });

  it("rejects an oversized header without looking it up", async () => {
    expect(await userForBearer(`Bearer ${"a".repeat(201)}`, T0)).toBeUndefined();
  });

  it("stop working once revoked, and only the owner can revoke", async () => {
    const { token, record } = await createApiToken(rep.id, "Zapier", T0);
    expect(await revokeToken(other.id, record.id)).toBe(false);
    expect((await userForBearer(`Bearer ${token}`, T0))?.id).toBe(rep.id);
    expect(await revokeToken(rep.id, record.id)).toBe(true);
    expect(await userForBearer(`Bearer ${token}`, T0)).toBeUndefined();
    expect(await revokeToken(rep.id, record.id)).toBe(false);
    expect((await listTokens(rep.id)).find((t) => t.id === record.id)?.revokedAt).not.toBeNull();
  });

  it("revoking one token leaves the others working", async () => {
    const a = await createApiToken(rep.id, "A", T0);
    const b = await createApiToken(rep.id, "B", T0);
    await revokeToken(rep.id, a.record.id);
    expect((await userForBearer(`Bearer ${b.token}`, T0))?.id).toBe(rep.id);
  });

  it("record the last use, at most once a minute", async () => {
    const { token, record } = await createApiToken(other.id, "Usage", T0);
    const lastUsed = async () => (await listTokens(other.id)).find((t) => t.id === record.id)?.lastUsedAt;
    await userForBearer(`Bearer ${token}`, T0 + 1000);
    expect(await lastUsed()).toBe(T0 + 1000);
    await userForBearer(`Bearer ${token}`, T0 + 30_000);
    expect(await lastUsed()).toBe(T0 + 1000);
    await userForBearer(`Bearer ${token}`, T0 + 61_000);
    expect(await lastUsed()).toBe(T0 + 61_000);
  });

  it("list only the user's own tokens", async () => {
    const mine = await listTokens(other.id);
    expect(mine.length).toBeGreaterThan(0);
    const repIds = new Set((await listTokens(rep.id)).map((t) => t.id));
    for (const t of mine) expect(repIds.has(t.id)).toBe(false);
  });
});
