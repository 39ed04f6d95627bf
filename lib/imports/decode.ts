/**
 * Bytes of an uploaded call list → text, saying which encoding it was. Real files come as UTF-8
 * (with or without the BOM Excel adds), Windows-1252 (Excel's "CSV" on Windows), or UTF-16LE with
 * a BOM (Excel's "Unicode text"). Anything else that is clearly binary is refused with a reason.
 */

export type Encoding = "utf-8" | "utf-8-bom" | "windows-1252" | "utf-16le" | "utf-16be";

export type Decoded = { ok: true; text: string; encoding: Encoding } | { ok: false; message: string };

/** Signatures of files people upload by mistake instead of a CSV. One entry a format. */
const NOT_CSV: { magic: number[]; what: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: "an Excel workbook (.xlsx) or another zip file. In Excel, use File → Save As → CSV UTF-8, then upload that" },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel workbook (.xls). In Excel, use File → Save As → CSV UTF-8, then upload that" },
  { magic: [0x25, 0x50, 0x44, 0x46], what: "a PDF" },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { magic: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { magic: [0x1f, 0x8b], what: "a gzip archive" },
];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export function decodeCsvBytes(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, message: "The file is empty." };
  for (const { magic, what } of NOT_CSV) {
    if (startsWith(bytes, magic)) return { ok: false, message: `This is not a CSV file: it looks like ${what}.` };
  }
  if (startsWith(bytes, [0xff, 0xfe])) return { ok: true, text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (startsWith(bytes, [0xfe, 0xff])) return { ok: true, text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
  const body = bom ? bytes.subarray(3) : bytes;
  // Text never holds NUL; binary files (and UTF-16 without a BOM) nearly always do.
  if (body.subarray(0, 64 * 1024).includes(0)) {
    return { ok: false, message: "This is not a CSV file: it holds binary data. Save the list as CSV (comma-separated values) and upload that." };
  }
  let text: string;
  let encoding: Encoding;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    encoding = bom ? "utf-8-bom" : "utf-8";
  } catch {
    // Not valid UTF-8: Excel on Windows writes the ANSI code page, which is Windows-1252 in the West.
    text = decodeWindows1252(body);
    encoding = "windows-1252";
  }
  if (looksBinary(text)) {
    return { ok: false, message: "This is not a CSV file: it holds binary data. Save the list as CSV (comma-separated values) and upload that." };
  }
  return { ok: true, text, encoding };
}

/** Many control characters (other than tab and line breaks) in the first few thousand: not text. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) controls++;
  }
  return controls > Math.max(8, sample.length * 0.01);
}

/**
 * Windows-1252 differs from ISO-8859-1 in 0x80–0x9F (€, curly quotes, dashes, Š, Ž, …). Node's
 * TextDecoder("windows-1252") decodes those bytes as ISO-8859-1 control characters, so they are
 * mapped here. Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as they are, like browsers do.
 */
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return latin1.replace(/[\u0080-\u009F]/g, (ch) => CP1252_HIGH[ch.charCodeAt(0) - 0x80]);
}
