import { prospectsExport } from "@/lib/api/exports";
import { withToken } from "@/lib/api/http";

/** The token owner's prospects (everyone's, or `?ownerId=`, for an admin) as CSV, with each page's URL and the words to say. */
export const GET = withToken(async (req, _ctx, user) => prospectsExport(req, user));
