/**
 * Speakable slugs: what a rep says on a voicemail ("rob dash mason") and a prospect types.
 * Every slug rule lives here.
 */
import anyAscii from "any-ascii";

/** Paths the app itself uses, so no prospect can ever own them. One entry a reason. */
export const RESERVED_SLUGS: readonly string[] = [
  "api", // REST API and beacons
  "_next", // Next.js assets
  "login", // sign-in
  "logout",
  "setup", // first-run setup
  "settings", // console
  "team", // console: admins manage reps
  "prospects", // console
  "offers", // console
  "plays", // console: page templates
  "scripts", // console: voicemail scripts
  "voicemails", // console: the message log
  "call", // console: call mode
  "experiments", // console: which message works
  "reports", // console: the team report
  "campaigns", // console: voicemail campaigns
  "import", // console: CSV import
  "queue", // console
  "alerts", // console
  "console",
  "admin",
  "uploads", // served files
  "static",
  "public",
  "assets",
  "og", // link-preview images
  "favicon.ico",
  "robots.txt",
  "sitemap.xml",
  "manifest.json",
  "apple-touch-icon.png",
  "privacy", // what these pages record, for prospects
  "health", // health checks
  "healthz",
  "well-known", // .well-known after normalisation
  ".well-known",
];

const RESERVED = new Set(RESERVED_SLUGS);

/**
 * Letters whose spelling we choose ourselves; everything else outside ASCII is transliterated by
 * any-ascii (Cyrillic, Greek, Han, Hangul, kana, Devanagari, Arabic, …), so every name has a slug.
 */
const TRANSLITERATION: Record<string, string> = {
  ø: "o", Ø: "o", æ: "ae", Æ: "ae", œ: "oe", Œ: "oe", ß: "ss", ð: "d", Ð: "d", þ: "th", Þ: "th",
  ł: "l", Ł: "l", đ: "d", Đ: "d", ı: "i", ħ: "h", Ħ: "h", ŧ: "t", Ŧ: "t",
};

/**
 * Names written without spaces whose family name (one syllable) comes first: 李小龍 → li-xiaolong,
 * 김민준 → gim-minjun. Two or three syllables only: longer runs are not read as one person's name.
 */
const FAMILY_NAME_FIRST = /^[\p{Script=Han}\p{Script=Hangul}]{2,3}$/u;

/** Everything that is not part of a word (emoji, symbols, punctuation) separates words, apostrophes excepted. */
const NOT_A_WORD = /[^\p{L}\p{M}\p{N}'’`]+/gu;

export const SLUG_MAX_LENGTH = 60;

function toAscii(word: string): string {
  let out = "";
  for (const ch of word) out += TRANSLITERATION[ch] ?? (ch < "\u0080" ? ch : anyAscii(ch));
  return out;
}

/**
 * `José Núñez` → `jose-nunez`; `Catherine O'Neill` → `catherine-oneill`; `Алексей` → `aleksey`.
 * Whole words are dropped from the end to stay within SLUG_MAX_LENGTH; a first word longer than
 * that is cut at the limit (never dropped, or a long one-word name would have no slug at all).
 * Returns "" only for text without a letter or digit.
 */
export function slugify(text: string): string {
  const words = text
    .normalize("NFC")
    .replace(NOT_A_WORD, " ")
    .split(" ")
    .filter(Boolean)
    .flatMap((w) => (FAMILY_NAME_FIRST.test(w) ? [w.slice(0, 1), w.slice(1)] : [w]))
    .map((w) => toAscii(w).toLowerCase().replace(/['’`]/g, ""))
    .flatMap((w) => w.split(/[^a-z0-9]+/))
    .filter(Boolean);
  let slug = "";
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w.slice(0, SLUG_MAX_LENGTH);
    if (next.length > SLUG_MAX_LENGTH) break;
    slug = next;
  }
  return slug;
}

/** The fields of a person a slug may be spelled from. */
export type SlugSource = { firstName: string; lastName: string; company?: string | null; email?: string | null };

/**
 * What a person's automatic slug is made of, in order: the name; if it has nothing speakable, the
 * company; then the e-mail address's local part (rob.mason@… → rob-mason). Never a stock word
 * that would say nothing about the person; "" when none of these has a letter or digit (the
 * caller then asks the rep for an address). The phone number is never used: it would publish it.
 */
export function slugBaseFor(person: SlugSource): string {
  const candidates = [`${person.firstName} ${person.lastName}`, person.company ?? "", (person.email ?? "").split("@")[0].replace(/[._+]/g, " ")];
  for (const text of candidates) {
    const slug = slugify(text);
    if (slug) return slug;
  }
  return "";
}

export type SlugProblem = "empty" | "too_long" | "invalid_characters" | "reserved" | "taken";

export function checkSlug(slug: string, isTaken: (s: string) => boolean): SlugProblem | null {
  if (!slug) return "empty";
  if (slug.length > SLUG_MAX_LENGTH) return "too_long";
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return "invalid_characters";
  if (RESERVED.has(slug)) return "reserved";
  if (isTaken(slug)) return "taken";
  return null;
}

/**
 * `root` + `suffix` within SLUG_MAX_LENGTH: whole words are dropped from the end of `root` to make
 * room (letters only when a single word is too long), so a suffixed slug is still speakable.
 */
function withSuffix(root: string, suffix: string): string {
  const room = SLUG_MAX_LENGTH - suffix.length;
  // No room at all (a very long company word): leave it too long for checkSlug to reject.
  if (root.length <= room || room < 1) return root + suffix;
  let cut = root.slice(0, room);
  const lastHyphen = cut.lastIndexOf("-");
  if (root[room] !== "-" && lastHyphen > 0) cut = cut.slice(0, lastHyphen);
  return cut.replace(/-+$/, "") + suffix;
}

/**
 * A free slug for a person: the name, then name + company word, then name + a number a person
 * can say ("rob-mason-2"). Never random, never a stock word: `base` comes from slugBaseFor. A name
 * near the length limit is shortened to make room for the suffix (otherwise every suffixed
 * candidate would be too long and this would never end).
 */
export function uniqueSlug(base: string, company: string | null | undefined, isTaken: (s: string) => boolean): string {
  for (const c of slugCandidates(base, company)) if (checkSlug(c, isTaken) === null) return c;
  throw new RangeError("unreachable: the candidates never end");
}

/** uniqueSlug's candidates in the order it tries them, without end; `count` of them at a time for a look-up in one query. */
export function* slugCandidates(base: string, company: string | null | undefined): Generator<string, never> {
  if (!base) throw new RangeError("uniqueSlug needs a base made from the person (see slugBaseFor)");
  const root = withSuffix(base, "");
  yield root;
  const companyWord = slugify(company ?? "").split("-")[0];
  if (companyWord) yield withSuffix(root, `-${companyWord}`);
  for (let n = 2; ; n++) yield withSuffix(root, `-${n}`);
}
