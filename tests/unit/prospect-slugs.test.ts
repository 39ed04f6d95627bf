/** The slug a new prospect gets, through createProspect on a real database: always the person's own. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

let tmp: TempDatabase;
let prospects: typeof import("../../lib/prospects");
let rep: Awaited<ReturnType<typeof import("../../lib/accounts").createUser>>;

beforeAll(async () => {
  tmp = await useTempDatabase();
  prospects = await import("../../lib/prospects");
  const { createUser } = await import("../../lib/accounts");
  rep = await createUser({ email: "rep@acme.test", password: "a long password", name: "Rep" });
});
afterAll(() => tmp.cleanup());

describe("createProspect's automatic slug", () => {
  it("a one-word first name of 100 letters gets its own first 60 letters, not `hello`", async () => {
    const first = "Zyxwvutsrq".repeat(10);
    const p = await prospects.createProspect(rep, { firstName: first });
    expect(p.slug).not.toBe("hello");
    expect(p.slug).toBe(first.toLowerCase().slice(0, 60));
  });

  it("a second one of the same name is suffixed within the limit", async () => {
    const first = "Zyxwvutsrq".repeat(10);
    const p = await prospects.createProspect(rep, { firstName: first, company: "Northwind" });
    expect(p.slug.length).toBeLessThanOrEqual(60);
    expect(p.slug.startsWith("zyxwvutsrq")).toBe(true);
    expect(p.slug.endsWith("-northwind")).toBe(true);
  });

  it("a name in another script is transliterated", async () => {
    expect((await prospects.createProspect(rep, { firstName: "Алексей", lastName: "Смирнов" })).slug).toBe("aleksey-smirnov");
  });

  it("a name with nothing speakable takes the company, then the e-mail's local part", async () => {
    expect((await prospects.createProspect(rep, { firstName: "!!!", company: "Fabrikam Inc" })).slug).toBe("fabrikam-inc");
    expect((await prospects.createProspect(rep, { firstName: "???", email: "dana.lee@contoso.test" })).slug).toBe("dana-lee");
  });

  it("with nothing at all to derive one from, the rep is asked for an address (never a stock word)", async () => {
    await expect(prospects.createProspect(rep, { firstName: "!!!" })).rejects.toThrow(prospects.ProspectError);
    try {
      await prospects.createProspect(rep, { firstName: "!!!" });
    } catch (e) {
      expect((e as InstanceType<typeof prospects.ProspectError>).fields.slug).toMatch(/address/i);
    }
    expect((await prospects.createProspect(rep, { firstName: "!!!", slug: "bang-bang" })).slug).toBe("bang-bang");
  });
});
