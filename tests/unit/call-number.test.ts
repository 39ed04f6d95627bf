/** What a page's Call button dials (lib/profiles.ts callNumberFor) and which phones a rep may save (lib/fields.ts optionalPhone). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

let tmp: TempDatabase;
let profiles: typeof import("../../lib/profiles");
let fields: typeof import("../../lib/fields");

beforeAll(async () => {
  tmp = await useTempDatabase();
  profiles = await import("../../lib/profiles");
  fields = await import("../../lib/fields");
});
afterAll(() => tmp.cleanup());

describe("callNumberFor", () => {
  it.each([
    ["+1 555 010 2030", "+1 555 010 9999", "+15550102030"],
    [null, "+1 555 010 9999", "+15550109999"],
    ["", "(555) 010-9999", "5550109999"],
    ["+1 555 010 2030 ext. 12", null, "+15550102030"],
    [null, null, null],
    ["", "", null],
  ])("rep %j, main phone %j → %j", async (rep, main, expected) => {
    expect(await profiles.callNumberFor({ phone: rep }, { contactPhone: main })).toBe(expected);
  });
});

describe("optionalPhone", () => {
  it.each(["+1 555 010 2030", "(555) 010-2030", "+44 20 7946 0958", "555.010.2030 x 4", "+1 555 010 2030 ext. 12"])("accepts %j", (v) => {
    expect(fields.optionalPhone.safeParse(v).success).toBe(true);
  });
  it.each(["12", "call me", "+1 555 010 2030 ext. twelve", "1234567890123456", "555-0102; DROP"])("refuses %j with the console's message", (v) => {
    const r = fields.optionalPhone.safeParse(v);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe("Enter a phone number such as +1 555 010 2030.");
  });
  it("turns empty into null, and lets null and undefined through", () => {
    expect(fields.optionalPhone.parse("  ")).toBeNull();
    expect(fields.optionalPhone.parse(null)).toBeNull();
    expect(fields.optionalPhone.parse(undefined)).toBeUndefined();
  });
});
