/**
 * Which column holds which field, read from the headers of the usual exports. Rules as data: each
 * alias with the CRM or tool that writes it. Headers are compared without case, spaces, underscores
 * and punctuation ("First Name", "first_name", "FIRSTNAME" are one).
 */
import { z } from "zod";

/** The fields a call list can fill. `name` is a whole name, split into first and last. */
export const IMPORT_FIELDS = ["firstName", "lastName", "name", "company", "email", "phone", "note", "page"] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const importFieldSchema = z.enum(IMPORT_FIELDS);

export const FIELD_LABELS: Record<ImportField, string> = {
  firstName: "First name",
  lastName: "Last name",
  name: "Full name (split in two)",
  company: "Company",
  email: "E-mail",
  phone: "Phone",
  note: "Private note",
  page: "Ringback page (finds the person it already has)",
};

/** Aliases per field, most specific first within a field. A header goes to the first field that claims it. */
export const HEADER_ALIASES: Record<ImportField, { header: string; source: string }[]> = {
  firstName: [
    { header: "First Name", source: "HubSpot, Salesforce, Apollo, Outreach, Ringback's own export" },
    { header: "first_name", source: "Outreach API export, Pipedrive, plain spreadsheets" },
    { header: "FirstName", source: "Salesforce API names (Lead.FirstName)" },
    { header: "Given Name", source: "Google Contacts" },
    { header: "Forename", source: "UK spreadsheets" },
    { header: "Prénom", source: "French spreadsheets" },
    { header: "Vorname", source: "German spreadsheets" },
    { header: "Nombre", source: "Spanish spreadsheets" },
  ],
  lastName: [
    { header: "Last Name", source: "HubSpot, Salesforce, Apollo, Outreach, Ringback's own export" },
    { header: "last_name", source: "Outreach API export, Pipedrive" },
    { header: "LastName", source: "Salesforce API names" },
    { header: "Surname", source: "UK spreadsheets" },
    { header: "Family Name", source: "Google Contacts" },
    { header: "Nom", source: "French spreadsheets" },
    { header: "Nachname", source: "German spreadsheets" },
    { header: "Apellido", source: "Spanish spreadsheets" },
    { header: "Apellidos", source: "Spanish spreadsheets" },
  ],
  name: [
    { header: "Name", source: "Pipedrive, Close, plain spreadsheets" },
    { header: "Full Name", source: "Apollo, LinkedIn Sales Navigator" },
    { header: "Contact Name", source: "Salesforce reports, Zoho" },
    { header: "Contact", source: "plain spreadsheets" },
    { header: "Prospect", source: "plain spreadsheets" },
  ],
  company: [
    { header: "Company", source: "Apollo, Salesforce Leads, Ringback's own export" },
    { header: "Company Name", source: "HubSpot, Apollo, ZoomInfo" },
    { header: "Account Name", source: "Salesforce Contacts, Outreach" },
    { header: "Account", source: "Salesforce reports, Outreach" },
    { header: "Organization", source: "Pipedrive, Google Contacts" },
    { header: "Organization Name", source: "Pipedrive" },
    { header: "Organisation", source: "British spelling" },
    { header: "company_name", source: "Outreach API export" },
    { header: "Employer", source: "plain spreadsheets" },
    { header: "Firma", source: "German spreadsheets" },
    { header: "Société", source: "French spreadsheets" },
    { header: "Empresa", source: "Spanish spreadsheets" },
  ],
  email: [
    { header: "Email", source: "Salesforce, Apollo, Ringback's own export" },
    { header: "Email Address", source: "HubSpot" },
    { header: "E-mail", source: "plain spreadsheets" },
    { header: "E-mail Address", source: "Outlook contacts" },
    { header: "Emails", source: "Outreach (first address)" },
    { header: "Work Email", source: "HubSpot, ZoomInfo" },
    { header: "Business Email", source: "ZoomInfo" },
    { header: "Primary Email", source: "Close" },
    { header: "email_address", source: "Outreach API export" },
    { header: "Mail", source: "German spreadsheets" },
  ],
  phone: [
    { header: "Phone", source: "Salesforce, Ringback's own export" },
    { header: "Phone Number", source: "HubSpot" },
    { header: "Mobile Phone", source: "HubSpot, Outlook contacts" },
    { header: "Mobile", source: "Salesforce Contacts (MobilePhone)" },
    { header: "MobilePhone", source: "Salesforce API names" },
    { header: "Mobile Phone Number", source: "HubSpot" },
    { header: "Cell", source: "plain spreadsheets" },
    { header: "Cell Phone", source: "plain spreadsheets" },
    { header: "Direct Phone", source: "ZoomInfo" },
    { header: "Direct Phone Number", source: "ZoomInfo" },
    { header: "Work Direct Phone", source: "Apollo" },
    { header: "Mobile Phone (Apollo)", source: "Apollo" },
    { header: "Corporate Phone", source: "Apollo (the switchboard, used when no direct line is given)" },
    { header: "Work Phone", source: "Outreach" },
    { header: "Phones", source: "Outreach (first number)" },
    { header: "Business Phone", source: "Outlook contacts, Dynamics" },
    { header: "Telephone", source: "UK spreadsheets" },
    { header: "Tel", source: "plain spreadsheets" },
    { header: "Telefon", source: "German spreadsheets" },
    { header: "Téléphone", source: "French spreadsheets" },
  ],
  note: [
    { header: "Notes", source: "plain spreadsheets, Outreach" },
    { header: "Note", source: "plain spreadsheets" },
    { header: "Description", source: "Salesforce" },
    { header: "Private Note", source: "Ringback" },
  ],
  // A page's address, as Ringback's own export writes it: a row for someone who already has a page is
  // that person, even without an e-mail or phone to recognise them by (so an export re-imports as nothing new).
  page: [
    { header: "URL", source: "Ringback's own export" },
    { header: "Page URL", source: "plain spreadsheets" },
    { header: "Ringback URL", source: "CRMs holding Ringback's links" },
    { header: "Ringback Page", source: "CRMs holding Ringback's links" },
  ],
};

