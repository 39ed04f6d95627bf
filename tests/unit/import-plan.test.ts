/** Imports on a real database: duplicates, re-imports, and slugs nobody could mistake for another's. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

let tmp: TempDatabase;
let imports: typeof import("../../lib/imports/index");
let prospects: typeof import("../../lib/prospects");
let rep: Awaited<ReturnType<typeof import("../../lib/accounts").createUser>>;
let other: typeof rep;

beforeAll(async () => {
  tmp = await useTempDatabase();
  imports = await import("../../lib/imports/index");
  prospects = await import("../../lib/prospects");
  const { createUser } = await import("../../lib/accounts");
  rep = await createUser({ email: "rep@acme.test", password: "a long password", name: "Rep" });
  other = await createUser({ email: "other@acme.test", password: "a long password", name: "Other" });
});
afterAll(() => tmp.cleanup());

async function run(csv: string, params: Record<string, string> = {}, actor = rep) {
  const q = imports.parseImportQuery(new URLSearchParams(params));
  if (!q.ok) throw new Error(JSON.stringify(q));
  const p = await imports.prepareImport(actor, new TextEncoder().encode(csv), q.query);
  if (!p.ok) throw new Error(JSON.stringify(p));
  return imports.runImport(p, { origin: "https://acme.test" });
}

const count = async () => (await prospects.pageOfProspects({ ...rep, role: "admin" }, undefined, 100_000)).rows.length;

describe("a person's page address recognises them (Ringback's export)", () => {
  it("a row whose URL is an existing page is that person, even with no e-mail or phone", async () => {
    const first = await run("First Name,Last Name\nNoa,Nocontact\n");
    expect(first.created).toBe(1);
    const slug = first.prospects[0].slug;
    const before = await count();
    for (const url of [`https://acme.test/${slug}`, `acme.test/${slug}/`, `https://ACME.test/${slug.toUpperCase()}?x=1`]) {
      const again = await run(`First Name,Last Name,URL\nNoa,Nocontact,${url}\n`);
      expect(again.created, url).toBe(0);
      expect(again.skipped, url).toBe(1);
    }
    // Twice in one file: the second row is the same person.
    const twice = await run(`First Name,URL\nNoa,https://acme.test/${slug}\nNoa,https://acme.test/${slug}\n`);
    expect(twice.outcomes.map((o) => o.action)).toEqual(["skip", "skip"]);
    expect(await count()).toBe(before);
    expect(imports.pageSlugOf("https://acme.test/not a slug")).toBeNull();
  });
});

describe("duplicates", () => {
  const csv = "First Name,Last Name,Email,Phone\nDana,Lee,dana@contoso.test,\nDana,Lee,DANA@contoso.test,\nEli,Park,,(555) 010-3000\nEli,P.,,+1 555 010 3000\n";

  it("skips the same person twice within the file, naming the first row", async () => {
    const a = await run(csv);
    expect(a).toMatchObject({ created: 2, updated: 0, skipped: 2, errors: [] });
    expect(a.outcomes.map((o) => [o.row, o.action])).toEqual([[2, "create"], [3, "skip"], [4, "create"], [5, "skip"]]);
    expect(a.outcomes[1].message).toContain("row 2");
  });

  it("creates nothing new when the same file comes again", async () => {
    const before = await count();
    const a = await run(csv);
    expect(a).toMatchObject({ created: 0, updated: 0, skipped: 4 });
    expect(await count()).toBe(before);
  });

  it("updates an existing prospect when asked, and only with what the row says", async () => {
    const a = await run("First Name,Company,Email\nDana,Contoso,dana@contoso.test\n", { onDuplicate: "update" });
    expect(a).toMatchObject({ created: 0, updated: 1, skipped: 0 });
    expect(a.outcomes[0].message).toMatch(/Updates company of Dana Lee/);
    const again = await run("First Name,Company,Email\nDana,Contoso,dana@contoso.test\n", { onDuplicate: "update" });
    expect(again).toMatchObject({ updated: 0, skipped: 1 });
  });

  it("never lets a rep change another rep's prospect through an import", async () => {
    const a = await run("First Name,Company,Email\nDana,Fabrikam,dana@contoso.test\n", { onDuplicate: "update" }, other);
    expect(a).toMatchObject({ updated: 0, skipped: 1 });
    expect(a.outcomes[0].message).toContain("another rep");
  });

  it("a dry run writes nothing", async () => {
    const before = await count();
    const a = await run("First Name\nZed\n", { dryRun: "true" });
    expect(a).toMatchObject({ dryRun: true, created: 1, prospects: [{ row: 2, id: null, slug: "zed" }] });
    expect(await count()).toBe(before);
  });
});

describe("slugs", () => {
  it("rows of one file that sound alike get addresses that do not", async () => {
    const a = await run("First Name,Last Name,Company\nJohn,Smith,Northwind\nJon,Smith,Contoso\nJohn,Smyth,Fabrikam\n");
    const slugs = a.prospects.map((p) => p.slug);
    expect(slugs[0]).toBe("john-smith");
    expect(new Set(slugs).size).toBe(3);
    expect(slugs[1]).not.toBe("jon-smith");
  });

  it("the bulk check answers exactly as the one-by-one check does", async () => {
    const { SlugMatcher } = await import("../../lib/imports/slug-matcher");
    const { buildSlugIndex, soundsLikeExisting } = await import("../../lib/slug-resolver");
    const { slugify } = await import("../../lib/slugs");
    const firsts = ["john", "jon", "joan", "catherine", "kathryn", "ann", "anne", "mohammed", "muhammad", "sean", "shawn", "li", "lee", "rob", "robert", "alexei", "aleksey", "zoe", "chris", "kris"];
    const lasts = ["smith", "smyth", "mason", "masen", "nguyen", "wynn", "oneill", "oneil", "li", "lee", "park", "parke", "garcia", "garsia", "schmidt", "smid"];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const existing = Array.from({ length: 120 }, (_, i) => {
      const slug = slugify(`${firsts[rnd(firsts.length)]} ${lasts[rnd(lasts.length)]}${rnd(5) === 0 ? ` ${rnd(4) + 2}` : ""}`);
      return { slug: `${slug}${i % 7 === 0 ? "-x" : ""}`, prospectId: `pro_${i}`, canonical: slug };
    });
    const index = buildSlugIndex(existing);
    const matcher = new SlugMatcher(index);
    let agreed = 0;
    for (const f of firsts) for (const l of lasts) for (const tail of ["", "-2", "-northwind"]) {
      const s = `${f}-${l}${tail}`;
      expect(matcher.soundsLikeExisting(s) !== undefined, s).toBe(soundsLikeExisting(s, index) !== undefined);
      agreed++;
    }
    expect(agreed).toBe(firsts.length * lasts.length * 3);
  });

  it("10,000 rows are planned in seconds, not minutes", async () => {
    const firsts = ["Ava", "Ben", "Chloe", "Dev", "Emma", "Finn", "Gita", "Hugo", "Iris", "Jack", "Kofi", "Lena", "Mila", "Noah", "Omar", "Pia", "Quinn", "Ravi", "Sara", "Theo"];
    const lasts = ["Adams", "Baker", "Clark", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones", "Khan", "Lopez", "Moreau", "Novak", "Olsen", "Patel", "Quist", "Rossi", "Sato", "Tanaka", "Umar", "Vega", "Wong", "Xu", "Young", "Zhou"];
    const lines = ["First Name,Last Name,Company,Email"];
    for (let i = 0; i < 10_000; i++) lines.push(`${firsts[i % 20]},${lasts[(i * 7) % 26]}${i % 3 ? "" : "-" + lasts[i % 26]},Co ${i % 97},p${i}@bulk.test`);
    const t0 = performance.now();
    const a = await run(lines.join("\n"));
    const ms = performance.now() - t0;
    expect(a.created).toBe(10_000);
    expect(new Set(a.prospects.map((p) => p.slug)).size).toBe(10_000);
    expect(ms).toBeLessThan(30_000);
    console.log(`10,000 rows imported in ${Math.round(ms)} ms`);
  }, 120_000);
});
