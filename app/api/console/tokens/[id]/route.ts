import { revokeToken } from "@/lib/auth/tokens";
import { notFound, withSession } from "@/lib/api/http";

export const DELETE = withSession(async (_req, ctx, user) => {
  const { id } = await ctx.params;
  if (!(await revokeToken(user.id, id))) return notFound("No such active token.");
  return new Response(null, { status: 204 });
});
