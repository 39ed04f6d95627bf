import { parsePhoneNumberFromString } from "libphonenumber-js";

/** "+15550102030" → "+1 555 010 2030" for people to read; anything unparseable as it is. */
export function displayPhone(e164: string | null | undefined): string {
  if (!e164) return "";
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
