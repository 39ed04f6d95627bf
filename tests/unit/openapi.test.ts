/** The OpenAPI generator (lib/api/openapi.ts) and the document it makes of /api/v1 (lib/api/operations.ts). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { allRefs, resolveRef, schemaValidator, type Doc } from "../support/openapi";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

let tmp: TempDatabase;
let openapi: typeof import("../../lib/api/openapi");
let doc: Doc;

beforeAll(async () => {
  tmp = await useTempDatabase();
  openapi = await import("../../lib/api/openapi");
  doc = (await import("../../lib/api/operations")).openApiDocument() as unknown as Doc;
});
afterAll(() => tmp.cleanup());

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

describe("the /api/v1 document", () => {
  it("is OpenAPI 3.1 with info, paths, components and bearer security", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: "http", scheme: "bearer" }));
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it("resolves every $ref", () => {
    const refs = allRefs(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const { ref, where } of refs) expect(resolveRef(doc, ref), `${where} → ${ref}`).toBeDefined();
  });

  it("gives every operation an id, a summary, responses, and the Error schema for 401 and 5XX", () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\/api\/v1\//);
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS, `${method} ${path}`).toContain(method);
        expect(op).toMatchObject({ operationId: expect.any(String), summary: expect.any(String), responses: expect.any(Object) });
        const responses = op.responses as Record<string, { $ref?: string }>;
        expect(responses["5XX"]).toEqual({ $ref: "#/components/responses/E5XX" });
        if (op.security === undefined) expect(responses["401"], `${method} ${path}`).toEqual({ $ref: "#/components/responses/E401" });
      }
    }
    expect(doc.paths["/api/v1/openapi.json"].get.security).toEqual([]);
  });

  it("closes response objects, so a field a handler adds without declaring it is caught", () => {
    for (const name of ["Prospect", "ProspectList", "Visit", "VisitList", "Alert", "AlertList", "User", "Error"]) {
      expect(doc.components.schemas[name]?.additionalProperties, name).toBe(false);
    }
    const check = schemaValidator(doc);
    const alert = { id: "alr_1", cursor: "1", prospectId: null, visitId: null, kind: "digest", message: "m", quiet: false, createdAt: "2026-01-01T00:00:00.000Z", prospect: null, data: {} };
    expect(check({ $ref: "#/components/schemas/Alert" }, alert).ok).toBe(true);
    expect(check({ $ref: "#/components/schemas/Alert" }, { ...alert, secret: 1 }).ok).toBe(false);
    expect(check({ $ref: "#/components/schemas/Alert" }, { ...alert, createdAt: "yesterday" }).ok).toBe(false);
  });

  it("describes request bodies as clients send them (before defaults and transforms)", () => {
    const input = doc.components.schemas.ProspectInput as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(input.required).toEqual(["firstName"]);
    expect(input.additionalProperties).toBe(false);
    const check = schemaValidator(doc);
    expect(check({ $ref: "#/components/schemas/ProspectInput" }, { firstName: "Rob", followUpAt: "2026-12-01", phone: null }).ok).toBe(true);
    expect(check({ $ref: "#/components/schemas/ProspectInput" }, { lastName: "Mason" }).ok).toBe(false);
    expect(check({ $ref: "#/components/schemas/ProspectPatch" }, {}).ok).toBe(true);
    const post = doc.paths["/api/v1/prospects"].post as { requestBody: unknown };
    expect(post.requestBody).toEqual({ required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/ProspectInput" } } } });
  });

  it("lists query and path parameters with their schemas", () => {
    const list = doc.paths["/api/v1/prospects/{id}/visits"].get.parameters as { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
    expect(list.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual(["path:id:true", "query:cursor:false", "query:limit:false"]);
    expect(list[2].schema).toMatchObject({ type: "integer", minimum: 1, maximum: 200, default: 50 });
  });
});

describe("the generator", () => {
  const error = () => openapi.component(`E${Math.random().toString(36).slice(2)}`, z.object({ error: z.object({ code: z.string() }) }));
  const info = { title: "t", version: "1", description: "d" };
  const ok = (schema?: z.ZodType) => ({ 200: { description: "ok", schema } });

  it("refuses a response schema that has no name", () => {
    const op = { method: "get" as const, path: "/x", operationId: "x", summary: "x", tags: ["X"], responses: ok(z.object({ a: z.string() })) };
    expect(() => openapi.buildOpenApiDocument([op], error(), info)).toThrow(/has no name/);
  });

  it("refuses a path parameter that is not declared, and one that is not in the path", () => {
    const base = { method: "get" as const, operationId: "y", summary: "y", tags: ["Y"], responses: { 204: { description: "none" } } };
    expect(() => openapi.buildOpenApiDocument([{ ...base, path: "/y/{id}" }], error(), info)).toThrow(/no params.id/);
    expect(() => openapi.buildOpenApiDocument([{ ...base, path: "/y", params: { id: "x" } }], error(), info)).toThrow(/declares params.id/);
  });

  it("refuses the same operation twice, and two schemas under one name", () => {
    const op = { method: "get" as const, path: "/z", operationId: "z", summary: "z", tags: ["Z"], responses: { 204: { description: "none" } } };
    expect(() => openapi.buildOpenApiDocument([op, { ...op, operationId: "z2" }], error(), info)).toThrow(/declared twice/);
    openapi.component("Twice", z.string());
    expect(() => openapi.component("Twice", z.number())).toThrow(/two schemas are named Twice/);
  });

  it("turns a few declarative lines into a path item with refs, errors and security", () => {
    const thing = openapi.component("Thing", z.object({ id: z.string(), at: z.iso.datetime() }));
    const body = openapi.requestBody("ThingInput", z.object({ name: z.string().trim().default("x") }).strict());
    const built = openapi.buildOpenApiDocument(
      [{ method: "post", path: "/api/v1/things/{id}", operationId: "makeThing", summary: "Make", tags: ["Things"], params: { id: "Its id." }, body, responses: { 201: { description: "Made.", schema: thing } }, errors: [404, 422] }],
      error(),
      info,
    );
    const op = built.paths["/api/v1/things/{id}"].post as { responses: Record<string, unknown>; parameters: unknown[] };
    expect(Object.keys(op.responses)).toEqual(["201", "401", "404", "422", "5XX"]);
    expect(op.responses["201"]).toEqual({ description: "Made.", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } });
    expect(op.parameters).toEqual([{ name: "id", in: "path", required: true, description: "Its id.", schema: { type: "string" } }]);
    expect(built.components.schemas.Thing).toMatchObject({ type: "object", additionalProperties: false, required: ["id", "at"] });
    expect(built.components.schemas.Thing).not.toHaveProperty("$schema");
    expect(built.components.schemas.ThingInput).toMatchObject({ additionalProperties: false, properties: { name: { type: "string", default: "x" } } });
    expect(built.components.schemas.ThingInput).not.toHaveProperty("required");
  });
});
