/**
 * Every /api/v1 endpoint, one entry each. A route under app/api/v1 that is not here (or an entry
 * with no route) fails tests/integration/openapi.test.ts, which also calls each one and checks the
 * real answers against what is written here.
 */
import { buildOpenApiDocument, type OpenApiDocument, type Operation } from "./openapi";
import {
  alertListSchema,
  alertsQuerySchema,
  apiProspectSchema,
  apiUserSchema,
  errorSchema,
  openApiDocumentSchema,
  apiImportAnswerSchema,
  apiPlaySchema,
  exportQuerySchema,
  importQuerySchema,
  pageQuerySchema,
  playInputBody,
  playListSchema,
  playPatchBody,
  playsQuerySchema,
  prospectInputBody,
  prospectListSchema,
  prospectPatchBody,
  visitListSchema,
} from "./schemas";

const PROSPECT_ID = { id: "The prospect's id (pro_…)." };
const PLAY_ID = { id: "The play's id (ply_…)." };

export const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApi",
    summary: "This document",
    tags: ["Meta"],
    auth: "public",
    responses: { 200: { description: "The OpenAPI 3.1 document of this API.", schema: openApiDocumentSchema } },
  },
  {
    method: "get",
    path: "/api/v1/me",
    operationId: "getMe",
    summary: "Who the token acts as",
    tags: ["Meta"],
    responses: { 200: { description: "The token's user.", schema: apiUserSchema } },
  },
  {
    method: "get",
    path: "/api/v1/prospects",
    operationId: "listProspects",
    summary: "List prospects",
    description: "Your prospects (an admin's token: everyone's), newest first.",
    tags: ["Prospects"],
    query: pageQuerySchema,
    responses: { 200: { description: "One page of prospects.", schema: prospectListSchema } },
    errors: [422],
  },
  {
    method: "post",
    path: "/api/v1/prospects",
    operationId: "createProspect",
    summary: "Create a prospect and their page",
    description: "The slug is made from the name unless given. Phones are read in the workspace's default region and stored in E.164.",
    tags: ["Prospects"],
    body: prospectInputBody,
    responses: { 201: { description: "The new prospect.", schema: apiProspectSchema, headers: { Location: "The prospect's API address." } } },
    errors: [400, 413, 422],
  },
  {
    method: "get",
    path: "/api/v1/prospects/{id}",
    operationId: "getProspect",
    summary: "Read a prospect",
    tags: ["Prospects"],
    params: PROSPECT_ID,
    responses: { 200: { description: "The prospect.", schema: apiProspectSchema } },
    errors: [404],
  },
  {
    method: "patch",
    path: "/api/v1/prospects/{id}",
    operationId: "updateProspect",
    summary: "Change a prospect",
    description: "Only the fields sent change. A new slug keeps the old address working as a redirect.",
    tags: ["Prospects"],
    params: PROSPECT_ID,
    body: prospectPatchBody,
    responses: { 200: { description: "The prospect as changed.", schema: apiProspectSchema } },
    errors: [400, 404, 413, 422],
  },
  {
    method: "delete",
    path: "/api/v1/prospects/{id}",
    operationId: "deleteProspect",
    summary: "Delete a prospect and their page",
    tags: ["Prospects"],
    params: PROSPECT_ID,
    responses: { 204: { description: "Deleted." } },
    errors: [404],
  },
  {
    method: "get",
    path: "/api/v1/prospects/{id}/visits",
    operationId: "listVisits",
    summary: "A prospect's visits",
    description: "Newest first: people (`human: true`), and previews, bots and misses as what they were.",
    tags: ["Visits"],
    params: PROSPECT_ID,
    query: pageQuerySchema,
    responses: { 200: { description: "One page of visits.", schema: visitListSchema } },
    errors: [404, 422],
  },
  {
    method: "get",
    path: "/api/v1/plays",
    operationId: "listPlays",
    summary: "List plays",
    description: "The plays you can use — the workspace's shared ones and your own (an admin's token: all) — newest first.",
    tags: ["Plays"],
    query: playsQuerySchema,
    responses: { 200: { description: "One page of plays.", schema: playListSchema } },
    errors: [422],
  },
  {
    method: "post",
    path: "/api/v1/plays",
    operationId: "createPlay",
    summary: "Create a play (a page template)",
    description: "An unknown merge field is a 422 naming it. Only an admin may share a play with the workspace (403 otherwise).",
    tags: ["Plays"],
    body: playInputBody,
    responses: { 201: { description: "The new play.", schema: apiPlaySchema, headers: { Location: "The play's API address." } } },
    errors: [400, 403, 413, 422],
  },
  {
    method: "get",
    path: "/api/v1/plays/{id}",
    operationId: "getPlay",
    summary: "Read a play",
    tags: ["Plays"],
    params: PLAY_ID,
    responses: { 200: { description: "The play.", schema: apiPlaySchema } },
    errors: [404],
  },
  {
    method: "patch",
    path: "/api/v1/plays/{id}",
    operationId: "updatePlay",
    summary: "Change a play",
    description: "New content is a new version, and every page that follows the play shows it at once. `archived: true` archives it (its pages keep working). A rep changing a shared play gets 403.",
    tags: ["Plays"],
    params: PLAY_ID,
    body: playPatchBody,
    responses: { 200: { description: "The play as changed.", schema: apiPlaySchema } },
    errors: [400, 403, 404, 413, 422],
  },
  {
    method: "delete",
    path: "/api/v1/plays/{id}",
    operationId: "deletePlay",
    summary: "Delete a play nothing uses",
    description: "A play that pages follow, or that visits saw, is a 409: archive it instead.",
    tags: ["Plays"],
    params: PLAY_ID,
    responses: { 204: { description: "Deleted." } },
    errors: [404, 409],
  },
  {
    method: "post",
    path: "/api/v1/imports",
    operationId: "importCallList",
    summary: "Import a call list (CSV)",
    description:
      "The CSV is the body (UTF-8 with or without BOM, Windows-1252 or UTF-16; `,` `;` or tab). Columns are mapped by their headers; `map.<field>=<header>` overrides. " +
      "Duplicates (same e-mail, phone or page address) are skipped or updated. All valid rows are written in one transaction, or none. `row` numbers are as a spreadsheet shows them (the header is 1).",
    tags: ["Imports"],
    query: importQuerySchema,
    rawBody: { type: "text/csv", description: "The call list." },
    responses: {
      200: { description: "A dry run: what would be done, row by row.", schema: apiImportAnswerSchema },
      201: { description: "What was done, row by row.", schema: apiImportAnswerSchema },
    },
    errors: [403, 413, 422],
  },
  {
    method: "get",
    path: "/api/v1/exports/prospects",
    operationId: "exportProspects",
    summary: "Your prospects as CSV",
    description: "First Name, Last Name, Company, Email, Phone, URL, Say (the address as spoken), Created. Importing it again creates nothing new.",
    tags: ["Imports"],
    query: exportQuerySchema,
    responses: { 200: { description: "The list as CSV (UTF-8 with BOM).", file: "text/csv" } },
    errors: [422],
  },
  {
    method: "get",
    path: "/api/v1/alerts",
    operationId: "listAlerts",
    summary: "Your alerts, oldest first, after a cursor",
    description: "Poll with the `nextCursor` of the previous answer as `?after=`; `hasMore` says whether to ask again at once.",
    tags: ["Alerts"],
    query: alertsQuerySchema,
    responses: { 200: { description: "The alerts after the cursor.", schema: alertListSchema } },
    errors: [422],
  },
];

let cached: OpenApiDocument | undefined;

/** The document served at /api/v1/openapi.json (built once; it depends on nothing at run time). */
export function openApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(OPERATIONS, errorSchema, {
    title: "Ringback API",
    version: "1",
    description:
      "Personal landing pages for sales voicemails. Send `Authorization: Bearer <token>`. Errors always have one shape: " +
      '`{ "error": { "code", "message", "fields" } }`. Lists are paginated with `?cursor=&limit=`.',
  });
  return cached;
}
