import { toPublicUser } from "@/lib/accounts";
import { profileSchema, updateProfile } from "@/lib/profiles";
import { readJson, withSession } from "@/lib/api/http";

export const GET = withSession((_req, _ctx, user) => Response.json({ user: toPublicUser(user) }));

export const PATCH = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, profileSchema);
  if (!body.ok) return body.response;
  return Response.json({ user: updateProfile(user.id, body.data) });
});
