import { AccountError, allUsers, createUser, newUserSchema, toPublicUser } from "@/lib/accounts";
import { apiError, readJson, withSession } from "@/lib/api/http";

export const GET = withSession(async () => Response.json({ data: await allUsers() }), { admin: true });

export const POST = withSession(
  async (req) => {
    const body = await readJson(req, newUserSchema);
    if (!body.ok) return body.response;
    try {
      return Response.json(toPublicUser(await createUser(body.data)), { status: 201 });
    } catch (e) {
      if (e instanceof AccountError) return apiError(409, e.code, e.message, e.fields);
      throw e;
    }
  },
  { admin: true },
);
