/** What a rep can change about themselves, and what an admin can change about the workspace. */
import { z } from "zod";
import { getWorkspaceSettings, saveWorkspaceSettings, type WorkspaceSettings } from "../db/queries/settings";
import { updateUserProfile } from "../db/queries/users";
import { toPublicUser, type PublicUser } from "./accounts";
import { nameSchema, optionalEmail, optionalText } from "./fields";
import { invalidatePages } from "./page-cache";

const optionalUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "Enter a full link starting with https://")
  .transform((v) => v || null)
  .nullable()
  .optional();

export const profileSchema = z.object({
  name: nameSchema.optional(),
  title: optionalText(100),
  phone: optionalText(40),
  photoUrl: optionalUrl,
  calendarUrl: optionalUrl,
});

export function updateProfile(userId: string, input: z.output<typeof profileSchema>): PublicUser | undefined {
  const row = updateUserProfile(userId, input);
  invalidatePages();
  return row && toPublicUser(row);
}

export const workspaceSchema = z.object({
  companyName: z.string().trim().min(1, "Enter your company's name.").max(100).optional(),
  logoUrl: optionalUrl,
  brandColor: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #2563eb.").optional(),
  publicBaseUrl: optionalUrl,
  defaultPhoneRegion: z.string().trim().regex(/^[A-Z]{2}$/, "Use a two-letter country code such as US or GB.").optional(),
  contactPhone: optionalText(40),
  contactEmail: optionalEmail,
});

export function workspace(): WorkspaceSettings {
  return getWorkspaceSettings() ?? { id: 1, companyName: "Ringback", logoUrl: null, brandColor: "#2563eb", publicBaseUrl: null, defaultPhoneRegion: "US", contactPhone: null, contactEmail: null, updatedAt: 0 };
}

export function updateWorkspace(input: z.output<typeof workspaceSchema>): WorkspaceSettings {
  const saved = saveWorkspaceSettings(input);
  invalidatePages();
  return saved;
}
