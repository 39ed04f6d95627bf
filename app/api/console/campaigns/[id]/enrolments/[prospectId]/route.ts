import { notFound, readJson, withSession } from "@/lib/api/http";
import { holdEnrolment, holdInputSchema, unenrol } from "@/lib/campaigns/store";

/** "Take out of the campaign". */
export const DELETE = withSession(async (_req, ctx, user) => {
  const { id, prospectId } = await ctx.params;
  const r = await unenrol(user, id, prospectId);
  return r === undefined ? notFound("No such campaign, or this prospect is not in it.") : Response.json({ stopped: true });
});

/** "Pause" / "Resume" a person's campaign (`{ "paused": true|false }`). */
export const PATCH = withSession(async (req, ctx, user) => {
  const { id, prospectId } = await ctx.params;
  const body = await readJson(req, holdInputSchema);
  if (!body.ok) return body.response;
  const r = await holdEnrolment(user, id, prospectId, body.data.paused);
  return r === undefined ? notFound("No such campaign, or this prospect is not in it.") : Response.json({ paused: body.data.paused, changed: r });
});
