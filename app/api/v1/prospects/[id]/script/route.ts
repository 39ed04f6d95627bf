import { jsonAs, notFound, requestOrigin, withToken } from "@/lib/api/http";
import { renderedScriptSchema } from "@/lib/api/schemas";
import { scriptForProspect } from "@/lib/voicemail/scripts";

/** A script rendered for this prospect (`?scriptId=`, or the suggested one): words, the address as spoken, seconds and hints. */
export const GET = withToken(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const r = await scriptForProspect(user, id, req.nextUrl.searchParams.get("scriptId") || undefined, requestOrigin(req));
  if (r === "prospect") return notFound("No prospect with this id.");
  if (r === "script") return notFound("No script with this id.");
  const { text, spokenUrl, seconds, window, hints } = r.rendered;
  return jsonAs(renderedScriptSchema, { scriptId: r.script.id, text, spokenUrl, seconds, targetSeconds: window, hints });
});
