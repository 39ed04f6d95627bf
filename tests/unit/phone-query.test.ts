import { describe, expect, it } from "vitest";
import { OUTCOMES, CALL_OUTCOMES } from "../../lib/outcome-rules";
import { phoneQuery } from "../../lib/phone";

describe("phoneQuery: a number as people paste or type it, in E.164", () => {
  it.each([
    ["(555) 010-2030", "US", "+15550102030"],
    ["555.010.2030", "US", "+15550102030"],
    ["+1 555 010 2030", "US", "+15550102030"],
    ["15550102030", "US", "+15550102030"],
    ["1-555-010-2030", "US", "+15550102030"],
    ["tel:+15550102030", "US", "+15550102030"],
    ["TEL:+1-555-010-2030", "US", "+15550102030"],
    ["555-010-2030 ext. 12", "US", "+15550102030"],
    ["555-010-2030 extension 12", "US", "+15550102030"],
    ["555 010 2030 x12", "US", "+15550102030"],
    ["555 010 2030 #12", "US", "+15550102030"],
    ["tel:+15550102030;ext=12", "US", "+15550102030"],
    ["011 44 20 7946 0958", "US", "+442079460958"],
    ["00 44 20 7946 0958", "US", "+442079460958"],
    ["020 7946 0958", "GB", "+442079460958"],
    ["+44 20 7946 0958", "GB", "+442079460958"],
    ["+44 (0)20 7946 0958", "GB", "+442079460958"],
    ["0044 20 7946 0958", "GB", "+442079460958"],
    ["15550102030", "GB", "+15550102030"],
    ["030 901820", "DE", "+4930901820"],
    ["+49 30 901820", "DE", "+4930901820"],
    ["0049 30 901820", "DE", "+4930901820"],
  ])("%s in %s → %s", (raw, region, e164) => {
    expect(phoneQuery(raw, region)).toBe(e164);
  });

  it.each(["Rob", "Rob Mason", "", "12", "555-CALL-NOW", "rob@northwind.example", "+1 555 010 2030 Rob"])("%j is not a phone number", (raw) => {
    expect(phoneQuery(raw, "US")).toBeNull();
  });
});

describe('the "They called back" outcome', () => {
  it("takes them out of the call-now tiers like reached, keeps them open, and counts as a returned call", () => {
    expect(OUTCOMES.called_back).toMatchObject({ label: "They called back", followUpDays: 7, closes: false, funnel: "call_returned" });
    expect(OUTCOMES.voicemail.funnel).toBe("voicemail_left");
  });
  it("is not one of the after-my-call buttons (it is logged from Who's calling?)", () => {
    expect(CALL_OUTCOMES).not.toContain("called_back");
    expect(CALL_OUTCOMES).toContain("voicemail");
  });
});
