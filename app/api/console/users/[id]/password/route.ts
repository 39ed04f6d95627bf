import { AccountError, resetPassword, resetPasswordSchema } from "@/lib/accounts";
import { notFound, readJson, withSession } from "@/lib/api/http";

/** An admin resets a rep's password: `{ password, keepTokens? }` → how many sessions and API tokens it ended. */
export const POST = withSession(
  async (req, ctx) => {
    const { id } = await ctx.params;
    const body = await readJson(req, resetPasswordSchema);
    if (!body.ok) return body.response;
    try {
      return Response.json(await resetPassword(id, body.data.password, { keepTokens: body.data.keepTokens }));
    } catch (e) {
      if (e instanceof AccountError) return notFound("No such user.");
      throw e;
    }
  },
  { admin: true },
);