/**
 * Headers known to carry nothing Ringback stores; reported as ignored like any unknown column, but
 * listed so a reader sees they were considered. Ringback's own export adds URL, Say and Created.
 */
export const KNOWN_IGNORED = ["Say", "Created", "Person Linkedin Url" /* Apollo */, "Title", "Job Title", "Record ID" /* HubSpot */, "Contact ID", "Lead Source"];

/** "First Name" → "firstname"; "E-mail Address" → "emailaddress"; accents kept ("prénom"). */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFC")
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replace(/[\s_\-.:'"()/#*]+/g, "");
}

const ALIAS_TO_FIELD = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) {
  for (const { header } of HEADER_ALIASES[field]) {
    const key = normaliseHeader(header);
    if (!ALIAS_TO_FIELD.has(key)) ALIAS_TO_FIELD.set(key, field);
  }
}

/** field → the header it is read from (the exact header as in the file). */
export type Mapping = Partial<Record<ImportField, string>>;

/** The automatic mapping: each field from the first header that names it. Later columns naming a taken field are ignored. */
export function autoMapping(headers: string[]): Mapping {
  const mapping: Mapping = {};
  for (const header of headers) {
    const field = ALIAS_TO_FIELD.get(normaliseHeader(header));
    if (field && mapping[field] === undefined) mapping[field] = header;
  }
  // A whole-name column is only needed when there is no first-name column.
  if (mapping.firstName !== undefined) delete mapping.name;
  return mapping;
}

/**
 * The automatic mapping with the rep's changes: `overrides[field]` is a header of the file, or ""
 * to leave the field out. Returns field problems (unknown header) instead of guessing.
 */
export function applyOverrides(headers: string[], auto: Mapping, overrides: Partial<Record<ImportField, string>>): { mapping: Mapping; problems: Record<string, string> } {
  const mapping: Mapping = { ...auto };
  const problems: Record<string, string> = {};
  for (const field of IMPORT_FIELDS) {
    const wanted = overrides[field];
    if (wanted === undefined) continue;
    if (wanted === "") {
      delete mapping[field];
      continue;
    }
    const header = headers.find((h) => h === wanted) ?? headers.find((h) => normaliseHeader(h) === normaliseHeader(wanted));
    if (header === undefined) {
      problems[`map.${field}`] = `The file has no column "${wanted}". Its columns are: ${headers.filter(Boolean).join(", ")}.`;
      continue;
    }
    // One column feeds one field: taking it here frees it elsewhere.
    for (const f of IMPORT_FIELDS) if (f !== field && mapping[f] === header && overrides[f] === undefined) delete mapping[f];
    mapping[field] = header;
  }
  if (overrides.firstName !== undefined && overrides.name === undefined && mapping.firstName !== undefined) delete mapping.name;
  return { mapping, problems };
}

/** Headers no field reads from (reported as ignored). Empty trailing headers are not worth a mention. */
export function ignoredHeaders(headers: string[], mapping: Mapping): string[] {
  const used = new Set(Object.values(mapping));
  return headers.filter((h) => h.trim() !== "" && !used.has(h));
}
