import { importAsJson } from "@/lib/api/imports";
import { withToken } from "@/lib/api/http";

/** A call list as the body (text/csv): `?dryRun=&playId=&onDuplicate=&ownerId=&map.<field>=<header>`. */
export const POST = withToken((req, _ctx, user) => importAsJson(req, user));
