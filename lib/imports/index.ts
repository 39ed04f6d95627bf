/**
 * Importing a call list, start to end — one function for the API and the console:
 * bytes → text (encoding detected) → records (delimiter detected) → mapping (headers, then the
 * rep's changes) → rows validated like any new page → plan (duplicates, speakable slugs) →
 * one transaction. Every answer says what was detected.
 */
import Papa from "papaparse";
import { playIdProblem } from "../plays/plays";
import { campaignIdProblem, enrolImported } from "../campaigns/store";
import { findUserById, type UserRow } from "../../db/queries/users";
import { config } from "../config";
import { publicOrigin } from "../prospects";
import { workspace } from "../profiles";
import { commitPlan, takeSnapshot } from "./commit";
import { decodeCsvBytes, type Encoding } from "./decode";
import { applyOverrides, autoMapping, IMPORT_FIELDS, ignoredHeaders, type ImportField, type Mapping } from "./mapping";
import { parseCsv, type Delimiter } from "./parse";
import { planRows, type Plan, type PlanOptions, type ValidInput } from "./plan";
import { checkRow, type CheckedRow } from "./rows";
import { importQuerySchema, type ImportAnswer, type ImportProgress, type ImportQuery } from "./schemas";

export { importAnswerSchema, importQuerySchema, type ImportAnswer, type ImportProgress, type ImportQuery } from "./schemas";
export { pageSlugOf } from "./plan";

export type ImportFailure = { ok: false; status: number; code: string; message: string; fields: Record<string, string> };
const fail = (status: number, code: string, message: string, fields: Record<string, string> = {}): ImportFailure => ({ ok: false, status, code, message, fields });

export function parseImportQuery(params: URLSearchParams): { ok: true; query: ImportQuery } | ImportFailure {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) raw[k] = v;
  const parsed = importQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") for (const k of issue.keys) fields[k] = k.startsWith("map.") ? `Unknown field. Map one of: ${IMPORT_FIELDS.join(", ")}.` : "Unknown parameter.";
      else fields[issue.path.join(".") || "_"] ??= issue.message;
    }
    return fail(422, "invalid_input", "Some query parameters are not valid.", fields);
  }
  return { ok: true, query: parsed.data };
}

export type PreparedImport = {
  ok: true;
  actor: UserRow;
  owner: UserRow;
  query: ImportQuery;
  encoding: Encoding;
  delimiter: Delimiter;
  headers: string[];
  mapping: Mapping;
  records: { row: number; cells: string[] }[];
};

/** Everything that can refuse a whole file, before any row is looked at. */
export async function prepareImport(actor: UserRow, bytes: Uint8Array, query: ImportQuery): Promise<PreparedImport | ImportFailure> {
  let owner = actor;
  if (query.ownerId !== undefined && query.ownerId !== actor.id) {
    if (actor.role !== "admin") return fail(403, "forbidden", "Only an admin can import a list for another rep.", { ownerId: "Leave ownerId out to import for yourself." });
    const found = await findUserById(query.ownerId);
    if (!found) return fail(422, "invalid_input", "There is no such rep.", { ownerId: "Choose a rep of this workspace." });
    owner = found;
  }
  // The play for the whole list: one the list's owner may use (the workspace's or their own, not archived).
  const playProblem = query.playId ? (await playIdProblem(owner, query.playId)) : undefined;
  if (playProblem) return fail(422, "invalid_input", "The play cannot be used for this list.", { playId: playProblem });
  // The campaign to enrol the list in: one the importer may use, not archived.
  const campaignProblem = query.campaignId ? (await campaignIdProblem(actor, query.campaignId)) : undefined;
  if (campaignProblem) return fail(422, "invalid_input", "The campaign cannot be used for this list.", { campaignId: campaignProblem });
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) return fail(422, "not_csv", decoded.message);
  const parsed = parseCsv(decoded.text);
  if (!parsed.ok) return fail(422, "not_csv", parsed.message);
  const max = config().IMPORT_MAX_ROWS;
  if (parsed.records.length > max) {
    return fail(413, "too_many_rows", `The file has ${parsed.records.length.toLocaleString("en")} rows; one import takes at most ${max.toLocaleString("en")}. Split it into smaller files.`);
  }
  const overrides: Partial<Record<ImportField, string>> = {};
  for (const f of IMPORT_FIELDS) if (query[`map.${f}`] !== undefined) overrides[f] = query[`map.${f}`]!;
  const { mapping, problems } = applyOverrides(parsed.headers, autoMapping(parsed.headers), overrides);
  if (Object.keys(problems).length) return fail(422, "invalid_input", "The mapping names a column the file does not have.", problems);
  if (mapping.firstName === undefined && mapping.name === undefined) {
    return fail(
      422,
      "no_name_column",
      `No column holds first names (we look for headers such as "First Name", "first_name" or "Name"). The file's columns are: ${parsed.headers.filter(Boolean).join(", ") || "none"}. Choose one with map.firstName=<header>.`,
      { "map.firstName": "Choose the column with first names." },
    );
  }
  if (parsed.records.length === 0) return fail(422, "no_rows", "The file has a header row but no rows to import.");
  return { ok: true, actor, owner, query, encoding: decoded.encoding, delimiter: parsed.delimiter, headers: parsed.headers, mapping, records: parsed.records };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Checks, plans and (unless a dry run) writes the rows, pausing between chunks so the server keeps
 * answering other requests, and reporting progress along the way.
 */
