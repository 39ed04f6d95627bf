/**
 * What a rep says aloud on a voicemail: the page's address ("acme dot com slash rob dash mason dash
 * two") and their phone number in groups ("five five five, zero one zero, two zero three zero").
 * Written so that every character can be said, and so that what is heard types back to the slug.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js";

export type DashWord = "dash" | "hyphen";

/** Digits as words, said one by one (a listener writes "two one", not "twenty-one", back as 21). */
export const DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"] as const;

/** Words a listener would hear as punctuation or digits: a name that *is* one of these is spelled out. */
const SAID_AS_SYMBOL = new Set<string>([...DIGIT_WORDS, "dash", "hyphen", "dot", "slash"]);

/** A run of letters said as a word, or letter by letter when it cannot be said ("jx", "one"). */
function sayLetters(run: string): string {
  const unsayable = run.length > 1 && !/[aeiouy]/.test(run); // no vowel: "xq", "jkl"
  return unsayable || SAID_AS_SYMBOL.has(run) ? run.split("").join(" ") : run;
}

/** One part of a slug between dashes: "mason2" → "mason two". */
function sayPart(part: string): string {
  const runs = part.toLowerCase().match(/[a-z]+|[0-9]+|[^a-z0-9]+/g) ?? [];
  return runs
    .map((r) => (/^[0-9]+$/.test(r) ? r.split("").map((d) => DIGIT_WORDS[Number(d)]).join(" ") : /^[a-z]+$/.test(r) ? sayLetters(r) : r))
    .join(" ");
}

/** A slug as said: `rob-mason-2` → "rob dash mason dash two". */
export function spokenSlug(slug: string, dash: DashWord = "dash"): string {
  return slug
    .split("-")
    .map(sayPart)
    .join(` ${dash} `);
}

/** A host as said: `acme.com` → "acme dot com" (a dash in it as the workspace says it). */
export function spokenHost(publicBase: string, dash: DashWord = "dash"): string {
  const host = publicBase.replace(/^https?:\/\//, "").replace(/\/+$/, "").replace(/:\d+$/, "");
  return host
    .split(".")
    .map((label) => spokenSlug(label, dash))
    .join(" dot ");
}

/** The page's address as said on a voicemail: "acme dot com slash rob dash mason dash two". */
export function spokenPageUrl(publicBase: string, slug: string, dash: DashWord = "dash"): string {
  return `${spokenHost(publicBase, dash)} slash ${spokenSlug(slug, dash)}`;
}

/** The voicemail's line that speaks the address, as the console shows it after "Say:" (and the message log keeps it when nothing else was written). */
export function spokenLine(publicBase: string, slug: string, dash: DashWord = "dash"): string {
  return `…I recorded something for you at ${spokenPageUrl(publicBase, slug, dash)}.`;
}

/**
 * What a listener writes down from a spoken slug — the inverse of spokenSlug, used by the tests to
 * show nothing is lost: words within a part run together, digit words become digits.
 */
export function slugFromSpoken(spoken: string, dash: DashWord = "dash"): string {
  const digit = new Map<string, string>(DIGIT_WORDS.map((w, i) => [w, String(i)]));
  return spoken
    .split(` ${dash} `)
    .map((part) =>
      part
        .split(" ")
        .map((w) => digit.get(w) ?? w)
        .join(""),
    )
    .join("-");
}

const sayDigits = (digits: string) => digits.split("").map((d) => DIGIT_WORDS[Number(d)]).join(" ");

/**
 * A phone number said in groups, as people write it: +1 555 010 2030 → "five five five, zero one
 * zero, two zero three zero" (a North American number without its +1; another country's with
 * "plus" and its code). Empty when there is no number.
 */
export function spokenPhone(e164: string | null | undefined): string {
  if (!e164) return "";
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return sayDigits(e164.replace(/\D/g, ""));
  const groups = parsed.formatInternational().split(/\s+/).slice(1).map((g) => g.replace(/\D/g, "")).filter(Boolean);
  const said = groups.map(sayDigits).join(", ");
  return parsed.countryCallingCode === "1" ? said : `plus ${sayDigits(parsed.countryCallingCode)}, ${said}`;
}
