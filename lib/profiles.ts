/** What a rep can change about themselves, and what an admin can change about the workspace. */
import { z } from "zod";
import { getWorkspaceSettings, saveWorkspaceSettings, type WorkspaceSettings } from "../db/queries/settings";
import { findUserById, updateUserProfile } from "../db/queries/users";
import { toPublicUser, type PublicUser } from "./accounts";
import { nameSchema, optionalEmail, optionalPhone, optionalText } from "./fields";
import { imageLinkSchema, storedImageValue } from "./images/links";
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
  phone: optionalPhone,
  /** An uploaded photo, or an https link copied to Ringback when saved. */
  photoUrl: imageLinkSchema,
  calendarUrl: optionalUrl,
});

/** Saves a rep's profile; a photo link is copied here first (an ImageFieldError when it cannot be). */
export async function updateProfile(userId: string, input: z.output<typeof profileSchema>): Promise<PublicUser | undefined> {
  const photoUrl = await storedImageValue(input.photoUrl, "photo", "photoUrl");
  const row = await updateUserProfile(userId, { ...input, photoUrl });
  invalidatePages();
  return row && toPublicUser(row);
}

export const workspaceSchema = z.object({
  companyName: z.string().trim().min(1, "Enter your company's name.").max(100).optional(),
  /** An uploaded logo, or an https link copied to Ringback when saved. */
  logoUrl: imageLinkSchema,
  brandColor: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #2563eb.").optional(),
  publicBaseUrl: optionalUrl,
  defaultPhoneRegion: z.string().trim().regex(/^[A-Z]{2}$/, "Use a two-letter country code such as US or GB.").optional(),
  contactPhone: optionalPhone,
  contactEmail: optionalEmail,
  /** How voicemail scripts say a "-" in a page's address. */
  spokenDash: z.enum(["dash", "hyphen"], { error: "Choose dash or hyphen." }).optional(),
});

export async function workspace(): Promise<WorkspaceSettings> {
  return (await getWorkspaceSettings()) ?? { id: 1, companyName: "Ringback", logoUrl: null, brandColor: "#2563eb", publicBaseUrl: null, defaultPhoneRegion: "US", contactPhone: null, contactEmail: null, spokenDash: "dash", defaultScriptId: null, defaultPlayId: null, updatedAt: 0 };
}

/**
 * What a rep's pages dial when the prospect taps Call: the rep's own phone, else the workspace's
 * main phone; null when neither exists (the page then has no Call button, and the console says so).
 */
export async function callNumberFor(rep: { phone: string | null }, given?: Pick<WorkspaceSettings, "contactPhone">): Promise<string | null> {
  const ws = given ?? (await workspace());
  // An extension ("ext. 4") is for a person at the switchboard, not for the dialler.
  const dial = (rep.phone || ws.contactPhone || "").split(/\s*(?:ext\.?|x|#)\s*/i)[0].replace(/[^+\d]/g, "");
  return dial || null;
}

/** A user's name, for saying whose pages something is about ("" when there is no such user). */
export async function ownerName(userId: string): Promise<string> {
  return (await findUserById(userId))?.name ?? "";
}

/** Whether this user's pages have a Call button (see callNumberFor). */
export async function pagesHaveCallButton(userId: string): Promise<boolean> {
  const user = await findUserById(userId);
  return user !== undefined && (await callNumberFor(user)) !== null;
}

/** Saves the workspace; a logo link is copied here first (an ImageFieldError when it cannot be). */
export async function updateWorkspace(input: z.output<typeof workspaceSchema>): Promise<WorkspaceSettings> {
  const logoUrl = await storedImageValue(input.logoUrl, "logo", "logoUrl");
  const saved = await saveWorkspaceSettings({ ...input, logoUrl });
  invalidatePages();
  return saved;
}