export async function runImport(p: PreparedImport, opts: { origin: string; onProgress?: (e: ImportProgress) => void }): Promise<ImportAnswer> {
  const total = p.records.length;
  const progress = (phase: ImportProgress["phase"], done: number) => opts.onProgress?.({ type: "progress", phase, done, total });
  const region = (await workspace()).defaultPhoneRegion || "US";
  const checked: CheckedRow<ValidInput>[] = [];
  const CHUNK = 250;
  for (let i = 0; i < total; i++) {
    if (i > 0 && i % CHUNK === 0) {
      progress("checking", i);
      await tick();
    }
    checked.push(checkRow(p.records[i], p.headers, p.mapping, { region, playId: p.query.playId }) as CheckedRow<ValidInput>);
  }
  progress("checking", total);
  await tick();

  const planOpts: PlanOptions = { actor: p.actor, owner: p.owner, onDuplicate: p.query.onDuplicate };
  const gen = planRows(checked, await takeSnapshot(), planOpts, CHUNK);
  let step = gen.next();
  while (!step.done) {
    progress("matching", step.value);
    await tick();
    step = gen.next();
  }
  let plan: Plan = step.value;
  progress("matching", total);
  let campaign: ImportAnswer["campaign"] = null;
  if (!p.query.dryRun) {
    progress("writing", 0);
    await tick();
    plan = await commitPlan(plan, checked, planOpts);
    if (p.query.campaignId) {
      const r = await enrolImported(p.actor, p.query.campaignId, [...plan.creates.map((c) => c.prospect.id), ...plan.updates.map((u) => u.id)]);
      campaign = { id: p.query.campaignId, enrolled: r.enrolled.length, skipped: r.skipped.length };
    }
  } else if (p.query.campaignId) campaign = { id: p.query.campaignId, enrolled: plan.creates.length + plan.updates.length, skipped: 0 };
  progress("done", total);
  return answerFor(p, plan, opts.origin, campaign);
}

async function answerFor(p: PreparedImport, plan: Plan, origin: string, campaign: ImportAnswer["campaign"]): Promise<ImportAnswer> {
  const base = await publicOrigin(origin);
  const dry = p.query.dryRun;
  return {
    dryRun: dry,
    encoding: p.encoding,
    delimiter: p.delimiter,
    rows: p.records.length,
    headers: p.headers,
    mapping: p.mapping as Record<string, string>,
    ignoredColumns: ignoredHeaders(p.headers, p.mapping),
    owner: { id: p.owner.id, name: p.owner.name },
    playId: p.query.playId ?? null,
    onDuplicate: p.query.onDuplicate,
    campaign,
    created: plan.creates.length,
    updated: plan.updates.length,
    skipped: plan.skipped,
    errors: plan.errors,
    prospects: [
      ...plan.creates.map((c) => ({ row: c.row, id: dry ? null : c.prospect.id, slug: c.prospect.slug, url: `${base}/${c.prospect.slug}`, action: "create" as const })),
      ...plan.updates.map((u) => ({ row: u.row, id: u.id, slug: u.slug, url: `${base}/${u.slug}`, action: "update" as const })),
    ].sort((a, b) => a.row - b.row),
    outcomes: plan.outcomes,
  };
}

/**
 * The refused rows as a CSV to fix and upload again: the file's own columns, as they were, and a
 * last column saying what to change. null when every row was fine.
 */
export function rowsToFixCsv(p: PreparedImport, answer: ImportAnswer): string | null {
  if (answer.errors.length === 0) return null;
  const problems = new Map<number, string[]>();
  for (const e of answer.errors) {
    const list = problems.get(e.row) ?? [];
    list.push(e.column ? `${e.column}: ${e.message}` : e.message);
    problems.set(e.row, list);
  }
  const width = p.headers.length;
  const data = p.records.filter((r) => problems.has(r.row)).map((r) => [...Array.from({ length: width }, (_, i) => r.cells[i] ?? ""), problems.get(r.row)!.join(" ")]);
  return "\uFEFF" + Papa.unparse({ fields: [...p.headers, "Problems"], data }, { newline: "\r\n" });
}
