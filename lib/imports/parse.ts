/**
 * A call list's text → header and records, with each record's row number as a spreadsheet shows it
 * (the header is row 1; blank lines count, a quoted field's line breaks do not). papaparse does the
 * quoting; the delimiter is detected among comma, semicolon (Excel in much of Europe) and tab.
 */
import Papa from "papaparse";

export type Delimiter = "," | ";" | "\t";
export const DELIMITER_NAMES: Record<Delimiter, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };

export type ParsedCsv =
  | { ok: true; delimiter: Delimiter; headers: string[]; records: { row: number; cells: string[] }[] }
  | { ok: false; message: string };

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === "");

export function parseCsv(text: string): ParsedCsv {
  // Detected on the first non-blank lines (papaparse's guess is thrown off by blank ones), then
  // the whole file is read with blank lines kept, so row numbers match the spreadsheet's.
  const guess = Papa.parse<string[]>(text, { delimiter: "", delimitersToGuess: [",", ";", "\t"], skipEmptyLines: "greedy", preview: 20 });
  const result = Papa.parse<string[]>(text, { header: false, delimiter: guess.meta.delimiter || ",", skipEmptyLines: false });
  const unclosed = result.errors.find((e) => e.code === "MissingQuotes");
  if (unclosed) {
    const row = (unclosed.row ?? 0) + 1;
    return { ok: false, message: `Row ${row} opens a quoted field (") that never closes, so the rest of the file cannot be read. Close the quote or remove it, then upload again.` };
  }
  const delimiter = (([",", ";", "\t"] as const).find((d) => d === result.meta.delimiter) ?? ",") as Delimiter;
  const all = result.data;
  const headerIndex = all.findIndex((cells) => !isBlank(cells));
  if (headerIndex < 0) return { ok: false, message: "The file has no header row: it is empty or blank." };
  const headerCells = all[headerIndex].map((h) => h.replace(/^\uFEFF/, "").trim());
  // Excel leaves empty columns at the end of each line when a cell far right was ever touched.
  while (headerCells.length > 0 && headerCells[headerCells.length - 1] === "") headerCells.pop();
  const first = headerCells[0] ?? "";
  if (headerCells.length === 1 && /^[{[<]/.test(first)) {
    return { ok: false, message: `This is not a CSV file: it starts like ${first.startsWith("<") ? "HTML or XML" : "JSON"}. Upload a list with a header row, e.g. First Name,Last Name,Company,Email,Phone.` };
  }
  const records: { row: number; cells: string[] }[] = [];
  for (let i = headerIndex + 1; i < all.length; i++) {
    if (!isBlank(all[i])) records.push({ row: i + 1, cells: all[i] });
  }
  return { ok: true, delimiter, headers: headerCells, records };
}
