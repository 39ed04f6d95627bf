import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { campaignStepsInputSchema, describeTouch, TOUCH_KINDS } from "../../lib/campaigns/steps";

/** Field path → first message, as lib/api/http.ts `fieldErrors` reports them to the API and the editor. */
function fields(input: unknown): Record<string, string> {
  const parsed = campaignStepsInputSchema.safeParse(input);
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of (parsed.error as z.ZodError).issues) out[issue.path.length ? issue.path.join(".") : "_"] ??= issue.message;
  return out;
}

const example = [
  { day: 1, kind: "voicemail", scriptId: "scr_a1" },
  { day: 3, kind: "email", subject: "Your page, {{firstName}}", body: "Hi {{firstName}}, here it is: {{pageUrl}}" },
  { day: 6, kind: "voicemail", scriptId: "scr_example_carrot" },
  { day: 10, kind: "call" },
];

describe("campaign steps", () => {
  it("accept the example campaign, trimmed", () => {
    const parsed = campaignStepsInputSchema.parse({ steps: [{ ...example[0], scriptId: " scr_a1 " }, ...example.slice(1)] });
    expect(parsed.steps).toHaveLength(4);
    expect(parsed.steps[0].scriptId).toBe("scr_a1");
  });

  it("days strictly increasing, the message naming the step before (counted from 1)", () => {
    expect(fields({ steps: [{ day: 1, kind: "call" }, { day: 3, kind: "call" }, { day: 3, kind: "call" }] })).toEqual({ "steps.2.day": "Day 3 must come after step 2's day 3." });
    expect(fields({ steps: [{ day: 5, kind: "call" }, { day: 2, kind: "call" }] })).toEqual({ "steps.1.day": "Day 2 must come after step 1's day 5." });
  });

  it("1 to 10 steps", () => {
    expect(fields({ steps: [] })).toEqual({ steps: "Add at least one step." });
    expect(fields({ steps: Array.from({ length: 11 }, (_, i) => ({ day: i + 1, kind: "call" })) })).toEqual({ steps: "Use at most 10 steps." });
    expect(fields({ steps: Array.from({ length: 10 }, (_, i) => ({ day: i + 1, kind: "call" })) })).toEqual({});
    expect(fields({})).toEqual({ steps: "List the campaign's steps." });
  });

  it("a day is a whole working-day number from 1", () => {
    const msg = "Use a whole working-day number from 1 to 260.";
    for (const day of [0, -1, 1.5, "1", null, 261]) expect(fields({ steps: [{ day, kind: "call" }] })).toEqual({ "steps.0.day": msg });
  });

  it("a kind is voicemail, email or call", () => {
    expect(fields({ steps: [{ day: 1, kind: "sms" }] })).toEqual({ "steps.0.kind": "Choose voicemail, email or call." });
  });

  it("an e-mail step needs a subject and a body, and follows no script", () => {
    expect(fields({ steps: [{ day: 1, kind: "email" }] })).toEqual({ "steps.0.subject": "Write the e-mail's subject.", "steps.0.body": "Write the e-mail's body." });
    expect(fields({ steps: [{ day: 1, kind: "email", subject: "  ", body: "Hi", scriptId: "scr_a" }] })).toEqual({
      "steps.0.subject": "Write the e-mail's subject.",
      "steps.0.scriptId": "An e-mail step has no script; only voicemail and call steps follow one.",
    });
  });

  it("a subject or body only on an e-mail step", () => {
    expect(fields({ steps: [{ day: 1, kind: "voicemail", subject: "Hi", body: "There" }] })).toEqual({
      "steps.0.subject": "Only an e-mail step has a subject.",
      "steps.0.body": "Only an e-mail step has a body.",
    });
  });

  it("lengths and script ids", () => {
    expect(fields({ steps: [{ day: 1, kind: "email", subject: "s".repeat(201), body: "b".repeat(4001) }] })).toEqual({
      "steps.0.subject": "Use at most 200 characters.",
      "steps.0.body": "Use at most 4,000 characters.",
    });
    expect(fields({ steps: [{ day: 1, kind: "email", subject: "s".repeat(200), body: "b".repeat(4000) }] })).toEqual({});
    expect(fields({ steps: [{ day: 1, kind: "voicemail", scriptId: "pro_123" }] })).toEqual({ "steps.0.scriptId": "Use a script id such as scr_…." });
  });

  it("unknown fields are refused", () => {
    expect(Object.keys(fields({ steps: [{ day: 1, kind: "call", delay: 2 }] }))).toEqual(["steps.0"]);
    expect(Object.keys(fields({ steps: [{ day: 1, kind: "call" }], name: "x" }))).toEqual(["_"]);
  });

  it("a missing e-mail field and the order of days are both reported; the order waits until every day is a number", () => {
    expect(fields({ steps: [{ day: 4, kind: "call" }, { day: 2, kind: "email" }] })).toEqual({
      "steps.1.subject": "Write the e-mail's subject.",
      "steps.1.body": "Write the e-mail's body.",
      "steps.1.day": "Day 2 must come after step 1's day 4.",
    });
    expect(fields({ steps: [{ day: 4, kind: "call" }, { day: 2, kind: "call" }, { day: "x", kind: "call" }] })).toEqual({ "steps.2.day": "Use a whole working-day number from 1 to 260." });
  });
});

describe("describeTouch", () => {
  it("labels a touch for the queue and call mode", () => {
    expect(describeTouch({ kind: "voicemail" }, 1, 4, "Dangle the carrot")).toBe("Touch 2 of 4 — voicemail: “Dangle the carrot”");
    expect(describeTouch({ kind: "email", subject: "Your page, Rob" }, 2, 4)).toBe("Touch 3 of 4 — e-mail: “Your page, Rob”");
    expect(describeTouch({ kind: "call" }, 3, 4)).toBe("Touch 4 of 4 — call");
    expect(describeTouch({ kind: "email", subject: "A short idea for {{company|your team}}, {{ firstName }}" }, 1, 4)).toBe("Touch 2 of 4 — e-mail: “A short idea for ‹company›, ‹firstName›”");
    expect(describeTouch({ kind: "voicemail" }, 0, 1, "  ")).toBe("Touch 1 of 1 — voicemail");
    // An e-mail is titled by its subject, never by a script name.
    expect(describeTouch({ kind: "email", subject: "Hello" }, 0, 1, "Script")).toBe("Touch 1 of 1 — e-mail: “Hello”");
    expect(Object.keys(TOUCH_KINDS)).toEqual(["voicemail", "email", "call"]);
  });
});
