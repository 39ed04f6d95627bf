import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/** "+15550102030" → "+1 555 010 2030" for people to read; anything unparseable as it is. */
export function displayPhone(e164: string | null | undefined): string {
  if (!e164) return "";
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** What may follow a number as its extension: "ext. 12", "extension 12", "x12", ";ext=12", "#12". */
const EXTENSION = /\s*(?:[;,]\s*ext\s*=\s*|,?\s*(?:ext(?:ension)?\.?|x|#)\s*)\d{1,7}\s*$/i;
/** Everything people put in a pasted or typed number besides digits. */
const PHONE_CHARACTERS = /^[+\d\s().\-\/]+$/;

/**
 * A number as people paste or type it — "(555) 010-2030", "555.010.2030", "+1 555 010 2030",
 * "15550102030", "tel:+15550102030", "00 44 20 7946 0958", "011 44 …", national numbers of the
 * workspace's region, with or without an extension — in E.164 as prospects' phones are stored;
 * null when it is not a phone number (a name, too few digits, letters).
 */
export function phoneQuery(raw: string, region: string = "US"): string | null {
  let s = raw.trim().replace(/^tel:/i, "").replace(EXTENSION, "").trim();
  // tel: URIs may carry parameters (";phone-context=…").
  s = s.replace(/;.*$/, "").trim();
  if (!s || !PHONE_CHARACTERS.test(s)) return null;
  const digits = s.replace(/\D/g, "");
  if (digits.length < 6 || digits.length > 17) return null;
  const candidates: string[] = [];
  if (s.startsWith("+")) candidates.push(`+${digits}`);
  else if (digits.startsWith("00")) candidates.push(`+${digits.slice(2)}`);
  else if (digits.startsWith("011")) candidates.push(`+${digits.slice(3)}`, digits);
  else {
    candidates.push(digits);
    // "15550102030": a NANP number with its leading 1, typed in a workspace outside North America.
    if (digits.length === 11 && digits.startsWith("1")) candidates.push(`+${digits}`);
  }
  const cc = (region || "US").toUpperCase() as CountryCode;
  for (const c of candidates) {
    const parsed = parsePhoneNumberFromString(c, cc);
    if (parsed?.isPossible()) return parsed.number;
  }
  return null;
}
