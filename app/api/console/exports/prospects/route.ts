import { prospectsExport } from "@/lib/api/exports";
import { withSession } from "@/lib/api/http";

/** "Export CSV" on the prospects page: the list as shown, as a download. */
export const GET = withSession(async (req, _ctx, user) => prospectsExport(req, user));
