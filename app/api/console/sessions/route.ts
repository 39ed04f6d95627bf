import { endOtherSessions, listSessions } from "@/lib/auth/sessions";
import { sessionTokenOf, withSession } from "@/lib/api/http";

/** The signed-in user's own sessions, newest first; `current` marks this one. */
export const GET = withSession(async (req, _ctx, user) => Response.json({ data: await listSessions(user.id, sessionTokenOf(req)) }));

/** "Sign out everywhere else": ends every session of the user but this one. */
export const DELETE = withSession(async (req, _ctx, user) => Response.json({ sessionsEnded: await endOtherSessions(user.id, sessionTokenOf(req)) }));
