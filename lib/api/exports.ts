/** The prospects export's HTTP side, shared by the API (token) and the console (session). */
import type { NextRequest } from "next/server";
import type { UserRow } from "../../db/queries/users";
import { exportFileName, exportQuerySchema, prospectsCsv } from "../imports/export";
import { requestOrigin, validationError } from "./http";

export async function prospectsExport(req: NextRequest, user: UserRow): Promise<Response> {
  const query = exportQuerySchema.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!query.success) return validationError(query.error);
  const csv = await prospectsCsv(user, requestOrigin(req), query.data);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName()}"`,
      "Cache-Control": "no-store",
    },
  });
}
