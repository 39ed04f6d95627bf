import { z } from "zod";
import { AccountError, passwordSchema, resetPassword } from "@/lib/accounts";
import { notFound, readJson, withSession } from "@/lib/api/http";

export const POST = withSession(
  async (req, ctx) => {
    const { id } = await ctx.params;
    const body = await readJson(req, z.object({ password: passwordSchema }));
    if (!body.ok) return body.response;
    try {
      await resetPassword(id, body.data.password);
    } catch (e) {
      if (e instanceof AccountError) return notFound("No such user.");
      throw e;
    }
    return new Response(null, { status: 204 });
  },
  { admin: true },
);
