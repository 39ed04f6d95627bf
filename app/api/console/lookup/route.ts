import { withSession } from "@/lib/api/http";
import { lookupForConsole } from "@/lib/lookup";

/** The top bar's "Who's calling?": a number in any form, or the start of a name or company. */
export const GET = withSession(async (req, _ctx, user) => {
  const q = req.nextUrl.searchParams.get("q") ?? "";
  return Response.json(await lookupForConsole(user, q));
});
