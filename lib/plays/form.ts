/**
 * The console's play editor is flat (one input per field, like the prospect form); a play's blocks
 * are a list. This maps one to the other, keeping field errors (an unknown merge field in the
 * offer's title, say) on the inputs they belong to.
 */
import { fieldErrors } from "../api/http";
import { blocksFromForm, formFromBlocks, type ProspectFormValues } from "../prospect-form";
import { playInputSchema, storedCtas, type PlayInput } from "./plays";
import type { PlayRow } from "../../db/queries/plays";

const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** Flat form values → a play input, or field errors keyed by the form's input names. */
export function playFromForm(values: ProspectFormValues): { ok: true; input: PlayInput } | { ok: false; fields: Record<string, string> } {
  const { blocks, prefixes, fields } = blocksFromForm(values);
  const days = str(values.promiseDays);
  const candidate = {
    name: str(values.name),
    message: str(values.message),
    blocks,
    shared: values.shared === true,
    ctas: { call: values.ctaCall === true, email: values.ctaEmail === true, book: values.ctaBook === true },
    promiseDays: days === "" ? null : Number(days),
  };
  const parsed = playInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const [key, message] of Object.entries(fieldErrors(parsed.error))) {
      const m = key.match(/^blocks\.(\d+)\.(\w+)$/);
      const name = m ? `${prefixes[Number(m[1])]}${m[2][0].toUpperCase()}${m[2].slice(1)}` : key;
      fields[name] ??= message;
    }
  }
  if (Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, input: candidate };
}

/** A stored play as the editor's initial values (checkboxes as "on" or ""). */
export function formFromPlay(p: Pick<PlayRow, "name" | "message" | "blocks" | "ctas" | "promiseDays" | "shared">): Record<string, string> {
  const ctas = storedCtas(p.ctas);
  return {
    name: p.name,
    message: p.message ?? "",
    promiseDays: p.promiseDays === null ? "" : String(p.promiseDays),
    ctaCall: ctas.call ? "on" : "",
    ctaEmail: ctas.email ? "on" : "",
    ctaBook: ctas.book ? "on" : "",
    shared: p.shared ? "on" : "",
    ...formFromBlocks(p.blocks),
  };
}
