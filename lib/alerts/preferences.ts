/** A rep's alert settings: time zone, quiet hours, e-mail on or off, and (admins) everyone's alerts. */
import { z } from "zod";
import { updateAlertPreferences } from "../../db/queries/alerts";
import type { UserRow } from "../../db/queries/users";
import { formatClock, isValidTimeZone, parseClock } from "./quiet";

const clock = z
  .union([z.string(), z.null()])
  .transform((v, ctx) => {
    if (v === null || v.trim() === "") return null;
    const m = parseClock(v);
    if (m === null) {
      ctx.addIssue({ code: "custom", message: "Use a time such as 22:00." });
      return z.NEVER;
    }
    return m;
  })
  .optional();

export const preferencesSchema = z
  .object({
    timeZone: z
      .string()
      .trim()
      .max(64)
      .refine(isValidTimeZone, "Choose a time zone such as America/New_York.")
      .optional(),
    quietStart: clock,
    quietEnd: clock,
    emailAlerts: z.boolean({ error: "Use true or false." }).optional(),
    /** Only admins may choose "all". */
    alertScope: z
      .union([z.enum(["own", "all"]), z.boolean()], { error: "Use own or all." })
      .transform((v) => (v === true ? "all" : v === false ? "own" : v))
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.quietStart === null) !== (v.quietEnd === null) && v.quietStart !== undefined && v.quietEnd !== undefined)
      ctx.addIssue({ code: "custom", path: [v.quietStart === null ? "quietStart" : "quietEnd"], message: "Give both a start and an end, or neither." });
  });

export type PublicPreferences = { timeZone: string; quietStart: string; quietEnd: string; emailAlerts: boolean; alertScope: "own" | "all" };

export function preferencesOf(u: UserRow): PublicPreferences {
  return { timeZone: u.timeZone, quietStart: formatClock(u.quietStart), quietEnd: formatClock(u.quietEnd), emailAlerts: u.emailAlerts, alertScope: u.alertScope };
}

export class PreferenceError extends Error {
  constructor(public fields: Record<string, string>) {
    super(Object.values(fields)[0]);
  }
}

export async function savePreferences(user: UserRow, input: z.output<typeof preferencesSchema>): Promise<PublicPreferences> {
  if (input.alertScope === "all" && user.role !== "admin") throw new PreferenceError({ alertScope: "Only an admin can get everyone's alerts." });
  const updated = await updateAlertPreferences(user.id, input);
  return preferencesOf(updated ?? user);
}
