/** Property tests: whatever is typed, resolution never throws and never names a stranger. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSlugIndex, editDistance, resolveTyped } from "../../lib/slug-resolver";
import { slugify } from "../../lib/slugs";

const SLUGS = ["rob-mason", "bob-mason", "jon-smith", "john-smith-northwind", "jose-nunez", "catherine-oneill", "li-wei", "rob-mason-2"];
const index = buildSlugIndex(SLUGS.map((slug) => ({ slug, prospectId: `pro_${slug}`, canonical: slug })));

const anyPath = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom(...SLUGS).map((s) => s.toUpperCase()),
  fc.tuple(fc.constantFrom(...SLUGS), fc.string({ maxLength: 5 })).map(([s, x]) => s + x),
  fc.array(fc.constantFrom("%", "%2", "%E9", "%C3%A9", "..", "/", "\u0000", "\u202E", "-", "_", ".", "rob", "mason"), { maxLength: 30 }).map((a) => a.join("")),
);

describe("resolveTyped, for any input", () => {
  it("never throws, and a match is always a real prospect", () => {
    fc.assert(
      fc.property(anyPath, (typed) => {
        const r = resolveTyped(typed, index);
        if (r.kind === "exact" || r.kind === "match") expect(SLUGS).toContain(r.target.canonical);
      }),
      { numRuns: 5000 },
    );
  });

  it("a match is close to what was typed, in spelling or in sound", () => {
    fc.assert(
      fc.property(anyPath, (typed) => {
        const r = resolveTyped(typed, index);
        if (r.kind !== "match") return;
        const words = slugify(decodeURIComponentSafe(typed)).split("-");
        const target = r.target.canonical.replace(/-/g, "");
        const sortedTarget = r.target.canonical.split("-").sort().join("");
        // Word order may be swapped; spoken punctuation and number words are removed before matching.
        const d = Math.min(editDistance(words.join(""), target), editDistance([...words].sort().join(""), sortedTarget));
        expect(d <= Math.max(4, Math.ceil(target.length * 0.6))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("every slug resolves to itself, in any letter case", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SLUGS), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (slug, upper) => {
        const typed = [...slug].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("");
        const r = resolveTyped(typed, index);
        expect(r.kind === "exact" || r.kind === "match" ? r.target.canonical : null).toBe(slug);
      }),
    );
  });
});

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
