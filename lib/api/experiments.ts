/** The experiment endpoints' shared answers: errors in the one error shape, and the CSV export. */
import Papa from "papaparse";
import { ZodError } from "zod";
import type { UserRow } from "../../db/queries/users";
import { ExperimentError, experimentCsvRows, experimentFor } from "../experiments/experiments";
import { safeCell } from "../imports/export";
import { Forbidden } from "../ownership";
import { apiError, notFound, validationError } from "./http";

export function experimentErrorResponse(e: unknown): Response | undefined {
  if (e instanceof Forbidden) return apiError(403, "forbidden", e.message, e.fields);
  if (e instanceof ExperimentError) return apiError(e.status, e.status === 409 ? "conflict" : "invalid_input", e.message, e.fields);
  if (e instanceof ZodError) return validationError(e);
  return undefined;
}


export async function experimentCsvResponse(user: UserRow, id: string): Promise<Response> {
  const e = await experimentFor(user, id);
  if (!e) return notFound("No experiment with this id.");
  const [header, ...rows] = await experimentCsvRows(e);
  const csv = "\uFEFF" + Papa.unparse({ fields: header, data: rows.map((r) => r.map(safeCell)) }, { newline: "\r\n" });
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="experiment-${e.id}.csv"` } });
}
