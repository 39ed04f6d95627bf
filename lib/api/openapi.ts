/**
 * The API's OpenAPI 3.1 document, generated from the zod schemas the endpoints themselves use
 * (zod 4's own JSON Schema output, draft 2020-12 — the dialect OpenAPI 3.1 speaks), so the
 * document cannot say one thing while a handler does another.
 *
 * Two pieces:
 * - `component(id, schema)` / `requestBody(id, schema)` name a schema once, next to where it is
 *   defined; it becomes `#/components/schemas/<id>` and every use of it is a `$ref`. Responses are
 *   described as the handler *outputs* them (objects close with `additionalProperties: false`, so
 *   an undeclared field fails the drift test); request bodies as a client may *send* them (before
 *   defaults and transforms).
 * - An `Operation` is a few declarative lines (lib/api/operations.ts); `buildOpenApiDocument`
 *   turns the list into the document and refuses anything it could not describe truthfully.
 */
import { z } from "zod";

export type Io = "input" | "output";
type JsonSchema = Record<string, unknown>;

type Entry = { id: string; schema: z.ZodType; io: Io };
const entries: Entry[] = [];

/** Names a response schema: it appears under components.schemas and is referenced by `$ref`. */
export function component<S extends z.ZodType>(id: string, schema: S, io: Io = "output"): S {
  const same = entries.find((e) => e.id === id);
  if (same && (same.schema !== schema || same.io !== io)) throw new Error(`OpenAPI: two schemas are named ${id}.`);
  if (!same) entries.push({ id, schema, io });
  return schema;
}

/** Names a request body schema, described as clients send it (zod's input side). */
export function requestBody<S extends z.ZodType>(id: string, schema: S): S {
  return component(id, schema, "input");
}

export type Method = "get" | "post" | "put" | "patch" | "delete";

/** The error statuses every endpoint may answer with the one error shape, and what they mean. */
export const ERROR_STATUSES = {
  400: "The body is not valid JSON (`invalid_json`).",
  401: "No valid token: missing, wrong or revoked (`unauthorized`).",
  403: "The token's user may not do this (`forbidden`).",
  404: "No such object, or it belongs to another rep (`not_found`).",
  409: "It conflicts with the current state (`conflict`).",
  413: "The body is too large (`too_large`).",
  415: "The body is not of a type this endpoint takes (`unsupported_media_type`).",
  422: "The input is not valid; `fields` says what is wrong, field by field (`invalid_input`).",
} as const;
export type ErrorStatus = keyof typeof ERROR_STATUSES;

export type Operation = {
  method: Method;
  /** OpenAPI form: `/api/v1/prospects/{id}` (app/api/v1/prospects/[id]/route.ts). */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Bearer token by default; "public" for what anyone may read. */
  auth?: "bearer" | "public";
  /** Path parameters: name → description. Every `{name}` in the path must be here. */
  params?: Record<string, string>;
  /** Query parameters as one zod object (each field's input side, `.describe()` for its text). */
  query?: z.ZodObject;
  /** A request body schema named with `requestBody()`. */
  body?: z.ZodType;
  /** A body that is a file rather than JSON (a call list): its media type and what it holds. */
  rawBody?: { type: "text/csv"; description: string };
  /** Success responses: status → description and, unless it has no body, a schema named with `component()` (JSON) or a `file` type (e.g. a CSV). */
  responses: Record<number, { description: string; schema?: z.ZodType; file?: "text/csv"; headers?: Record<string, string> }>;
  /** Error statuses answered with the shared Error schema. 401 (bearer) and 5XX are added for you. */
  errors?: ErrorStatus[];
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** The named schemas of one side, converted together so they reference each other by `$ref`. */
function convertComponents(io: Io): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const e of entries) if (e.io === io) registry.add(e.schema, { id: e.id });
  const out = z.toJSONSchema(registry, { target: "draft-2020-12", io, uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, JsonSchema> };
  // Each comes out as a stand-alone document; inside OpenAPI they are plain schema objects.
  return Object.fromEntries(Object.entries(out.schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]));
}

