import { z } from "zod";
import { apiError, forbidden, withSession } from "@/lib/api/http";
import { ImageError, saveImageUpload } from "@/lib/images/encode";

const purposeSchema = z.enum(["photo", "logo"]);

/**
 * A rep uploads their photo (`?for=photo`), an admin the workspace logo (`?for=logo`), as the raw
 * request body; the answer is the re-encoded image's address, to save in the profile or workspace.
 */
export const POST = withSession(async (req, _ctx, user) => {
  const purpose = purposeSchema.safeParse(req.nextUrl.searchParams.get("for"));
  if (!purpose.success) return apiError(422, "invalid_input", "Say what the image is for: ?for=photo or ?for=logo.", { for: "Use photo or logo." });
  if (purpose.data === "logo" && user.role !== "admin") return forbidden("Only an admin can change the workspace logo.");
  try {
    const length = req.headers.get("content-length");
    return Response.json(await saveImageUpload(req.body, length ? Number(length) : null, purpose.data), { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    if (e instanceof ImageError) return apiError(e.status, e.code, e.message);
    throw e;
  }
});
