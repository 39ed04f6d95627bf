import { afterAll, describe, expect, it, vi } from "vitest";

// hashPassword's default cost comes from config(), which is read once: set it before loading.
const savedCost = process.env.PASSWORD_SCRYPT_COST;
process.env.PASSWORD_SCRYPT_COST = "2048";
vi.resetModules();
const { hashPassword, verifyPassword, verifyAgainstDummy } = await import("../../lib/auth/passwords");
afterAll(() => {
  if (savedCost === undefined) delete process.env.PASSWORD_SCRYPT_COST;
  else process.env.PASSWORD_SCRYPT_COST = savedCost;
});

const PASSWORD = "correct horse battery staple";

describe("hashPassword and verifyPassword", () => {
  it("verify a password against its own hash", async () => {
    const stored = await hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
  });

  it("reject a wrong password, including near misses", async () => {
    const stored = await hashPassword(PASSWORD);
    for (const wrong of ["Correct horse battery staple", PASSWORD + " ", PASSWORD.slice(0, -1), "", "hunter2hunter2"]) {
      expect(await verifyPassword(wrong, stored), JSON.stringify(wrong)).toBe(false);
    }
  });

  it("store scrypt$N$r$p$salt$hash with the configured cost, a 16-byte salt and a 32-byte key", async () => {
    const stored = await hashPassword(PASSWORD);
    expect(stored).toMatch(/^scrypt\$2048\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    const [, , , , salt, key] = stored.split("$");
    expect(Buffer.from(salt, "base64url")).toHaveLength(16);
    expect(Buffer.from(key, "base64url")).toHaveLength(32);
    expect(stored).not.toContain(PASSWORD);
  });

  it("honour an explicit cost, and verify with the cost written in the hash", async () => {
    const stored = await hashPassword(PASSWORD, 1024);
    expect(stored.startsWith("scrypt$1024$8$1$")).toBe(true);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
  });

  it("salt every hash: two hashes of one password differ, and both verify", async () => {
    const a = await hashPassword(PASSWORD);
    const b = await hashPassword(PASSWORD);
    expect(a).not.toBe(b);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword(PASSWORD, b)).toBe(true);
  });

  it("a hash does not verify under a changed salt or key", async () => {
    const stored = await hashPassword(PASSWORD);
    const [algo, n, r, p, salt, key] = stored.split("$");
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    expect(await verifyPassword(PASSWORD, [algo, n, r, p, flip(salt), key].join("$"))).toBe(false);
    expect(await verifyPassword(PASSWORD, [algo, n, r, p, salt, flip(key)].join("$"))).toBe(false);
  });
});

const good = await hashPassword(PASSWORD, 1024);

describe("verifyPassword with a malformed stored hash", () => {
  const [, n, r, p, salt, key] = good.split("$");
  const join = (...parts: string[]) => parts.join("$");
  const cases: [string, unknown][] = [
    ["empty", ""],
    ["just the algorithm", "scrypt"],
    ["a plain-text password", PASSWORD],
    ["another algorithm", join("bcrypt", n, r, p, salt, key)],
    ["too few fields", join("scrypt", n, r, salt, key)],
    ["an extra field", join("scrypt", n, r, p, salt, key, "extra")],
    ["a cost that is not a power of two", join("scrypt", "1000", r, p, salt, key)],
    ["a zero cost", join("scrypt", "0", r, p, salt, key)],
    ["a negative cost", join("scrypt", "-1024", r, p, salt, key)],
    ["a non-numeric cost", join("scrypt", "lots", r, p, salt, key)],
    ["a cost too large to allocate", join("scrypt", String(2 ** 30), r, p, salt, key)],
    ["a fractional block size", join("scrypt", n, "8.5", p, salt, key)],
    ["a zero block size", join("scrypt", n, "0", p, salt, key)],
    ["absurd parallelism", join("scrypt", n, r, "99999999", salt, key)],
    ["an empty salt", join("scrypt", n, r, p, "", key)],
    ["an empty key", join("scrypt", n, r, p, salt, "")],
    // Decodes to zero bytes: before the fix, an empty derived key "matched" and any password passed.
    ["a key that is not base64url", join("scrypt", n, r, p, salt, "!!!!")],
    ["a salt that is not base64url", join("scrypt", n, r, p, "@@@@@@@@@@@@", key)],
    // A key cut to 3 bytes would be compared over 24 bits only.
    ["a truncated key", join("scrypt", n, r, p, salt, key.slice(0, 4))],
    ["null", null],
    ["undefined", undefined],
  ];

  it.each(cases)("%s: false, never a throw, even for the right password", async (_label, stored) => {
    await expect(verifyPassword(PASSWORD, stored as string)).resolves.toBe(false);
  });

  it("the well-formed original still verifies (so the cases above fail for the right reason)", async () => {
    expect(await verifyPassword(PASSWORD, good)).toBe(true);
  });
});

describe("Unicode passwords", () => {
  it("are normalised NFKC: composed and decomposed accents are the same password", async () => {
    const composed = "Café crème brûlée 2024";
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
    expect(await verifyPassword(composed, await hashPassword(decomposed))).toBe(true);
  });

  it("are normalised NFKC: compatibility forms (ligatures, full-width) match their plain forms", async () => {
    const stored = await hashPassword("ﬁnancial ｐａｓｓｗｏｒｄ ①");
    expect(await verifyPassword("financial password 1", stored)).toBe(true);
  });

  it("still tell different letters apart", async () => {
    const stored = await hashPassword("Café crème brûlée 2024");
    expect(await verifyPassword("Cafè crème brûlée 2024", stored)).toBe(false);
    expect(await verifyPassword("Cafe creme brulee 2024", stored)).toBe(false);
  });
});

describe("verifyAgainstDummy", () => {
  it("is false whatever the password", async () => {
    expect(await verifyAgainstDummy(PASSWORD)).toBe(false);
    expect(await verifyAgainstDummy("")).toBe(false);
  });
});
