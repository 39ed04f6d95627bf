import { withSession } from "@/lib/api/http";
import { lookupForConsole } from "@/lib/lookup";

/** The top bar's "Who's calling?": a number in any form, or the start of a name or company. */
export const GET = withSession((req, _ctx, user) => {
  const q = req.nextUrl.searchParams.get("q") ?? "";
  return Response.json(lookupForConsole(user, q));
});
