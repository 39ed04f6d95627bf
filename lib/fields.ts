/** Field rules shared by accounts, profiles and prospects. */
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./auth/passwords";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: "Enter a valid e-mail address." })).pipe(z.string().max(254));
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);
export const nameSchema = z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.");

/** Optional free text: trimmed, empty becomes null, limited to `max` characters. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .transform((v) => v || null)
    .nullable()
    .optional();

/**
 * A rep's or the workspace's phone, as people write it ("+1 555 010 2030", "(555) 010-2030 ext. 4"):
 * digits with the usual separators, 7 to 15 of them. Empty becomes null. Prospects' phones are
 * checked more strictly, in the workspace's region (lib/prospects.ts).
 */
export const optionalPhone = optionalText(40).refine((v) => v == null || looksLikePhone(v), "Enter a phone number such as +1 555 010 2030.");

function looksLikePhone(v: string): boolean {
  const [main, ...ext] = v.split(/\s*(?:ext\.?|x|#)\s*/i);
  if (ext.length > 1 || (ext.length === 1 && !/^\d{1,6}$/.test(ext[0]))) return false;
  if (!/^\+?[\d\s().\-/]+$/.test(main)) return false;
  const digits = main.replace(/\D/g, "").length;
  return digits >= 7 && digits <= 15;
}

/** An optional e-mail address, lowercased; empty becomes null. */
export const optionalEmail = z
  .string()
  .trim()
  .max(254)
  .transform((v) => v.toLowerCase() || null)
  .pipe(z.email("Enter a valid e-mail address.").nullable())
  .nullable()
  .optional();
