/**
 * The console's prospect form is flat (one input per field); the domain's blocks are a list. This
 * maps one to the other, keeping field errors on the inputs they belong to.
 */
import type { ProspectRow } from "../db/queries/prospects";
import { offerBlockSchema, presentationBlockSchema, storedBlocks, videoBlockSchema, type Block } from "./blocks";
import { fieldErrors } from "./api/http";
import { prospectInputSchema, type ProspectInput } from "./prospects";

export type ProspectFormValues = Record<string, string | boolean | undefined>;

const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** Flat form values → a prospect input, or field errors keyed by the form's input names. */
export function prospectFromForm(values: ProspectFormValues): { ok: true; input: ProspectInput } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const blocks: Block[] = [];
  const collect = (prefix: string, parsed: { success: true; data: Block } | { success: false; error: Parameters<typeof fieldErrors>[0] }) => {
    if (parsed.success) blocks.push(parsed.data);
    else for (const [k, m] of Object.entries(fieldErrors(parsed.error))) fields[`${prefix}${k[0].toUpperCase()}${k.slice(1)}`] ??= m;
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
  };
  const parsed = prospectInputSchema.safeParse(candidate);
  if (!parsed.success) Object.assign(fields, Object.fromEntries(Object.entries(fieldErrors(parsed.error)).filter(([k]) => !(k in fields))));
  if (Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, input: candidate };
}

/** A stored prospect as the form's initial values. */
export function formFromProspect(p: ProspectRow): Record<string, string> {
  const blocks = storedBlocks(p.blocks);
  const video = blocks.find((b) => b.type === "video");
  const presentation = blocks.find((b) => b.type === "presentation");
  const offer = blocks.find((b) => b.type === "offer");
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
