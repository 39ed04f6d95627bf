/** The script endpoints' shared answers: errors in the one error shape. */
import { ZodError } from "zod";
import { Forbidden } from "../ownership";
import { apiError, validationError } from "./http";

export function scriptErrorResponse(e: unknown): Response | undefined {
  if (e instanceof Forbidden) return apiError(403, "forbidden", e.message, e.fields);
  if (e instanceof ZodError) return validationError(e);
  return undefined;
}
