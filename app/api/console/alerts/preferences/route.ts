import { apiError, readJson, withSession } from "@/lib/api/http";
import { PreferenceError, preferencesOf, preferencesSchema, savePreferences } from "@/lib/alerts/preferences";

export const GET = withSession((_req, _ctx, user) => Response.json({ preferences: preferencesOf(user) }));

export const PATCH = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, preferencesSchema);
  if (!body.ok) return body.response;
  try {
    return Response.json({ preferences: await savePreferences(user, body.data) });
  } catch (e) {
    if (e instanceof PreferenceError) return apiError(422, "invalid_input", e.message, e.fields);
    throw e;
  }
});
