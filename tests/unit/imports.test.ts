/** Call-list imports without a database: encodings, delimiters, header mapping, phones, rows. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCsvBytes } from "../../lib/imports/decode";
import { applyOverrides, autoMapping, HEADER_ALIASES, ignoredHeaders, IMPORT_FIELDS } from "../../lib/imports/mapping";
import { parseCsv } from "../../lib/imports/parse";
import { checkRow, importPhone, splitName } from "../../lib/imports/rows";
import { prospectInputSchema } from "../../lib/prospects";

const utf8 = (s: string) => new TextEncoder().encode(s);
const cp1252 = (s: string) => Uint8Array.from([...s].map((ch) => ({ é: 0xe9, ñ: 0xf1, ü: 0xfc, "’": 0x92, "€": 0x80 })[ch] ?? ch.charCodeAt(0)));

describe("encodings", () => {
  it("reads UTF-8 with and without the BOM, in any script", () => {
    const text = "First Name,Last Name\nАлексей,Смирнов\n李,小龍\n";
    expect(decodeCsvBytes(utf8(text))).toEqual({ ok: true, text, encoding: "utf-8" });
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]))).toEqual({ ok: true, text, encoding: "utf-8-bom" });
  });

  it("reads Windows-1252 from Excel when the bytes are not UTF-8", () => {
    const r = decodeCsvBytes(cp1252("First Name,Last Name\nJosé,Muñoz\nRenée,O’Brien €\n"));
    expect(r).toMatchObject({ ok: true, encoding: "windows-1252" });
    expect(r.ok && r.text).toContain("José,Muñoz\nRenée,O’Brien €");
  });

  it("reads UTF-16LE with a BOM (Excel's Unicode text)", () => {
    const text = "First Name\tLast Name\nZoë\tÅström\n";
    const bytes = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, "utf16le"))]);
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text, encoding: "utf-16le" });
  });

  it("refuses binary files and says what they look like", () => {
    expect(decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toMatchObject({ ok: false, message: expect.stringContaining("Excel workbook") });
    expect(decodeCsvBytes(utf8("%PDF-1.7\n"))).toMatchObject({ ok: false, message: expect.stringContaining("PDF") });
    expect(decodeCsvBytes(new Uint8Array([1, 0, 2, 0, 3]))).toMatchObject({ ok: false });
    expect(decodeCsvBytes(new Uint8Array())).toMatchObject({ ok: false, message: "The file is empty." });
  });
});

describe("parsing", () => {
  it.each([
    [",", "First Name,Company\nRob,Northwind\n"],
    [";", "First Name;Company\nRob;Northwind\n"],
    ["\t", "First Name\tCompany\nRob\tNorthwind\n"],
  ])("detects the %j delimiter", (delimiter, text) => {
    const r = parseCsv(text);
    expect(r).toMatchObject({ ok: true, delimiter, headers: ["First Name", "Company"] });
  });

  it("keeps quoted commas and line breaks, skips blank lines, and numbers rows as a spreadsheet does", () => {
    const text = 'First Name,Company,Notes,,\r\nRob,"Northwind, Inc.","line one\nline two",,\r\n\r\n,,,,\r\nAda,Contoso,,,\r\n';
    const r = parseCsv(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.headers).toEqual(["First Name", "Company", "Notes"]);
    expect(r.records.map((x) => x.row)).toEqual([2, 5]);
    expect(r.records[0].cells.slice(0, 3)).toEqual(["Rob", "Northwind, Inc.", "line one\nline two"]);
  });

  it("refuses a quote that never closes, and JSON", () => {
    expect(parseCsv('First Name\nRob\n"Ada\n')).toMatchObject({ ok: false, message: expect.stringContaining("Row 3") });
    expect(parseCsv('[{"firstName":"Rob"}]')).toMatchObject({ ok: false, message: expect.stringContaining("JSON") });
  });
});

describe("header mapping", () => {
  it.each([
    ["HubSpot", ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name", "Mobile Phone Number"], { firstName: "First Name", lastName: "Last Name", email: "Email", phone: "Phone Number", company: "Company Name" }],
    ["Salesforce", ["FirstName", "LastName", "Account Name", "Email", "Mobile", "Title"], { firstName: "FirstName", lastName: "LastName", company: "Account Name", email: "Email", phone: "Mobile" }],
    ["Apollo", ["First Name", "Last Name", "Title", "Company", "Email", "Person Linkedin Url", "Mobile Phone"], { firstName: "First Name", lastName: "Last Name", company: "Company", email: "Email", phone: "Mobile Phone" }],
    ["Outreach", ["first_name", "last_name", "company_name", "email_address", "Work Phone"], { firstName: "first_name", lastName: "last_name", company: "company_name", email: "email_address", phone: "Work Phone" }],
    ["a spreadsheet", ["Name", "E-mail Address", "Cell", "Organization"], { name: "Name", email: "E-mail Address", phone: "Cell", company: "Organization" }],
    ["Ringback's export", ["First Name", "Last Name", "Company", "Email", "Phone", "URL", "Say", "Created"], { firstName: "First Name", lastName: "Last Name", company: "Company", email: "Email", phone: "Phone", page: "URL" }],
  ])("maps a %s export by its headers", (_, headers, expected) => {
    expect(autoMapping(headers)).toEqual(expected);
  });

  it("reports unknown columns as ignored, and takes the rep's changes", () => {
    const headers = ["First Name", "Email", "Mobile", "Favourite Colour"];
    const auto = autoMapping(headers);
    expect(ignoredHeaders(headers, auto)).toEqual(["Favourite Colour"]);
    const { mapping, problems } = applyOverrides(headers, auto, { phone: "", note: "Favourite Colour" });
    expect(problems).toEqual({});
    expect(mapping).toEqual({ firstName: "First Name", email: "Email", note: "Favourite Colour" });
    expect(applyOverrides(headers, auto, { company: "Nope" }).problems).toHaveProperty("map.company");
  });

  it("names a source for every alias", () => {
    for (const f of IMPORT_FIELDS) for (const a of HEADER_ALIASES[f]) expect(a.source.length).toBeGreaterThan(2);
  });
});

describe("phones as Excel writes them", () => {
  it.each([
    ["(555) 010-2030", "+15550102030"],
    ["'+1 555 010 2030", "+15550102030"],
    ['="+15550102030"', "+15550102030"],
    ["+44 20 7946 0958", "+442079460958"],
    ["15550102030.0", "+15550102030"],
    ["", null],
  ])("%j → %j", (raw, e164) => {
    expect(importPhone(raw, "US")).toEqual({ ok: true, phone: e164 });
  });

  it("refuses numbers Excel turned into scientific notation, saying so", () => {
    expect(importPhone("5.55E+09", "US")).toMatchObject({ ok: false, message: expect.stringContaining("scientific notation") });
    expect(importPhone("not a phone", "US")).toMatchObject({ ok: false });
  });
});

describe("rows", () => {
  const headers = ["First Name", "Last Name", "Email", "Phone", "Company"];
  const mapping = autoMapping(headers);
  it("becomes a prospect input, or errors with row, field, column and message", () => {
    const good = checkRow({ row: 2, cells: ["Rob", "Mason", "ROB@Northwind.test", "(555) 010-2030", "Northwind"] }, headers, mapping, { region: "US" });
    expect(good).toMatchObject({ ok: true, input: { firstName: "Rob", lastName: "Mason", email: "rob@northwind.test", phone: "+15550102030", company: "Northwind" } });
    const bad = checkRow({ row: 7, cells: ["", "Mason", "not-an-email", "5.55E+09", ""] }, headers, mapping, { region: "US" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors).toEqual([
      { row: 7, field: "phone", column: "Phone", message: expect.stringContaining("scientific notation") },
      { row: 7, field: "firstName", column: "First Name", message: "Enter the first name." },
      { row: 7, field: "email", column: "Email", message: "Enter a valid e-mail address." },
    ]);
  });

  it("splits a whole name", () => {
    expect(splitName("Rob Mason")).toEqual({ firstName: "Rob", lastName: "Mason" });
    expect(splitName("Mason, Rob")).toEqual({ firstName: "Rob", lastName: "Mason" });
    expect(splitName("李小龍")).toEqual({ firstName: "李小龍", lastName: "" });
  });

  // The plays work adds playId to prospectInputSchema; this shows the list's play reaches every
  // row's input and is validated by that schema, whichever version of it is in place.
  it("puts the list's playId into each row's input, validated by the prospect schema", () => {
    const withPlays = prospectInputSchema.extend({ playId: z.string().startsWith("ply_", "Choose a play.") });
    const ok = checkRow({ row: 2, cells: ["Rob", "", "", "", ""] }, headers, mapping, { region: "US", playId: "ply_demo" }, withPlays);
    expect(ok).toMatchObject({ ok: true, input: { playId: "ply_demo" } });
    const bad = checkRow({ row: 2, cells: ["Rob", "", "", "", ""] }, headers, mapping, { region: "US", playId: "nope" }, withPlays);
    expect(bad).toMatchObject({ ok: false, errors: [{ field: "playId", message: "Choose a play." }] });
  });
});
