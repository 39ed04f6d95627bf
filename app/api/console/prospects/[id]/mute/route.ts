import { z } from "zod";
import { notFound, readJson, withSession } from "@/lib/api/http";
import { setMuted } from "@/lib/outcomes";

const muteSchema = z.object({ muted: z.boolean({ error: "Use true or false." }) }).strict();

/** Mute a prospect: visits are still recorded and shown, but never alert. */
export const PUT = withSession(async (req, ctx, user) => {
  const { id } = await ctx.params;
  const body = await readJson(req, muteSchema);
  if (!body.ok) return body.response;
  if (!(await setMuted(user, id, body.data.muted))) return notFound("No prospect with this id.");
  return Response.json({ muted: body.data.muted });
});
