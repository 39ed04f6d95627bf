/**
 * The console's prospect form is flat (one input per field); the domain's blocks are a list. This
 * maps one to the other, keeping field errors on the inputs they belong to.
 */
import type { ProspectRow } from "../db/queries/prospects";
import { offerBlockSchema, presentationBlockSchema, storedBlocks, videoBlockSchema, type Block } from "./blocks";
import { fieldErrors } from "./api/http";
import { storedCtas } from "./plays/plays";
import { phoneProblem, prospectInputSchema, type ProspectInput } from "./prospects";

export type ProspectFormValues = Record<string, string | boolean | undefined>;

const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/**
 * The form's video, presentation and offer inputs → blocks (in that order, with the form prefix of
 * each: "video", "presentation", "offer"), and field errors keyed by input name. Shared with the
 * play editor (lib/plays/form.ts).
 */
export function blocksFromForm(values: ProspectFormValues): { blocks: Block[]; prefixes: string[]; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const blocks: Block[] = [];
  const prefixes: string[] = [];
  const collect = (prefix: string, parsed: { success: true; data: Block } | { success: false; error: Parameters<typeof fieldErrors>[0] }) => {
    if (parsed.success) {
      blocks.push(parsed.data);
      prefixes.push(prefix);
    } else for (const [k, m] of Object.entries(fieldErrors(parsed.error))) fields[`${prefix}${k[0].toUpperCase()}${k.slice(1)}`] ??= m;
  };
  if (str(values.videoUrl)) collect("video", videoBlockSchema.safeParse({ type: "video", url: str(values.videoUrl), title: str(values.videoTitle) || undefined }));
  if (str(values.presentationUrl))
    collect("presentation", presentationBlockSchema.safeParse({ type: "presentation", url: str(values.presentationUrl), title: str(values.presentationTitle) || undefined }));
  if (str(values.offerTitle) || str(values.offerCode) || str(values.offerText))
    collect(
      "offer",
      offerBlockSchema.safeParse({
        type: "offer",
        title: str(values.offerTitle),
        text: str(values.offerText) || undefined,
        code: str(values.offerCode) || undefined,
        expiresAt: str(values.offerExpiresAt) || undefined,
      }),
    );
  return { blocks, prefixes, fields };
}

/** Flat form values → a prospect input, or field errors keyed by the form's input names. */
export async function prospectFromForm(values: ProspectFormValues): Promise<{ ok: true; input: ProspectInput } | { ok: false; fields: Record<string, string> }> {
  const { blocks, fields } = blocksFromForm(values);
  const candidate = {
    firstName: str(values.firstName),
    lastName: str(values.lastName),
    company: str(values.company),
    phone: str(values.phone),
    email: str(values.email),
    message: str(values.message),
    privateNote: str(values.privateNote),
    followUpAt: str(values.followUpAt) || null,
    slug: str(values.slug) || undefined,
    blocks,
    // Empty follows no play; the page's own message and blocks, when filled, override the play's.
    playId: str(values.playId) || null,
    // "own": this page's buttons, whatever the play says; otherwise the play's (all three without one).
    ctas: values.ctaMode === "own" ? { call: values.ctaCall === true, email: values.ctaEmail === true, book: values.ctaBook === true } : null,
  };
  const parsed = prospectInputSchema.safeParse(candidate);
  if (!parsed.success) Object.assign(fields, Object.fromEntries(Object.entries(fieldErrors(parsed.error)).filter(([k]) => !(k in fields))));
  const phone = await phoneProblem(candidate.phone);
  if (phone && !("phone" in fields)) fields.phone = phone;
  if (Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, input: candidate };
}

/** Stored blocks as the form's video, presentation and offer inputs. */
export function formFromBlocks(stored: unknown): Record<string, string> {
  const blocks = storedBlocks(stored);
  const video = blocks.find((b) => b.type === "video");
  const presentation = blocks.find((b) => b.type === "presentation");
  const offer = blocks.find((b) => b.type === "offer");
  return {
    videoUrl: video?.url ?? "",
    videoTitle: video?.title ?? "",
    presentationUrl: presentation?.url ?? "",
    presentationTitle: presentation?.title ?? "",
    offerTitle: offer?.title ?? "",
    offerText: offer?.text ?? "",
    offerCode: offer?.code ?? "",
    offerExpiresAt: offer?.expiresAt ?? "",
  };
}

/** A stored prospect as the form's initial values. */
export function formFromProspect(p: ProspectRow): Record<string, string> {
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    company: p.company ?? "",
    phone: p.phone ?? "",
    email: p.email ?? "",
    message: p.message ?? "",
    privateNote: p.privateNote ?? "",
    followUpAt: p.followUpAt ? new Date(p.followUpAt).toISOString().slice(0, 10) : "",
    slug: p.slug,
    playId: p.playId ?? "",
    ...formFromCtas(p.ctas),
    ...formFromBlocks(p.blocks),
  };
}

/** A page's own buttons as the form's inputs ("play" when it follows the play's). */
export function formFromCtas(stored: unknown): Record<string, string> {
  if (!stored) return { ctaMode: "play", ctaCall: "true", ctaEmail: "true", ctaBook: "true" };
  const c = storedCtas(stored);
  return { ctaMode: "own", ctaCall: String(c.call), ctaEmail: String(c.email), ctaBook: String(c.book) };
}
