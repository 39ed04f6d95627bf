import { toPublicUser } from "@/lib/accounts";
import { profileSchema, updateProfile } from "@/lib/profiles";
import { apiError, readJson, withSession } from "@/lib/api/http";
import { ImageFieldError } from "@/lib/images/links";

export const GET = withSession((_req, _ctx, user) => Response.json({ user: toPublicUser(user) }));

export const PATCH = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, profileSchema);
  if (!body.ok) return body.response;
  try {
    return Response.json({ user: await updateProfile(user.id, body.data) });
  } catch (e) {
    if (e instanceof ImageFieldError) return apiError(422, "invalid_input", "Some fields are not valid.", { [e.field]: e.message });
    throw e;
  }
});
