/**
 * Reading and checking an OpenAPI 3.1 document in tests: resolve `$ref`s, list every one, and
 * validate a value against a schema in it with a JSON Schema 2020-12 validator (ajv).
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

type Json = Record<string, unknown>;
export type Doc = { openapi: string; info: Json; paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json>; responses: Record<string, Json>; securitySchemes: Record<string, Json> } } & Json;

/** The value a local `$ref` ("#/components/schemas/Prospect") points at, or undefined. */
export function resolveRef(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let at: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (at === null || typeof at !== "object" || !(key in (at as Json))) return undefined;
    at = (at as Json)[key];
  }
  return at;
}

/** Every `$ref` anywhere in the document, with where it sits. */
export function allRefs(node: unknown, where = "#"): { ref: string; where: string }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => allRefs(v, `${where}/${i}`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node as Json).flatMap(([k, v]) => (k === "$ref" && typeof v === "string" ? [{ ref: v, where }] : allRefs(v, `${where}/${k}`)));
}

/** Follows a Response Object's `$ref` (components.responses) to the response itself. */
export function responseOf(doc: Doc, response: Json): Json {
  return typeof response.$ref === "string" ? (resolveRef(doc, response.$ref) as Json) : response;
}

/**
 * A validator for the document's schemas. The components are given to ajv as `$defs` of one
 * schema, with `#/components/schemas/X` rewritten to `#/$defs/X`, so refs between them resolve.
 */
export function schemaValidator(doc: Doc): (schema: Json, value: unknown) => { ok: boolean; errors: string } {
  const ajv = new Ajv2020({ strict: true, allErrors: true, strictTypes: false });
  addFormats(ajv);
  const rewrite = (node: unknown): unknown =>
    JSON.parse(JSON.stringify(node), (k, v) => (k === "$ref" && typeof v === "string" ? v.replace("#/components/schemas/", "#/$defs/") : v));
  const defs = rewrite(doc.components.schemas) as Json;
  const cache = new Map<string, ValidateFunction>();
  return (schema, value) => {
    const key = JSON.stringify(schema);
    let validate = cache.get(key);
    if (!validate) {
      validate = ajv.compile({ ...(rewrite(schema) as Json), $defs: defs });
      cache.set(key, validate);
    }
    const ok = validate(value) as boolean;
    return { ok, errors: ok ? "" : ajv.errorsText(validate.errors, { separator: "\n" }) };
  };
}
