/** The prospect endpoints' shared error handling: validation problems become 422 with fields. */
import { ZodError } from "zod";
import { ProspectError } from "../prospects";
import { apiError, validationError } from "./http";

export function prospectErrorResponse(e: unknown): Response | undefined {
  if (e instanceof ProspectError) return apiError(422, "invalid_input", e.message, e.fields);
  if (e instanceof ZodError) return validationError(e);
  return undefined;
}
