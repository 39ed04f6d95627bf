import { importAsStream } from "@/lib/api/imports";
import { withSession } from "@/lib/api/http";

/** The console's import: the same query as POST /api/v1/imports, answered as a stream of progress lines. */
export const POST = withSession((req, _ctx, user) => importAsStream(req, user));
