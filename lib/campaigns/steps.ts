/**
 * A campaign's steps: a planned sequence of touches on working days ("day 1 voicemail with script
 * A, day 3 e-mail, day 6 voicemail with script B, day 10 a last call"), validated once at the
 * boundary, and the label a touch wears in the call-back queue and call mode.
 */
import { z } from "zod";

/** What a touch is, and how the queue and call mode name it. */
export const TOUCH_KINDS = {
  // Leave a message that speaks the page's address; done by the "Left voicemail" / no-answer outcome.
  voicemail: { label: "voicemail", followsScript: true },
  // A template with the page link, sent through the workspace's SMTP or opened as a mailto:.
  email: { label: "e-mail", followsScript: false },
  // Try to reach them; a script is optional (what to say if it goes to voicemail after all).
  call: { label: "call", followsScript: true },
} as const satisfies Record<string, { label: string; followsScript: boolean }>;

export type TouchKind = keyof typeof TOUCH_KINDS;
const KIND_NAMES = Object.keys(TOUCH_KINDS) as [TouchKind, ...TouchKind[]];

export const MAX_STEPS = 10;
/** About a year of working days: further out is a reminder, not a campaign, and it bounds the date search. */
export const MAX_STEP_DAY = 260;
export const MAX_SUBJECT_CHARS = 200;
export const MAX_BODY_CHARS = 4000;

const DAY_MESSAGE = `Use a whole working-day number from 1 to ${MAX_STEP_DAY}.`;

export const campaignStepSchema = z
  .object({
    day: z
      .number({ error: DAY_MESSAGE })
      .int(DAY_MESSAGE)
      .min(1, DAY_MESSAGE)
      .max(MAX_STEP_DAY, DAY_MESSAGE)
      .describe("Working day number: day 1 is the first working day on or after enrolment."),
    kind: z.enum(KIND_NAMES, { error: "Choose voicemail, email or call." }),
    scriptId: z
      .string({ error: "Use a script id such as scr_…." })
      .trim()
      .max(40, "Use a script id such as scr_….")
      .regex(/^scr_[A-Za-z0-9_-]+$/, "Use a script id such as scr_….")
      .optional()
      .describe("The script to follow (voicemail and call steps)."),
    subject: z
      .string({ error: "Write the subject as text." })
      .trim()
      .max(MAX_SUBJECT_CHARS, `Use at most ${MAX_SUBJECT_CHARS} characters.`)
      .optional()
      .describe("E-mail steps: the subject, with merge fields."),
    body: z
      .string({ error: "Write the body as text." })
      .trim()
      .max(MAX_BODY_CHARS, "Use at most 4,000 characters.")
      .optional()
      .describe("E-mail steps: the body, with merge fields and the page link."),
  })
  .strict()
  .superRefine((step, ctx) => {
    if (step.kind === "email") {
      if (!step.subject) ctx.addIssue({ code: "custom", path: ["subject"], message: "Write the e-mail's subject." });
      if (!step.body) ctx.addIssue({ code: "custom", path: ["body"], message: "Write the e-mail's body." });
      if (step.scriptId !== undefined) ctx.addIssue({ code: "custom", path: ["scriptId"], message: "An e-mail step has no script; only voicemail and call steps follow one." });
    } else {
      // A subject on a voicemail is almost always a kind switched in the editor; say so rather than keep it silently.
      for (const field of ["subject", "body"] as const)
        if (step[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: `Only an e-mail step has a ${field}.` });
    }
  });

export type CampaignStep = z.output<typeof campaignStepSchema>;

/**
 * 1 to 10 steps, days strictly increasing, so no two touches share a working day. Paths are zod's,
 * counted from 0 (`steps.2.day`); messages count steps from 1, as the editor shows them.
 */
export const campaignStepsSchema = z
  .array(campaignStepSchema, { error: "List the campaign's steps." })
  .min(1, "Add at least one step.")
  .max(MAX_STEPS, `Use at most ${MAX_STEPS} steps.`)
  .superRefine((steps, ctx) => {
    for (let i = 1; i < steps.length; i++) {
      const { day } = steps[i];
      const prev = steps[i - 1].day;
      if (day <= prev) ctx.addIssue({ code: "custom", path: [i, "day"], message: `Day ${day} must come after step ${i}'s day ${prev}.` });
    }
  });

/** The body a campaign editor or API sends for its steps; its field errors read `steps.2.day`. */
export const campaignStepsInputSchema = z.object({ steps: campaignStepsSchema }).strict();

/**
 * "Touch 2 of 4 — voicemail: “Dangle the carrot”". The title is the script's name for a voicemail
 * or call (when known) and the subject for an e-mail; without one the label ends at the kind.
 */
export function describeTouch(step: Pick<CampaignStep, "kind" | "subject">, index: number, total: number, scriptName?: string): string {
  const kind = TOUCH_KINDS[step.kind];
  // A subject is a template: its merge fields read as their names ("A short idea for ‹company›"), not as braces.
  const title = (kind.followsScript ? scriptName : step.subject?.replace(/\{\{\s*([A-Za-z]+)[^}]*\}\}/g, "‹$1›"))?.trim();
  return `Touch ${index + 1} of ${total} — ${kind.label}${title ? `: “${title}”` : ""}`;
}
