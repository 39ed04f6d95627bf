/**
 * The photo and logo fields of a profile or the workspace. A value is either an image Ringback
 * stores (uploaded, `/uploads/<hash>.webp`) or an https link, which is copied here once, when it is
 * saved, and replaced by the copy's address. What is stored is therefore always served by Ringback.
 */
import { z } from "zod";
import { downloadImage } from "./download";
import { ACCEPTED, ImageError, imageFileExists, reencodeImage, storeImage, type ImagePurpose } from "./encode";
import { IMAGE_PATH } from "./served";

function isHttpsLink(v: string): boolean {
  if (!/^https:\/\/[^\s]+$/i.test(v)) return false;
  try {
    return new URL(v).hostname !== "";
  } catch {
    return false;
  }
}

/** An optional photo or logo: an uploaded image's address or an https link; empty clears it. */
export const imageLinkSchema = z
  .string()
  .trim()
  .max(500, "Use a link of at most 500 characters.")
  .superRefine((v, ctx) => {
    if (v === "" || IMAGE_PATH.test(v) || isHttpsLink(v)) return;
    ctx.addIssue({ code: "custom", message: /^http:\/\//i.test(v) ? "Use a link starting with https:// (or upload the image)." : "Upload an image, or enter a full link starting with https://." });
  })
  .transform((v) => v || null)
  .nullable()
  .optional();

/** An image field could not be saved: which field, and why. */
export class ImageFieldError extends Error {
  constructor(
    public field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What to store for a photo or logo field: unchanged (undefined), cleared (null), an uploaded
 * image's address as it is, or a link's image copied here. Throws ImageFieldError naming the field.
 */
export async function storedImageValue(value: string | null | undefined, purpose: ImagePurpose, field: string): Promise<string | null | undefined> {
  if (value === undefined || value === null) return value;
  if (IMAGE_PATH.test(value)) {
    if (!imageFileExists(value)) throw new ImageFieldError(field, "This image is no longer on the server; upload it again.");
    return value;
  }
  try {
    const image = await reencodeImage(await downloadImage(value), purpose);
    return storeImage(image.data);
  } catch (e) {
    if (!(e instanceof ImageError)) throw e;
    if (e.code === "unsupported_type") throw new ImageFieldError(field, `This link does not lead to a ${ACCEPTED} image. Upload the image instead.`);
    throw new ImageFieldError(field, e.message);
  }
}
