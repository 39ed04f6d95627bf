/**
 * One record of a call list → a prospect's input, validated by the same schema as the console and
 * the API (lib/prospects.ts), or the reasons it cannot be: row number, field, column, message.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import type { z } from "zod";
import { prospectInputSchema } from "../prospects";
import type { ImportField, Mapping } from "./mapping";

export type RowError = { row: number; field: string; column: string | null; message: string };

/** The prospect input fields an import fills, and the field of the list each comes from. */
const INPUT_TO_IMPORT: Record<string, ImportField> = { firstName: "firstName", lastName: "lastName", company: "company", email: "email", phone: "phone", privateNote: "note" };

/** Ways Excel (and people) spoil phone numbers, as data. `fix` cleans; `refuse` explains. */
const PHONE_QUIRKS: { test: RegExp; fix?: (s: string) => string; refuse?: string }[] = [
  // Excel's "text" marker kept by some exports: '+1 555 010 2030
  { test: /^['’]/, fix: (s) => s.replace(/^['’]+/, "") },
  // Excel's formula trick to keep a leading +: ="+15550102030"
  { test: /^="(.*)"$/, fix: (s) => s.replace(/^="(.*)"$/, "$1") },
  // A number Excel turned into 5.55E+09: the last digits are gone, only the sender can recover them.
  { test: /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i, refuse: "Excel changed this number into scientific notation and lost its last digits. In Excel, format the column as Text, type the numbers again (or export from the CRM again) and upload." },
  // A number Excel stored as a decimal: 15550102030.0
  { test: /^\+?\d{6,}\.0+$/, fix: (s) => s.replace(/\.0+$/, "") },
];

/** A phone cell → E.164, or a message saying what is wrong with it. Empty → null. */
export function importPhone(raw: string, region: string): { ok: true; phone: string | null } | { ok: false; message: string } {
  let text = raw.trim();
  if (!text) return { ok: true, phone: null };
  for (const q of PHONE_QUIRKS) {
    if (!q.test.test(text)) continue;
    if (q.refuse) return { ok: false, message: q.refuse };
    text = q.fix!(text).trim();
  }
  const parsed = parsePhoneNumberFromString(text, (region || "US") as CountryCode);
  if (!parsed || !parsed.isPossible()) return { ok: false, message: `"${raw.trim()}" is not a phone number we can read. Write it as +1 555 010 2030, or with the country code.` };
  return { ok: true, phone: parsed.number };
}

/** "Rob Mason" → Rob / Mason; "Mason, Rob" → Rob / Mason; "Cher" → Cher / "". */
export function splitName(full: string): { firstName: string; lastName: string } {
  const text = full.trim().replace(/\s+/g, " ");
  const comma = text.indexOf(",");
  if (comma > 0) return { firstName: text.slice(comma + 1).trim(), lastName: text.slice(0, comma).trim() };
  const space = text.indexOf(" ");
  if (space < 0) return { firstName: text, lastName: "" };
  return { firstName: text.slice(0, space), lastName: text.slice(space + 1) };
}

/** A record's cells as fields, by the mapping. */
export function fieldsOf(cells: string[], headers: string[], mapping: Mapping): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {};
  for (const [field, header] of Object.entries(mapping) as [ImportField, string][]) {
    const i = headers.indexOf(header);
    // The apostrophe our export (and careful spreadsheets) put before = + - @ is not part of the value.
    if (i >= 0) out[field] = (cells[i] ?? "").trim().replace(/^'(?=[=+\-@])/, "");
  }
  return out;
}

export type RowOptions = { region: string; playId?: string };

export type CheckedRow<I> = { ok: true; row: number; input: I; raw: Partial<Record<ImportField, string>> } | { ok: false; row: number; errors: RowError[]; raw: Partial<Record<ImportField, string>> };

/**
 * Validates one record through `schema` (the prospect input schema; tests pass an extended one).
 * `playId`, when given for the whole list, goes into each row's input — the schema decides whether it is valid.
 */
export function checkRow<S extends z.ZodType>(
  record: { row: number; cells: string[] },
  headers: string[],
  mapping: Mapping,
  opts: RowOptions,
  schema: S = prospectInputSchema as unknown as S,
): CheckedRow<z.output<S>> {
  const raw = fieldsOf(record.cells, headers, mapping);
  const errors: RowError[] = [];
  const column = (field: ImportField) => mapping[field] ?? null;
  let firstName = raw.firstName;
  let lastName = raw.lastName;
  if (raw.name !== undefined && !firstName) {
    const split = splitName(raw.name);
    firstName = split.firstName;
    lastName = lastName || split.lastName;
  }
  const phone = raw.phone === undefined ? { ok: true as const, phone: null } : importPhone(raw.phone, opts.region);
  if (!phone.ok) errors.push({ row: record.row, field: "phone", column: column("phone"), message: phone.message });
  const input: Record<string, unknown> = {
    firstName: firstName ?? "",
    lastName: lastName ?? "",
    company: raw.company,
    email: raw.email ? raw.email.split(/[;,\s]+/)[0] : raw.email, // "Emails" columns may hold several
    // The phone is checked above by the schema's own rule (a possible number in the workspace's
    // region, lib/prospects.ts) after Excel's quirks are undone; asking the schema again would
    // parse every number twice.
    privateNote: raw.note,
  };
  // THE PLAYS WIRING POINT: a play chosen for the whole list is part of every row's prospect input.
  if (opts.playId !== undefined) input.playId = opts.playId;
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "_");
      const field = INPUT_TO_IMPORT[key] ?? key;
      if (errors.some((e) => e.field === field)) continue;
      const col = field === "firstName" && raw.firstName === undefined && mapping.name ? mapping.name : column(field as ImportField) ?? null;
      errors.push({ row: record.row, field, column: col, message: issue.message });
    }
  }
  if (errors.length || !parsed.success) return { ok: false, row: record.row, errors, raw };
  const data = parsed.data as z.output<S> & { phone?: string | null };
  data.phone = phone.ok ? phone.phone : null;
  return { ok: true, row: record.row, input: data, raw };
}