/** A schema used by an operation must be named, so that it is one `$ref` and one component. */
function named(schema: z.ZodType, io: Io, where: string): { $ref: string } {
  const e = entries.find((x) => x.schema === schema && x.io === io);
  if (!e) throw new Error(`OpenAPI: ${where} uses a schema that has no name; wrap it in ${io === "input" ? "requestBody" : "component"}("Name", schema).`);
  return ref(e.id);
}

function inline(schema: z.ZodType, io: Io): JsonSchema {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io }) as JsonSchema;
  return rest;
}

function parameters(op: Operation, where: string): JsonSchema[] {
  const inPath = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const declared = Object.keys(op.params ?? {});
  for (const p of inPath) if (!declared.includes(p)) throw new Error(`OpenAPI: ${where} has {${p}} in its path but no params.${p}.`);
  for (const p of declared) if (!inPath.includes(p)) throw new Error(`OpenAPI: ${where} declares params.${p}, which its path does not have.`);
  const list: JsonSchema[] = inPath.map((name) => ({ name, in: "path", required: true, description: op.params![name], schema: { type: "string" } }));
  if (op.query) {
    const q = inline(op.query, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      const { description, ...rest } = schema;
      list.push({ name, in: "query", required: q.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest });
    }
  }
  return list;
}

function operationObject(op: Operation): JsonSchema {
  const where = `${op.method.toUpperCase()} ${op.path}`;
  const responses: Record<string, JsonSchema> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.headers ? { headers: Object.fromEntries(Object.entries(r.headers).map(([h, d]) => [h, { description: d, schema: { type: "string" } }])) } : {}),
      ...(r.schema ? { content: { "application/json": { schema: named(r.schema, "output", where) } } } : {}),
      ...(r.file ? { content: { [r.file]: { schema: { type: "string" } } } } : {}),
    };
  }
  const errors = new Set<ErrorStatus>(op.errors ?? []);
  if ((op.auth ?? "bearer") === "bearer") errors.add(401);
  for (const status of [...errors].sort()) responses[status] = { $ref: `#/components/responses/E${status}` };
  responses["5XX"] = { $ref: "#/components/responses/E5XX" };
  const params = parameters(op, where);
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: op.tags,
    ...(op.auth === "public" ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: named(op.body, "input", where) } } } }
      : {}),
    ...(op.rawBody ? { requestBody: { required: true, description: op.rawBody.description, content: { [op.rawBody.type]: { schema: { type: "string" } } } } } : {}),
    responses,
  };
}

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
  security: Record<string, string[]>[];
  tags: { name: string }[];
};

/** The document for these operations; `errorSchema` (a named component) is every error's body. */
export function buildOpenApiDocument(ops: Operation[], errorSchema: z.ZodType, info: OpenApiDocument["info"]): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  const ids = new Set<string>();
  for (const op of ops) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`OpenAPI: ${op.method.toUpperCase()} ${op.path} is declared twice.`);
    if (ids.has(op.operationId)) throw new Error(`OpenAPI: operationId ${op.operationId} is used twice.`);
    ids.add(op.operationId);
    item[op.method] = operationObject(op);
  }
  const error = named(errorSchema, "output", "the error shape");
  const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: error } } });
  const responses: Record<string, JsonSchema> = Object.fromEntries(Object.entries(ERROR_STATUSES).map(([s, d]) => [`E${s}`, errorResponse(d)]));
  responses.E5XX = errorResponse("Something went wrong on our side, or its storage is (`internal`, `database_busy` with Retry-After, `storage_full`, …); try again.");
  const schemas = { ...convertComponents("output"), ...convertComponents("input") };
  const dup = entries.map((e) => e.id).filter((id, i, all) => all.indexOf(id) !== i);
  if (dup.length) throw new Error(`OpenAPI: schema names used twice: ${dup.join(", ")}`);
  return {
    openapi: "3.1.0",
    info,
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A personal API token (Settings → API tokens, or `npm run ringback -- token:create`)." } },
    },
    security: [{ bearer: [] }],
    tags: [...new Set(ops.flatMap((o) => o.tags))].map((name) => ({ name })),
  };
}
