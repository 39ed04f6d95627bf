import { toPublicUser } from "@/lib/accounts";
import { jsonAs, withToken } from "@/lib/api/http";
import { apiUserSchema } from "@/lib/api/schemas";

/** Lets a CRM or dialer check its token: who it acts as. */
export const GET = withToken((_req, _ctx, user) => jsonAs(apiUserSchema, toPublicUser(user)));
