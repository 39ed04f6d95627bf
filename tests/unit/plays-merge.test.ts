import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeProblems, MERGE_FIELD_NAMES, parseTemplate, renderTemplate, suggestField, templateProblems, type MergeContext } from "../../lib/plays/merge";

const ROB: MergeContext = {
  prospect: { firstName: "Rob", lastName: "Mason", company: "Northwind" },
  rep: { name: "Sam Rivera", title: "Account Executive", phone: "+15550102030", email: "sam@acme.test" },
  workspace: { companyName: "Acme" },
};
const withProspect = (p: Partial<MergeContext["prospect"]>): MergeContext => ({ ...ROB, prospect: { ...ROB.prospect, ...p } });

describe("parsing templates", () => {
  it("finds fields, their fallbacks and positions", () => {
    const parts = parseTemplate("Hi {{firstName}}, for {{ company | your team }}!");
    expect(parts.map((p) => (p.kind === "text" ? p.text : `[${p.token.name}|${p.token.fallback}@${p.token.start}]`))).toEqual(["Hi ", "[firstName|null@3]", ", for ", "[company|your team@22]", "!"]);
  });

  it("accepts every known field, with and without a fallback", () => {
    for (const f of MERGE_FIELD_NAMES) {
      expect(templateProblems(`x {{${f}}} y`)).toEqual([]);
      expect(templateProblems(`{{ ${f} | someone }}`)).toEqual([]);
    }
  });

  it("names an unknown field with its position and the field it most likely meant", () => {
    expect(templateProblems("Hi {{frstName}}")).toEqual([{ kind: "unknown", field: "frstName", index: 3, suggestion: "firstName" }]);
    expect(describeProblems("Hi {{frstName}}")).toBe("Unknown merge field {{frstName}} — did you mean {{firstName}}?");
    expect(suggestField("FirstName")).toBe("firstName");
    expect(suggestField("company_name")).toBe("companyName");
    expect(describeProblems("{{favouriteColour}}")).toMatch(/^Unknown merge field \{\{favouriteColour\}\}\. Use one of \{\{firstName\}\}/);
  });

  it("refuses a field left open or closed alone, but not a lone brace", () => {
    expect(templateProblems("Hi {{firstName")).toEqual([{ kind: "unclosed", index: 3 }]);
    expect(templateProblems("Hi firstName}} and {{company}}")).toEqual([{ kind: "unclosed", index: 12 }]);
    expect(describeProblems("{{firstName")).toMatch(/not closed/);
    expect(templateProblems("a { b } c")).toEqual([]);
  });
});

describe("rendering", () => {
  it("fills fields in for the prospect and the rep", () => {
    expect(renderTemplate("Hi {{firstName}} {{lastName}} ({{fullName}}) of {{company}} — {{repFirstName}} {{repLastName}}, {{repTitle}} at {{companyName}}, {{repPhone}}, {{repEmail}}", ROB)).toBe(
      "Hi Rob Mason (Rob Mason) of Northwind — Sam Rivera, Account Executive at Acme, +1 555 010 2030, sam@acme.test",
    );
  });

  it("uses the fallback only for an empty value", () => {
    expect(renderTemplate("for {{company|your team}}", withProspect({ company: null }))).toBe("for your team");
    expect(renderTemplate("for {{company|your team}}", withProspect({ company: "   " }))).toBe("for your team");
    expect(renderTemplate("for {{company|your team}}", ROB)).toBe("for Northwind");
    expect(renderTemplate("for {{company}}!", withProspect({ company: null }))).toBe("for !");
  });

  it("keeps hostile names as text, and never reads a value as a template", () => {
    const evil = `<script>alert(1)</script>{{repEmail}}"'&`;
    expect(renderTemplate("Hi {{firstName}}", withProspect({ firstName: evil }))).toBe(`Hi ${evil}`);
    expect(renderTemplate("{{company|<img src=x onerror=alert(1)>}}", withProspect({ company: "" }))).toBe("<img src=x onerror=alert(1)>");
  });

  it("leaves anything unknown as written instead of failing", () => {
    expect(renderTemplate("{{nope}} {{firstName", ROB)).toBe("{{nope}} {{firstName");
  });
});

describe("properties", () => {
  const field = fc.constantFrom(...MERGE_FIELD_NAMES);
  const plain = fc.string().map((s) => s.replace(/[{}]/g, ""));
  const value = fc.string({ maxLength: 30 });
  const template = fc.array(fc.oneof(plain, field.map((f) => `{{${f}}}`), fc.tuple(field, plain).map(([f, fb]) => `{{${f}|${fb.replace(/\|/g, "")}}}`)), { maxLength: 8 }).map((a) => a.join(""));
  const ctx = fc.record({ firstName: value, lastName: value, company: fc.option(value) }).map((p) => withProspect(p));

  it("any template made of known fields is accepted", () => {
    fc.assert(fc.property(template, (t) => templateProblems(t).length === 0));
  });

  it("text without braces renders as itself", () => {
    fc.assert(fc.property(plain, ctx, (t, c) => renderTemplate(t, c) === t));
  });

  it("a rendered template holds no known field any more, unless a value or fallback wrote one", () => {
    fc.assert(
      fc.property(template, ctx, (t, c) => {
        const valuesHaveBraces = [c.prospect.firstName, c.prospect.lastName, c.prospect.company ?? ""].some((v) => v.includes("{") || v.includes("}"));
        fc.pre(!valuesHaveBraces);
        return !MERGE_FIELD_NAMES.some((f) => renderTemplate(t, c).includes(`{{${f}}}`));
      }),
    );
  });

  it("a value appears exactly as given, whatever it holds", () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }).filter((s) => s.trim() === s && s.length > 0), (name) => renderTemplate("<{{firstName}}>", withProspect({ firstName: name })) === `<${name}>`));
  });

  it("validation and rendering never throw on any input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), ctx, (t, c) => {
        templateProblems(t);
        describeProblems(t);
        return typeof renderTemplate(t, c) === "string";
      }),
    );
  });
});
