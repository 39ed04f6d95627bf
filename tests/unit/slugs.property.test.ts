/** Property tests: for any name, in any script, the automatic slug is speakable, short and the person's own. */
import anyAscii from "any-ascii";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSlug, SLUG_MAX_LENGTH, slugBaseFor, slugify, uniqueSlug } from "../../lib/slugs";

/** Letters of scripts names are written in, to build random names from. */
const SCRIPTS: Record<string, string> = {
  latin: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
  latinAccented: "áéíóúñçãõâêôàèìòùäëïöüÿøåæœßłđħþðăşţźżčšžůő",
  cyrillic: "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯіїєґ",
  greek: "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
  han: "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘小龍伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英",
  hangul: "김이박최정강조윤장임한오서신권황안송류홍민준서연지우하은도현수빈",
  kana: "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんアイウエオカキクケコサシスセソタチツテト",
  arabic: "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
  hebrew: "אבגדהוזחטיכלמנסעפצקרשת",
  devanagari: "अआइईउऊएऐओऔकखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहािीुूेैोौं",
  thai: "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอฮะาิีึืุูเแโใไ",
  georgian: "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
  armenian: "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
};

const wordIn = (alphabet: string, maxLength = 14) =>
  fc.array(fc.constantFrom(...Array.from(alphabet)), { minLength: 1, maxLength }).map((a) => a.join(""));
const anyWord = fc.oneof(...Object.values(SCRIPTS).map((a) => wordIn(a)), wordIn(SCRIPTS.latin, 120));
const aName = fc.array(anyWord, { minLength: 1, maxLength: 5 }).map((words) => words.join(" "));
/** What a rep may paste around a name: punctuation, emoji, odd spaces. */
const noise = fc.constantFrom("", " ", "  ", "-", "'", "’", ".", ",", " 🚀 ", "™", "\u00a0", "\u3000", "!!");
const messyName = fc.tuple(noise, aName, noise).map(([a, n, b]) => a + n + b);

/** The name's letters and digits as plain ASCII, as an independent transliterator spells them. */
function compactAscii(text: string): string {
  return anyAscii(text.normalize("NFC").replace(/[^\p{L}\p{M}\p{N}]/gu, "")).toLowerCase().replace(/[^a-z0-9]/g, "");
}

describe("automatic slugs, for names in any script", () => {
  it("are non-empty, within the limit, well-formed, and spelled from the name itself", () => {
    fc.assert(
      fc.property(messyName, aName, (first, last) => {
        fc.pre(compactAscii(`${first} ${last}`).length > 0);
        const base = slugBaseFor({ firstName: first, lastName: last, company: "Northwind" });
        expect(base.length).toBeGreaterThan(0);
        expect(base.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
        expect(base).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        // Derived: whole words dropped or one long word cut from the end, never another word.
        expect(compactAscii(`${first} ${last}`).startsWith(base.replace(/-/g, ""))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("a name with nothing speakable takes the company's words, never a stock word", () => {
    fc.assert(
      fc.property(fc.constantFrom("!!!", "—", "🚀", "...", "?"), aName, (first, company) => {
        // A company whose letters spell nothing in ASCII (a lone Arabic alef, say) leaves the rep to choose the address.
        fc.pre(compactAscii(company).length > 0);
        const base = slugBaseFor({ firstName: first, lastName: "", company });
        expect(base.length).toBeGreaterThan(0);
        expect(base.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
        expect(compactAscii(company).startsWith(base.replace(/-/g, ""))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("made unique, they stay within the limit and keep the name's start", () => {
    fc.assert(
      fc.property(aName, fc.integer({ min: 0, max: 12 }), (name, alreadyTaken) => {
        const base = slugify(name);
        fc.pre(base.length > 0); // nothing spellable: the rep chooses the address (slugBaseFor's callers ask)
        const taken = new Set<string>();
        let slug = "";
        for (let i = 0; i <= alreadyTaken; i++) {
          slug = uniqueSlug(base, "Northwind", (s) => taken.has(s));
          taken.add(slug);
        }
        expect(checkSlug(slug, () => false)).toBeNull();
        expect(slug.slice(0, 1)).toBe(base.slice(0, 1));
      }),
      { numRuns: 500 },
    );
  });
});
