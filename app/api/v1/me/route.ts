import { toPublicUser } from "@/lib/accounts";
import { withToken } from "@/lib/api/http";

/** Lets a CRM or dialer check its token: who it acts as. */
export const GET = withToken((_req, _ctx, user) => Response.json(toPublicUser(user)));
