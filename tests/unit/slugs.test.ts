import { describe, expect, it } from "vitest";
import { enumerateRoutes } from "../support/routes";
import { checkSlug, RESERVED_SLUGS, SLUG_MAX_LENGTH, slugBaseFor, slugify, uniqueSlug } from "../../lib/slugs";

const nothingTaken = () => false;
const takenFrom = (...slugs: string[]) => {
  const set = new Set(slugs);
  return (s: string) => set.has(s);
};
const VALID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe("slugify", () => {
  it.each([
    ["José Núñez", "jose-nunez"],
    ["Søren Ørsted", "soren-orsted"],
    ["Catherine O'Neill", "catherine-oneill"],
    ["Catherine O’Neill", "catherine-oneill"], // typographic apostrophe
    ["Rob Mason", "rob-mason"],
    ["  ROB   MASON  ", "rob-mason"],
    ["Mary-Jane Watson", "mary-jane-watson"],
    ["Zoë Æther", "zoe-aether"],
    ["Łukasz Straße", "lukasz-strasse"],
    ["Þórr Guðmundsson", "thorr-gudmundsson"],
    ["Rob Mason, Jr.", "rob-mason-jr"],
    ["Agent 007", "agent-007"],
  ])("%s → %s", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("returns an empty slug only for text with no letters or digits at all (the caller falls back)", () => {
    expect(slugify("!!!")).toBe("");
    expect(slugify("🚀 ✨")).toBe("");
    expect(slugify("")).toBe("");
  });

  it.each([
    ["李小龍", "li-xiaolong"], // family name first, written without a space
    ["김민준", "gim-minjun"],
    ["Алексей Смирнов", "aleksey-smirnov"],
    ["Γιώργος Παπαδόπουλος", "giorgos-papadopoylos"],
    ["さくら", "sakura"],
    ["राहुल शर्मा", "rahul-srma"],
    ["Nguyễn Văn An", "nguyen-van-an"],
    ["Ｒｏｂ Ｍａｓｏｎ", "rob-mason"], // full-width letters from a CJK keyboard
  ])("transliterates names in other scripts: %s → %s", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("drops emoji and symbols instead of spelling them out", () => {
    expect(slugify("Rob 🚀 Mason")).toBe("rob-mason");
    expect(slugify("Rob ™ Mason ©")).toBe("rob-mason");
  });

  it("cuts a single word longer than the limit at the limit instead of dropping it (a 100-letter name got `hello`)", () => {
    const word = "Abcdefghij".repeat(10);
    const slug = slugify(word);
    expect(slug).toBe(word.toLowerCase().slice(0, SLUG_MAX_LENGTH));
    expect(slugify(`${word} Mason`)).toBe(slug);
    expect(checkSlug(slug, nothingTaken)).toBeNull();
  });

  it("caps the length at whole words", () => {
    const slug = slugify("Maria Guadalupe Fernanda de los Angeles Villalobos Cruz Ruiz Hernandez");
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
    expect(slug).toBe("maria-guadalupe-fernanda-de-los-angeles-villalobos-cruz-ruiz");
    expect(slug).toMatch(VALID);
  });
});

describe("checkSlug", () => {
  it("accepts a free, well-formed slug", () => {
    expect(checkSlug("rob-mason", nothingTaken)).toBeNull();
    expect(checkSlug("rob-mason-2", nothingTaken)).toBeNull();
  });

  it("reserves the first segment of every route under app/ (a prospect named Voicemails must not hide the message log)", () => {
    const firsts = new Set(enumerateRoutes().map((r) => r.pattern.split("/")[1]).filter((seg) => seg && !seg.startsWith("[")));
    expect([...firsts].filter((seg) => !RESERVED_SLUGS.includes(seg))).toEqual([]);
  });

  it.each(RESERVED_SLUGS.filter((s) => VALID.test(s)))("rejects the reserved word %s as reserved", (word) => {
    expect(checkSlug(word, nothingTaken)).toBe("reserved");
  });

  it("never lets a reserved path through, whatever the reason given", () => {
    for (const word of RESERVED_SLUGS) expect(checkSlug(word, nothingTaken)).not.toBeNull();
  });

  it.each([
    ["", "empty"],
    ["a".repeat(SLUG_MAX_LENGTH + 1), "too_long"],
    ["Rob-Mason", "invalid_characters"],
    ["rob_mason", "invalid_characters"],
    ["rob--mason", "invalid_characters"],
    ["-rob", "invalid_characters"],
    ["rob-", "invalid_characters"],
    ["rob mason", "invalid_characters"],
    ["josé", "invalid_characters"],
    ["rob/mason", "invalid_characters"],
  ])("%j → %s", (slug, problem) => {
    expect(checkSlug(slug, nothingTaken)).toBe(problem);
  });

  it("reports a slug someone already has as taken", () => {
    expect(checkSlug("rob-mason", takenFrom("rob-mason"))).toBe("taken");
  });

  it("accepts a slug of exactly the maximum length", () => {
    expect(checkSlug("a".repeat(SLUG_MAX_LENGTH), nothingTaken)).toBeNull();
  });
});

describe("uniqueSlug", () => {
  it("uses the name when it is free", () => {
    expect(uniqueSlug("rob-mason", "Northwind Traders", nothingTaken)).toBe("rob-mason");
  });

  it("then the name with the company's first word", () => {
    expect(uniqueSlug("rob-mason", "Northwind Traders", takenFrom("rob-mason"))).toBe("rob-mason-northwind");
  });

  it("transliterates the company word", () => {
    expect(uniqueSlug("rob-mason", "Ørsted A/S", takenFrom("rob-mason"))).toBe("rob-mason-orsted");
  });

  it("then numbers a person can say, starting at 2, in order", () => {
    expect(uniqueSlug("rob-mason", "Northwind", takenFrom("rob-mason", "rob-mason-northwind"))).toBe("rob-mason-2");
    expect(uniqueSlug("rob-mason", "Northwind", takenFrom("rob-mason", "rob-mason-northwind", "rob-mason-2", "rob-mason-3"))).toBe(
      "rob-mason-4",
    );
  });

  it("goes straight to numbers without a company", () => {
    expect(uniqueSlug("rob-mason", null, takenFrom("rob-mason"))).toBe("rob-mason-2");
    expect(uniqueSlug("rob-mason", "", takenFrom("rob-mason"))).toBe("rob-mason-2");
  });

  it("is never random: the same inputs give the same slug", () => {
    const taken = takenFrom("rob-mason", "rob-mason-northwind");
    const results = new Set(Array.from({ length: 20 }, () => uniqueSlug("rob-mason", "Northwind", taken)));
    expect([...results]).toEqual(["rob-mason-2"]);
  });

  it("never invents a stock word for an empty base: the caller must derive one from the person", () => {
    expect(() => uniqueSlug("", null, nothingTaken)).toThrow(RangeError);
  });

  it("steps around a reserved name", () => {
    expect(uniqueSlug("admin", "Acme", nothingTaken)).toBe("admin-acme");
    expect(uniqueSlug("admin", null, nothingTaken)).toBe("admin-2");
  });

  it("keeps suffixed slugs within the length cap, dropping whole words (this used to loop forever)", () => {
    const root = slugify("María Guadalupe Fernanda de los Ángeles Villalobos Cruz Ruiz");
    expect(root).toHaveLength(SLUG_MAX_LENGTH);
    const withCompany = uniqueSlug(root, "Acme", takenFrom(root));
    expect(withCompany).toBe("maria-guadalupe-fernanda-de-los-angeles-villalobos-cruz-acme");
    const numbered = uniqueSlug(root, "Acme", takenFrom(root, withCompany));
    expect(numbered).toBe("maria-guadalupe-fernanda-de-los-angeles-villalobos-cruz-2");
    for (const s of [withCompany, numbered]) {
      expect(s.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
      expect(checkSlug(s, nothingTaken)).toBeNull();
    }
  });

  it("finds a free slug for a long name even when many numbered ones are taken", () => {
    const root = "x".repeat(SLUG_MAX_LENGTH); // one word: cut letters, not words
    const taken = new Set([root]);
    for (let i = 0; i < 30; i++) {
      const next = uniqueSlug(root, null, (s) => taken.has(s));
      expect(next.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
      expect(next).toMatch(VALID);
      expect(taken.has(next)).toBe(false);
      taken.add(next);
    }
    expect(taken.has(`${"x".repeat(SLUG_MAX_LENGTH - 2)}-2`)).toBe(true);
    expect(taken.has(`${"x".repeat(SLUG_MAX_LENGTH - 3)}-10`)).toBe(true);
  });

  it("skips a company word too long to fit and still ends", () => {
    const root = slugify("Rob Mason");
    const company = "y".repeat(SLUG_MAX_LENGTH);
    expect(uniqueSlug(root, company, takenFrom(root))).toBe("rob-mason-2");
  });
});

describe("slugBaseFor: every slug comes from the person", () => {
  it("uses the name", () => {
    expect(slugBaseFor({ firstName: "Rob", lastName: "Mason", company: "Northwind" })).toBe("rob-mason");
  });

  it("a one-word first name of 100 letters is cut to the limit, never a stock word", () => {
    const first = "a".repeat(100);
    const base = slugBaseFor({ firstName: first, lastName: "" });
    expect(base).toBe("a".repeat(SLUG_MAX_LENGTH));
    expect(base).not.toBe("hello");
  });

  it("a name with nothing speakable falls back to the company", () => {
    expect(slugBaseFor({ firstName: "!!!", lastName: "", company: "Northwind Traders" })).toBe("northwind-traders");
  });

  it("then to the e-mail address's local part", () => {
    expect(slugBaseFor({ firstName: "—", lastName: "", company: null, email: "rob.mason@northwind.test" })).toBe("rob-mason");
    expect(slugBaseFor({ firstName: "—", lastName: "", company: "***", email: "r_mason+vm@northwind.test" })).toBe("r-mason-vm");
  });

  it("and otherwise gives nothing, so the rep is asked for an address instead of given a stock word", () => {
    expect(slugBaseFor({ firstName: "!!!", lastName: "?", company: null, email: null })).toBe("");
  });
});
