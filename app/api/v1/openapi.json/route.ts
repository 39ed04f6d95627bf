import { withErrors } from "@/lib/api/http";
import { openApiDocument } from "@/lib/api/operations";

/**
 * The API's OpenAPI 3.1 document. Public: it says what the API accepts and answers, which the
 * README says too; nothing in it is secret, and tools (Postman, CRMs' importers) fetch it without
 * a token.
 */
export const GET = withErrors(() => Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }));
