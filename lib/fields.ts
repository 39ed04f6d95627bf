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

/** An optional e-mail address, lowercased; empty becomes null. */
export const optionalEmail = z
  .string()
  .trim()
  .max(254)
  .transform((v) => v.toLowerCase() || null)
  .pipe(z.email("Enter a valid e-mail address.").nullable())
  .nullable()
  .optional();
