import { notFound, withSession } from "@/lib/api/http";
import { duplicatePlay } from "@/lib/plays/plays";

/** "Duplicate": a private copy of a play the user may see, opened in the editor. */
export const POST = withSession(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  const copy = await duplicatePlay(user, id);
  return copy ? Response.json({ id: copy.id, redirect: `/plays/${copy.id}?copied=1` }, { status: 201 }) : notFound("No play with this id.");
});
