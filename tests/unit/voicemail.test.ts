import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeProblems, templateProblems } from "../../lib/plays/merge";
import { SCRIPT_MERGE_FIELDS } from "../../lib/plays/merge";
import { HINT_RULES, scriptHints, type HintInput } from "../../lib/voicemail/hints";
import { renderScript, type RenderInput } from "../../lib/voicemail/render";
import { slugFromSpoken, spokenPageUrl, spokenPhone, spokenSlug } from "../../lib/voicemail/spoken";
import { STYLES } from "../../lib/voicemail/styles";
import { countWords, measuredPace, PACE_TOLERANCE, paceVerdict, speakingSeconds, timingVerdict } from "../../lib/voicemail/timing";
import { sniffRecording } from "../../lib/voicemail/recordings";
import { spokenLine } from "../../lib/voicemail/spoken";

describe("spoken forms", () => {
  it("says the address with dots, slashes and dashes", () => {
    expect(spokenPageUrl("https://acme.com", "rob-mason")).toBe("acme dot com slash rob dash mason");
    expect(spokenPageUrl("https://acme.com/", "rob-mason", "hyphen")).toBe("acme dot com slash rob hyphen mason");
  });

  it("spells digits and names that cannot be said", () => {
    expect(spokenSlug("rob-mason-2")).toBe("rob dash mason dash two");
    expect(spokenSlug("rob-mason-12", "hyphen")).toBe("rob hyphen mason hyphen one two");
    expect(spokenSlug("mason2")).toBe("mason two");
    expect(spokenSlug("jx-ng")).toBe("j x dash n g");
    expect(spokenSlug("one-dash")).toBe("o n e dash d a s h");
    expect(spokenPageUrl("https://go.acme-2.com", "a")).toBe("go dot acme dash two dot com slash a");
  });

  it("every slug's spoken form has no digits and reads back to the slug", () => {
    const part = fc.stringMatching(/^[a-z0-9]{1,10}$/);
    const slug = fc.array(part, { minLength: 1, maxLength: 4 }).map((p) => p.join("-"));
    fc.assert(
      fc.property(slug, fc.constantFrom("dash" as const, "hyphen" as const), (s, dash) => {
        const said = spokenSlug(s, dash);
        expect(said).not.toMatch(/[0-9]/);
        expect(slugFromSpoken(said, dash)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it("says a phone number in groups", () => {
    expect(spokenPhone("+15550102030")).toBe("five five five, zero one zero, two zero three zero");
    expect(spokenPhone("+442079460958")).toBe("plus four four, two zero, seven nine four six, zero nine five eight");
    expect(spokenPhone(null)).toBe("");
  });
});

describe("the default line", () => {
  it("speaks the address the workspace's way", () => {
    expect(spokenLine("https://acme.com", "rob-mason-2")).toBe("…I recorded something for you at acme dot com slash rob dash mason dash two.");
    expect(spokenLine("https://hi.acme.com", "rob-mason", "hyphen")).toBe("…I recorded something for you at hi dot acme dot com slash rob hyphen mason.");
  });
});

describe("timing", () => {
  it("counts words, not punctuation", () => {
    expect(countWords("Hi Rob — it's Sam, from Acme.")).toBe(6);
    expect(countWords("   ")).toBe(0);
  });
  it("turns words into seconds at the rate", () => {
    const words75 = Array(75).fill("word").join(" ");
    expect(speakingSeconds(words75, 150)).toBe(30);
    expect(speakingSeconds(words75, 100)).toBe(45);
  });
  it("gives the window's verdict", () => {
    const w = { min: 20, max: 30 };
    expect(timingVerdict(19, w)).toBe("short");
    expect(timingVerdict(20, w)).toBe("ok");
    expect(timingVerdict(30, w)).toBe("ok");
    expect(timingVerdict(31, w)).toBe("long");
  });
});

const PHONE = "five five five, zero one zero, two zero three zero";
const GOOD = `Hi Rob, it's Sam from Acme, ${PHONE}. I have an idea that could help Northwind keep more customers, and I put it at acme dot com slash rob dash mason. If this is of interest, I can be reached at ${PHONE}.`;
const base = (text: string, over: Partial<HintInput> = {}): HintInput => ({
  text,
  seconds: speakingSeconds(text, 150),
  window: { min: 20, max: 30 },
  phoneForms: [PHONE, "+1 555 010 2030"],
  ...over,
});
const codes = (h: HintInput) => scriptHints(h).map((x) => x.code);

describe("a rehearsal's measured pace", () => {
  const SIXTY = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
  it("is words a minute over the take's real length", () => {
    expect(measuredPace(SIXTY, 24)).toBe(150);
    expect(measuredPace(SIXTY, 20)).toBe(180);
    expect(measuredPace(SIXTY, 0)).toBe(0);
  });
  it(`is natural within ${PACE_TOLERANCE * 100}% of the target either way, rushed above, slow below`, () => {
    expect(paceVerdict(150, 150)).toBe("ok");
    expect(paceVerdict(172, 150)).toBe("ok");
    expect(paceVerdict(173, 150)).toBe("rushed");
    expect(paceVerdict(128, 150)).toBe("ok");
    expect(paceVerdict(127, 150)).toBe("slow");
  });
});

describe("kept recordings", () => {
  const head = (...b: number[]) => new Uint8Array([...b, 0, 0, 0, 0, 0, 0, 0, 0]);
  it("are known by their first bytes: WebM (Chromium, Firefox), Ogg, MP4 (Safari); anything else is refused", () => {
    expect(sniffRecording(head(0x1a, 0x45, 0xdf, 0xa3))).toBe("webm");
    expect(sniffRecording(new Uint8Array(Buffer.from("OggS\0\x02\0\0\0\0")))).toBe("ogg");
    expect(sniffRecording(new Uint8Array(Buffer.from("\0\0\0\x1cftypM4A \0\0")))).toBe("mp4");
    expect(sniffRecording(new Uint8Array(Buffer.from("<svg onload=alert(1)>")))).toBeUndefined();
    expect(sniffRecording(new Uint8Array([0x1a, 0x45]))).toBeUndefined();
  });
});

describe("hints", () => {
  it("a good script has none", () => {
    expect(codes(base(GOOD))).toEqual([]);
  });

  it("every rule has a code and a message that explains itself", () => {
    for (const r of HINT_RULES) expect(r.message.length).toBeGreaterThan(30);
    expect(new Set(HINT_RULES.map((r) => r.code)).size).toBe(HINT_RULES.length);
  });

  it("too_long and too_short", () => {
    expect(codes(base(GOOD, { seconds: 31 }))).toEqual(["too_long"]);
    expect(codes(base(GOOD, { seconds: 19 }))).toEqual(["too_short"]);
    expect(codes(base(GOOD, { seconds: 19, style: "name_number" }))).toEqual([]);
  });

  it("pitches_product", () => {
    expect(codes(base(GOOD.replace("I have an idea", "Our product has features")))).toContain("pitches_product");
    expect(codes(base(GOOD.replace("I have an idea", "We offer a demo of our tool")))).toContain("pitches_product");
  });

  it("asks_call_back", () => {
    expect(codes(base(GOOD.replace("If this is of interest, I can be reached at", "Please call me back at")))).toContain("asks_call_back");
    expect(codes(base(GOOD))).not.toContain("asks_call_back");
  });

  it("number_missing, number_once, number_only_at_end", () => {
    const n = (text: string) => codes(base(text, { seconds: 25 }));
    expect(n(GOOD.split(PHONE).join("my desk"))).toEqual(["number_missing"]);
    const onceAtStart = GOOD.replace(`reached at ${PHONE}`, "reached at my desk");
    expect(n(onceAtStart)).toEqual(["number_once"]);
    const onlyAtEnd = GOOD.replace(`Acme, ${PHONE}.`, "Acme.");
    expect(n(onlyAtEnd)).toEqual(["number_once", "number_only_at_end"]);
    // the written form counts too
    expect(n(GOOD.split(PHONE).join("+1 555 010 2030"))).toEqual([]);
  });

  it("no_reason", () => {
    const bare = `Hi Rob, it's Sam from Acme, ${PHONE}. My page is at acme dot com slash rob dash mason. I can be reached at ${PHONE}.`;
    expect(codes(base(bare, { seconds: 22 }))).toEqual(["no_reason"]);
    expect(codes(base(bare, { seconds: 22, style: "name_number" }))).toEqual([]);
  });
});

const ROB: Omit<RenderInput, "body"> = {
  prospect: { firstName: "Rob", lastName: "Mason", company: "Northwind", slug: "rob-mason-2" },
  rep: { name: "Sam Rivera", title: "Account Executive", phone: "+15550102030", email: "sam@acme.test" },
  workspace: { companyName: "Acme", publicBase: "https://acme.com", spokenDash: "dash" },
  timing: { wpm: 150, window: { min: 20, max: 30 } },
};

describe("styles and rendering", () => {
  it("has the seven styles, each with why it works and an example using only known fields", () => {
    expect(STYLES.map((s) => s.key)).toEqual(["name_number", "dangle_carrot", "question", "where_we_met", "their_problem", "referral", "promise_call"]);
    for (const s of STYLES) {
      expect(s.why.length).toBeGreaterThan(20);
      expect(templateProblems(s.example, SCRIPT_MERGE_FIELDS)).toEqual([]);
    }
  });

  it("renders each example for Rob with the address and number spoken, and no hints", () => {
    for (const s of STYLES) {
      const r = renderScript({ ...ROB, body: s.example, style: s.key });
      expect(r.text).toContain("acme dot com slash rob dash mason dash two");
      expect(r.text).toContain(PHONE);
      expect(r.text).not.toContain("{{");
      expect({ style: s.key, hints: r.hints.map((h) => h.code) }).toEqual({ style: s.key, hints: [] });
    }
  });

  it("uses the workspace's word for a dash, and the rate", () => {
    const r = renderScript({ ...ROB, workspace: { ...ROB.workspace, spokenDash: "hyphen" }, body: "Visit {{pageUrl}}." });
    expect(r.text).toBe("Visit acme dot com slash rob hyphen mason hyphen two.");
    expect(r.spokenUrl).toBe("acme dot com slash rob hyphen mason hyphen two");
    const slow = renderScript({ ...ROB, timing: { wpm: 60, window: { min: 20, max: 30 } }, body: "one two three four five" });
    expect(slow.seconds).toBe(5);
  });

  it("plays do not accept the spoken fields; scripts do", () => {
    expect(describeProblems("{{pageUrl}}")).toMatch(/Unknown merge field/);
    expect(describeProblems("{{pageUrl}} {{repPhoneSpoken}}", SCRIPT_MERGE_FIELDS)).toBeUndefined();
    expect(describeProblems("{{pageurl}}", SCRIPT_MERGE_FIELDS)).toMatch(/did you mean \{\{pageUrl\}\}/);
  });
});
