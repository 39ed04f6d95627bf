import { apiError, validationError, withSession } from "@/lib/api/http";
import { reportQuerySchema, teamReport, teamReportCsv } from "@/lib/experiments/team-report";

/** The team report (admins) as CSV: `?from=&to=` (days, inclusive) and `by=rep|script`. */
export const GET = withSession(
  async (req, _ctx, user) => {
    const p = req.nextUrl.searchParams;
    const q = reportQuerySchema.safeParse({ from: p.get("from") || undefined, to: p.get("to") || undefined, by: p.get("by") || undefined });
    if (!q.success) return validationError(q.error);
    const by = q.data.by ?? "rep";
    const report = await teamReport(user, q.data);
    if (!report) return apiError(500, "internal", "No report.");
    return new Response(teamReportCsv(report, by), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="team-report-${by}-${report.from}-to-${report.to}.csv"` },
    });
  },
  { admin: true },
);
