/**
 * What an import takes (query parameters) and answers, as zod schemas: the routes validate with
 * them and the OpenAPI document registers them (lib/api/openapi*).
 */
import { z } from "zod";
import { IMPORT_FIELDS, type ImportField } from "./mapping";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const mapParams = Object.fromEntries(IMPORT_FIELDS.map((f) => [`map.${f}`, z.string().max(200, "Use at most 200 characters.").optional()])) as Record<
  `map.${ImportField}`,
  z.ZodOptional<z.ZodString>
>;

/** `POST /api/v1/imports?dryRun=&playId=&onDuplicate=&ownerId=&map.<field>=<header>` */
export const importQuerySchema = z
  .object({
    dryRun: bool.default(false),
    playId: z.string().trim().min(1, "Choose a play, or leave playId out.").max(100).optional(),
    onDuplicate: z.enum(["skip", "update"], { error: "Use skip or update." }).default("skip"),
    /** A campaign (cmp_…) to enrol the list's people in, once imported (those already in it are skipped). */
    campaignId: z.string().trim().min(1, "Choose a campaign, or leave campaignId out.").max(100).optional(),
    /** Admins only: the rep the whole list is imported for (default: whoever imports). */
    ownerId: z.string().trim().min(1).max(100).optional(),
    ...mapParams,
  })
  .strict();

export type ImportQuery = z.output<typeof importQuerySchema>;

export const importErrorSchema = z.object({
  row: z.number().int().describe("The line's number as a spreadsheet shows it (the header is 1)."),
  field: z.string(),
  column: z.string().nullable().describe("The file's header for that field, when it has one."),
  message: z.string(),
});

export const importOutcomeSchema = z.object({
  row: z.number().int(),
  action: z.enum(["create", "update", "skip", "error"]),
  name: z.string(),
  slug: z.string().nullable(),
  message: z.string().nullable().describe("Why a row is skipped or refused; what changes on an update."),
});

export const importAnswerSchema = z.object({
  dryRun: z.boolean(),
  encoding: z.enum(["utf-8", "utf-8-bom", "windows-1252", "utf-16le", "utf-16be"]),
  delimiter: z.enum([",", ";", "\t"]),
  rows: z.number().int().describe("Data rows in the file (blank lines not counted)."),
  headers: z.array(z.string()),
  mapping: z.record(z.string(), z.string()).describe("field → the header it is read from."),
  ignoredColumns: z.array(z.string()),
  owner: z.object({ id: z.string(), name: z.string() }),
  playId: z.string().nullable(),
  onDuplicate: z.enum(["skip", "update"]),
  campaign: z
    .object({
      id: z.string(),
      enrolled: z.number().int().describe("People enrolled (a dry run: how many would be, at most)."),
      skipped: z.number().int().describe("People already in the campaign, left as they were."),
    })
    .nullable()
    .describe("The campaign the list's people were enrolled in (`campaignId`), or null."),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(importErrorSchema),
  prospects: z.array(z.object({ row: z.number().int(), id: z.string().nullable().describe("null in a dry run for a page not made yet"), slug: z.string(), url: z.string(), action: z.enum(["create", "update"]) })),
  outcomes: z.array(importOutcomeSchema).describe("Every data row, in file order: what is (or would be) done, and why."),
});

export type ImportAnswer = z.output<typeof importAnswerSchema>;
export type ImportOutcome = z.output<typeof importOutcomeSchema>;

/** One line of the console's progress stream (application/x-ndjson). */
export type ImportProgress = { type: "progress"; phase: "checking" | "matching" | "writing" | "done"; done: number; total: number };
