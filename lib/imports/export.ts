/**
 * The prospect list as CSV, for a CRM or a dialer: each page's URL and the words to say. The
 * headers are ones the import maps by itself, and the contact keys (e-mail, phone) come back as
 * they went in, so exporting and importing again creates nothing new.
 */
import Papa from "papaparse";
import { z } from "zod";
import { prospectsForExport } from "../../db/queries/imports";
import type { UserRow } from "../../db/queries/users";
import { displayPhone } from "../phone";
import { workspace } from "../profiles";
import { publicOrigin } from "../prospects";
import { spokenPageUrl } from "../voicemail/spoken";

export const EXPORT_COLUMNS = ["First Name", "Last Name", "Company", "Email", "Phone", "URL", "Say", "Created"] as const;

/** The same filters the prospects list applies: a rep sees their own; an admin everyone's, or one rep's. */
export const exportQuerySchema = z.object({ ownerId: z.string().trim().min(1).max(100).optional() }).strict();
export type ExportQuery = z.output<typeof exportQuerySchema>;

/**
 * Spreadsheets run a cell that starts with = + - @ as a formula (CSV injection). Such cells get a
 * leading apostrophe, which spreadsheets show as text and the import takes off again.
 */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export async function prospectsCsv(user: UserRow, origin: string, query: ExportQuery): Promise<string> {
  const ownerId = user.role === "admin" ? query.ownerId : user.id;
  const base = await publicOrigin(origin);
  const dash = (await workspace()).spokenDash;
  const rows = (await prospectsForExport(ownerId)).map((p) =>
    [p.firstName, p.lastName, p.company ?? "", p.email ?? "", p.phone ? displayPhone(p.phone) : "", `${base}/${p.slug}`, spokenPageUrl(base, p.slug, dash), new Date(p.createdAt).toISOString()].map(safeCell),
  );
  // With a BOM, Excel reads the file as UTF-8 (names in any script survive); CRLF as RFC 4180 says.
  return "\uFEFF" + Papa.unparse({ fields: [...EXPORT_COLUMNS], data: rows }, { newline: "\r\n", quotes: false });
}

export function exportFileName(now = new Date()): string {
  return `prospects-${now.toISOString().slice(0, 10)}.csv`;
}
