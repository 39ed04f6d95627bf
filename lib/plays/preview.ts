/**
 * The console's preview of a play "as Rob Mason of Northwind": a saved play, or the editor's draft
 * (its form values, base64url JSON in the address), resolved like a real page for a sample person
 * and the rep who is looking. Nothing is stored and no visit is recorded.
 */
import { z } from "zod";
import type { UserRow } from "../../db/queries/users";
import { mergeContextFor } from "../pages";
import { blocksFromForm } from "../prospect-form";
import { playFromForm } from "./form";
import { playFor } from "./plays";
import { resolvePage, type PlayForPage, type ResolvedPage } from "./resolve";

export const SAMPLE_PROSPECT = { firstName: "Rob", lastName: "Mason", company: "Northwind", slug: "rob-mason" };

const draftSchema = z.record(z.string(), z.union([z.string().max(10_000), z.boolean()]));
const MAX_DRAFT = 24 * 1024;

function readDraft(text: string): Record<string, string | boolean> | undefined {
  if (text.length > MAX_DRAFT) return undefined;
  try {
    const parsed = draftSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export type Preview = { page: ResolvedPage; problems: string[] };

/** The preview, or undefined when `id` names no play this user may see (a 404). */
export async function previewPlay(user: UserRow, opts: { id?: string; draft?: string }, now = Date.now()): Promise<Preview | undefined> {
  const saved = opts.id ? (await playFor(user, opts.id)) : undefined;
  if (opts.id && !saved) return undefined;
  let content: PlayForPage | undefined = saved;
  const problems: string[] = [];
  if (opts.draft) {
    const values = readDraft(opts.draft);
    if (!values) problems.push("The draft could not be read; showing the saved play.");
    else {
      // What is typed is shown even while some of it is refused (an unknown field stays as written):
      // the problems are listed above the page, the name (never shown on the page) aside.
      const form = playFromForm(values);
      if (!form.ok) problems.push(...Object.entries(form.fields).filter(([k]) => k !== "name").map(([, m]) => m));
      const { blocks } = blocksFromForm(values);
      const text = (k: string) => (typeof values[k] === "string" ? (values[k] as string).trim() : "");
      const days = Number(text("promiseDays"));
      content = {
        id: saved?.id ?? "draft",
        version: saved?.version ?? 0,
        message: text("message").slice(0, 2000) || null,
        blocks,
        ctas: { call: values.ctaCall === true, email: values.ctaEmail === true, book: values.ctaBook === true },
        promiseDays: Number.isInteger(days) && days >= 1 && days <= 30 ? days : null,
      };
    }
  }
  const sample = { ...SAMPLE_PROSPECT, message: null, blocks: [], followUpAt: null, createdAt: now };
  return { page: resolvePage(sample, content, await mergeContextFor(sample, user), now), problems };
}
