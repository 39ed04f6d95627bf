/** The play endpoints' shared answers: list parameters, and errors in the one error shape. */
import { z, ZodError } from "zod";
import { Forbidden } from "../ownership";
import type { ArchivedFilter } from "../plays/plays";
import { apiError, validationError } from "./http";

export function playErrorResponse(e: unknown): Response | undefined {
  if (e instanceof Forbidden) return apiError(403, "forbidden", e.message, e.fields);
  if (e instanceof ZodError) return validationError(e);
  return undefined;
}

export const playInUse = () =>
  apiError(409, "play_in_use", "Pages follow this play, or visits saw it: archive it instead (PATCH with { \"archived\": true }). Its pages keep working.");

const limitSchema = z.coerce.number().int().min(1).max(200).default(50);
const archivedSchema = z.enum(["false", "true", "all"]).default("false");
const ARCHIVED: Record<z.infer<typeof archivedSchema>, ArchivedFilter> = { false: "active", true: "archived", all: "all" };

/** `?limit=&archived=` of a list request, or a ready 422. */
export function listParams(params: URLSearchParams): { ok: true; limit: number; archived: ArchivedFilter } | { ok: false; response: Response } {
  const limit = limitSchema.safeParse(params.get("limit") ?? undefined);
  if (!limit.success) return { ok: false, response: apiError(422, "invalid_input", "limit must be a whole number from 1 to 200.", { limit: "Use 1 to 200." }) };
  const archived = archivedSchema.safeParse(params.get("archived") ?? undefined);
  if (!archived.success) return { ok: false, response: apiError(422, "invalid_input", "archived must be false, true or all.", { archived: "Use false (the default), true or all." }) };
  return { ok: true, limit: limit.data, archived: ARCHIVED[archived.data] };
}
