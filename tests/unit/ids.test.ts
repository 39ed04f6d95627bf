import { describe, expect, it } from "vitest";
import { newId, type IdPrefix } from "../../lib/ids";

// The alphabet without look-alikes: no lowercase l, no uppercase I or O, nothing URL-special.
const RANDOM_PART = /^[0-9a-km-zA-HJ-NP-Z]{16}$/;
const PREFIXES: IdPrefix[] = ["usr", "ses", "tok", "off", "pro", "vm", "vis", "evt", "alr"];

describe("newId", () => {
  it.each(PREFIXES)("starts %s ids with the prefix and an underscore, then 16 random characters", (prefix) => {
    const id = newId(prefix);
    expect(id.startsWith(`${prefix}_`)).toBe(true);
    expect(id).toHaveLength(prefix.length + 1 + 16);
    expect(id.slice(prefix.length + 1)).toMatch(RANDOM_PART);
  });

  it("uses only the unambiguous alphabet, and all of it", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const random = newId("pro").slice(4);
      expect(random).toMatch(RANDOM_PART);
      for (const ch of random) seen.add(ch);
    }
    for (const lookAlike of ["l", "I", "O", "_", "-"]) expect(seen.has(lookAlike)).toBe(false);
    // 48 000 draws from 59 symbols: every symbol shows up, so the alphabet is really this one.
    expect(seen.size).toBe(59);
  });

  it("does not repeat", () => {
    const ids = Array.from({ length: 10_000 }, () => newId("vis"));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
