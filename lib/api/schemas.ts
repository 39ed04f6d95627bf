/**
 * What /api/v1 answers, as zod schemas: the handlers' outputs are typed as z.infer of these (so
 * TypeScript keeps the two in step) and the OpenAPI document is generated from them (so the
 * document does too). Request bodies are the domain's own schemas (lib/prospects.ts), named here.
 */
import { z } from "zod";
import { blockSchema } from "../blocks";
import { exportQuerySchema } from "../imports/export";
import { importAnswerSchema, importErrorSchema, importOutcomeSchema, importQuerySchema } from "../imports/schemas";
import { playInputSchema, playPatchSchema } from "../plays/plays";
import { prospectInputSchema, prospectPatchSchema } from "../prospects";
import { voicemailInputSchema } from "../voicemails";
import { scriptInputSchema, scriptPatchSchema } from "../voicemail/scripts";
import { campaignInputSchema, campaignPatchSchema, enrolInputSchema } from "../campaigns/store";
import { TOUCH_KINDS } from "../campaigns/steps";
import { STYLE_KEYS } from "../voicemail/styles";
import { experimentInputSchema, stopInputSchema } from "../experiments/experiments";
import { component, requestBody } from "./openapi";

const isoTime = (what: string) => z.iso.datetime().describe(`${what} (ISO 8601, UTC).`);

/** The one error shape, for every status. */
export const errorSchema = component(
  "Error",
  z.object({
    error: z.object({
      code: z.string().describe("Stable and machine-readable: `unauthorized`, `not_found`, `invalid_input`, …"),
      message: z.string().describe("A sentence for a person."),
      fields: z.record(z.string(), z.string()).describe("Field path → what is wrong with it; empty unless the input was invalid."),
    }),
  }),
);
export type ErrorBody = z.infer<typeof errorSchema>;

/** `?limit=` on every list. */
export const limitSchema = z.coerce.number().int().min(1).max(200).default(50).describe("How many to return (1–200).");
const cursorParam = z.string().optional().describe("The `nextCursor` of the previous page; leave out for the first page.");
export const pageQuerySchema = z.object({ cursor: cursorParam, limit: limitSchema });

export const apiUserSchema = component(
  "User",
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["admin", "rep"]),
    title: z.string().nullable(),
    phone: z.string().nullable(),
    photoUrl: z.string().nullable(),
    calendarUrl: z.string().nullable(),
    createdAt: z.number().int().describe("When the account was made, in UTC milliseconds."),
  }),
);
export type ApiUser = z.infer<typeof apiUserSchema>;

export const apiBlockSchema = component("Block", blockSchema);

export const apiCtasSchema = component(
  "Ctas",
  z.object({ call: z.boolean(), email: z.boolean(), book: z.boolean() }).describe("Which buttons the page shows: Call (when a number exists), E-mail, Book a time (when a calendar link exists)."),
);

export const apiProspectSchema = component(
  "Prospect",
  z.object({
    id: z.string().describe("pro_…"),
    ownerId: z.string().describe("The rep whose prospect it is (usr_…)."),
    slug: z.string().describe("The page's speakable address."),
    url: z.string().describe("The page's full address, e.g. https://acme.com/rob-mason."),
    firstName: z.string(),
    lastName: z.string(),
    company: z.string().nullable(),
    phone: z.string().nullable().describe("E.164, e.g. +15550102030."),
    email: z.string().nullable(),
    message: z.string().nullable(),
    privateNote: z.string().nullable(),
    followUpAt: isoTime("When the rep promised to call").nullable(),
    blocks: z.array(apiBlockSchema),
    playId: z.string().nullable().describe("The play the page follows (ply_…), or null."),
    ctas: apiCtasSchema.nullable().describe("This page's own buttons, or null to follow the play."),
    createdAt: isoTime("Created"),
    updatedAt: isoTime("Last changed"),
  }),
);
export type ApiProspect = z.infer<typeof apiProspectSchema>;

export const prospectListSchema = component(
  "ProspectList",
  z.object({ data: z.array(apiProspectSchema), nextCursor: z.string().nullable().describe("Pass as `?cursor=` for the next page; null on the last.") }),
);

export const apiVisitSchema = component(
  "Visit",
  z.object({
    id: z.string().describe("vis_…"),
    startedAt: isoTime("Opened"),
    lastSeenAt: isoTime("Last seen"),
    visibleSeconds: z.number().int().min(0).describe("How long the page was visible."),
    human: z.boolean().describe("A person, not a link preview or a bot."),
    kind: z.enum(["human", "preview", "bot", "rep", "miss"]),
    source: z.string().nullable().describe('Who previewed it or where it came from, e.g. "Slack".'),
    requestedPath: z.string().nullable().describe("What was typed, when it differed from the page's address."),
    device: z.string().nullable(),
    os: z.string().nullable(),
    browser: z.string().nullable(),
    playId: z.string().nullable().describe("The play the page showed (ply_…), or null."),
    playVersion: z.number().int().nullable().describe("Which version of that play, or null."),
    events: z.array(z.object({ type: z.string(), at: isoTime("When"), data: z.unknown().describe("Details of the event, or null.") })),
  }),
);
export type ApiVisit = z.infer<typeof apiVisitSchema>;

export const visitListSchema = component(
  "VisitList",
  z.object({ data: z.array(apiVisitSchema), nextCursor: z.string().nullable().describe("Pass as `?cursor=` for the next page; null on the last.") }),
);

export const apiAlertSchema = component(
  "Alert",
  z.object({
    id: z.string().describe("alr_…"),
    cursor: z.string().describe("This alert's place in the feed; `?after=` it for what came later."),
    prospectId: z.string().nullable(),
    visitId: z.string().nullable(),
    kind: z.string().describe("`visit.started`, `visit.engaged`, `cta.clicked`, `visit.burst`, `digest`, …"),
    message: z.string().describe("One sentence for the rep."),
    quiet: z.boolean().describe("Recorded during the rep's quiet hours: shown silently, summed up in a digest."),
    createdAt: isoTime("Created"),
    prospect: z.object({ name: z.string(), phone: z.string().nullable(), slug: z.string().nullable() }).nullable(),
    data: z.record(z.string(), z.unknown()).describe("More about the alert, by kind."),
  }),
);
export type ApiAlert = z.infer<typeof apiAlertSchema>;

export const alertListSchema = component(
  "AlertList",
  z.object({
    data: z.array(apiAlertSchema),
    nextCursor: z.string().describe("Always given: pass it back as `?after=` to poll for newer alerts."),
    hasMore: z.boolean().describe("More are waiting: ask again at once."),
  }),
);

export const alertsQuerySchema = z.object({
  after: z.string().optional().describe("A `nextCursor` (or an alert's `cursor`) from an earlier answer; from the start without one."),
  limit: limitSchema,
});

/** The document describes itself as any JSON object (the OpenAPI 3.1 schema is not repeated here). */
export const openApiDocumentSchema = component("OpenApiDocument", z.looseObject({ openapi: z.literal("3.1.0") }));

export const prospectInputBody = requestBody("ProspectInput", prospectInputSchema);
export const prospectPatchBody = requestBody("ProspectPatch", prospectPatchSchema);

export const apiPlaySchema = component(
  "Play",
  z.object({
    id: z.string().describe("ply_…"),
    ownerId: z.string().describe("Who made it (usr_…)."),
    name: z.string(),
    shared: z.boolean().describe("Offered to every rep in the workspace (only admins change it)."),
    archived: z.boolean(),
    archivedAt: isoTime("Archived").nullable(),
    version: z.number().int().min(1).describe("Each change to what it says is a new version."),
    message: z.string().nullable().describe("May hold merge fields such as {{firstName}} or {{company|your team}}."),
    blocks: z.array(apiBlockSchema),
    ctas: apiCtasSchema,
    promiseDays: z.number().int().min(1).max(30).nullable().describe('"I\'ll call you on …", this many working days after the page was made.'),
    pages: z.number().int().min(0).describe("How many pages follow it."),
    createdAt: isoTime("Created"),
    updatedAt: isoTime("Last changed"),
  }),
);
export type ApiPlay = z.infer<typeof apiPlaySchema>;

export const playListSchema = component(
  "PlayList",
  z.object({ data: z.array(apiPlaySchema), nextCursor: z.string().nullable().describe("Pass as `?cursor=` for the next page; null on the last.") }),
);

export const playsQuerySchema = z.object({
  cursor: cursorParam,
  limit: limitSchema,
  archived: z.enum(["false", "true", "all"]).optional().describe("Archived plays too (`all`), only them (`true`), or not (`false`, the default)."),
});

export const playInputBody = requestBody("PlayInput", playInputSchema);
export const playPatchBody = requestBody("PlayPatch", playPatchSchema);

component("ImportRowError", importErrorSchema);
component("ImportOutcome", importOutcomeSchema);
export const apiImportAnswerSchema = component("ImportAnswer", importAnswerSchema);
export { exportQuerySchema, importQuerySchema };

export const apiVoicemailSchema = component(
  "Voicemail",
  z.object({
    id: z.string().describe("vm_…"),
    prospectId: z.string(),
    userId: z.string().describe("Who left it (usr_…)."),
    scriptId: z.string().nullable().describe("The script it followed (scr_…), or null."),
    text: z.string().nullable().describe("The exact words left (the page's address as spoken when none were given)."),
    leftAt: isoTime("Left"),
    seconds: z.number().int().nullable().describe("Its length, if recorded."),
    note: z.string().nullable(),
    playId: z.string().nullable().describe("The play the prospect's page showed when it was left (ply_…), or null."),
    playVersion: z.number().int().nullable().describe("Which version of that play, or null."),
    createdAt: isoTime("Logged"),
  }),
);
export type ApiVoicemail = z.infer<typeof apiVoicemailSchema>;

export const voicemailListSchema = component(
  "VoicemailList",
  z.object({ data: z.array(apiVoicemailSchema), nextCursor: z.string().nullable().describe("Pass as `?cursor=` for the next page; null on the last.") }),
);

export const voicemailInputBody = requestBody("VoicemailInput", voicemailInputSchema);

export const lookupQuerySchema = z.object({
  phone: z.string().describe('A phone number in any form: "(555) 010-2030", "+1 555 010 2030", "tel:+15550102030", a national number of the workspace\'s region, with or without an extension.'),
});

export const lookupSchema = component(
  "Lookup",
  z.object({
    matches: z.array(
      z.object({
        prospect: apiProspectSchema,
        lastVoicemail: z.object({ text: z.string().nullable(), leftAt: isoTime("Left"), scriptId: z.string().nullable() }).nullable().describe("The last message left, or null."),
        lastVisitAt: isoTime("Their last visit to the page").nullable(),
      }),
    ),
  }),
);
export type ApiLookup = z.infer<typeof lookupSchema>;

export const apiScriptSchema = component(
  "Script",
  z.object({
    id: z.string().describe("scr_… (the built-in examples: scr_example_<style>)."),
    ownerId: z.string().nullable().describe("Who wrote it (usr_…); null for the built-in examples."),
    name: z.string(),
    style: z.enum(STYLE_KEYS).describe("The style taught in sales training it is written in."),
    body: z.string().describe("What the rep says, with merge fields such as {{firstName}}, {{pageUrl}} (the address written to be spoken) and {{repPhoneSpoken}}."),
    shared: z.boolean().describe("Offered to every rep in the workspace (only admins change it)."),
    example: z.boolean().describe("One of the workspace's built-in, read-only examples: duplicate it (POST its body) to make your own."),
    archived: z.boolean(),
    archivedAt: isoTime("Archived").nullable(),
    createdAt: isoTime("Created").nullable().describe("Created (ISO 8601, UTC); null for the built-in examples."),
    updatedAt: isoTime("Last changed").nullable().describe("Last changed (ISO 8601, UTC); null for the built-in examples."),
  }),
);
export type ApiScript = z.infer<typeof apiScriptSchema>;

export const scriptListSchema = component(
  "ScriptList",
  z.object({ data: z.array(apiScriptSchema), nextCursor: z.string().nullable().describe("Pass as `?cursor=` for the next page; null on the last.") }),
);

export const scriptsQuerySchema = z.object({
  cursor: cursorParam,
  limit: limitSchema,
  archived: z.enum(["false", "true", "all"]).optional().describe("Archived scripts too (`all`), only them (`true`), or not (`false`, the default)."),
});

export const scriptInputBody = requestBody("ScriptInput", scriptInputSchema);
export const scriptPatchBody = requestBody("ScriptPatch", scriptPatchSchema);

export const renderedScriptSchema = component(
  "RenderedScript",
  z.object({
    scriptId: z.string().describe("The script rendered (the suggested one when none was asked for)."),
    text: z.string().describe("The words to say, merge fields filled in."),
    spokenUrl: z.string().describe('The page\'s address written to be spoken ("acme dot com slash rob dash mason").'),
    seconds: z.number().int().min(0).describe("Estimated speaking time at SPEAKING_RATE_WPM."),
    targetSeconds: z.object({ min: z.number().int(), max: z.number().int() }).describe("The window a voicemail should fit."),
    hints: z.array(z.object({ code: z.string(), message: z.string() })).describe("Advice from the craft (too_long, pitches_product, asks_call_back, number_missing, …); none blocks anything."),
  }),
);

export const prospectScriptQuerySchema = z.object({
  scriptId: z.string().optional().describe("The script to render (scr_…); leave out for the suggested one. An unknown or unseen id is a 404."),
});

export const apiExperimentSchema = component(
  "Experiment",
  z.object({
    id: z.string().describe("exp_…"),
    name: z.string(),
    kind: z.enum(["script", "play"]).describe("What its arms are: voicemail scripts or plays (the page a message sends people to)."),
    goal: z.enum(["visit", "callback", "meeting"]).describe("The step of the funnel it is judged on."),
    arms: z.array(z.string()).describe("The scripts' (scr_…) or plays' (ply_…) ids."),
    userIds: z.array(z.string()).nullable().describe("The reps it covers; null: the whole team."),
    minPerArm: z.number().int().describe("Messages every arm needs before a winner may be declared (and before Thompson sampling starts)."),
    status: z.enum(["scheduled", "running", "stopped"]),
    startsAt: isoTime("Starts"),
    stoppedAt: isoTime("Stopped").nullable(),
    winner: z.string().nullable().describe("The arm declared the winner when it stopped (it became the default script or play); null: none."),
    createdBy: z.string(),
    createdAt: isoTime("Created"),
  }),
);
export const experimentListSchema = component("ExperimentList", z.object({ data: z.array(apiExperimentSchema) }));
export const experimentResultsSchema = component(
  "ExperimentResults",
  z.object({
    goal: z.enum(["visit", "callback", "meeting"]),
    winner: z.string().nullable().describe("The arm that is best with 95% certainty once every arm has the minimum (or the one declared when it stopped); null until then."),
    verdict: z.string().describe("In words, what is and is not known yet."),
    arms: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        messages: z.number().int().describe("Voicemails left carrying this arm."),
        visits: z.number().int().describe("Of those, followed by a visit (a person, not a preview) within FUNNEL_VISIT_DAYS."),
        callbacks: z.number().int().describe("Followed by a returned call within FUNNEL_VISIT_DAYS."),
        meetings: z.number().int().describe("Followed by a meeting within FUNNEL_MEETING_DAYS."),
        rate: z.number().min(0).max(1).describe("The goal's rate (a fraction)."),
        low: z.number().min(0).max(1).describe("The low end of its 95% Wilson interval."),
        high: z.number().min(0).max(1).describe("The high end of its 95% Wilson interval."),
        chanceBest: z.number().min(0).max(1).describe("The chance this arm's true rate is the highest (Beta-Binomial, uniform prior, computed exactly)."),
        medianMinutesToVisit: z.number().nullable().describe("Median minutes from the message to the first visit; null without visits."),
      }),
    ),
  }),
);
export const experimentInputBody = requestBody("ExperimentInput", experimentInputSchema);
export const experimentStopBody = requestBody("ExperimentStop", stopInputSchema);
export const apiCampaignStepSchema = component(
  "CampaignStep",
  z.object({
    day: z.number().int().min(1).describe("Working day number: day 1 is the first working day on or after enrolment (the rep's zone; weekends and their holidays skipped)."),
    kind: z.enum(Object.keys(TOUCH_KINDS) as ["voicemail", "email", "call"]),
    scriptId: z.string().optional().describe("Voicemail and call steps: the script to follow (scr_…)."),
    subject: z.string().optional().describe("E-mail steps: the subject, with merge fields."),
    body: z.string().optional().describe("E-mail steps: the body, with merge fields; {{pageLink}} is the page's address (added at the end when left out)."),
  }),
);

export const apiCampaignSchema = component(
  "Campaign",
  z.object({
    id: z.string().describe("cmp_…"),
    ownerId: z.string().describe("Who made it (usr_…)."),
    name: z.string(),
    steps: z.array(apiCampaignStepSchema).describe("The touches, in order; no two on one working day."),
    shared: z.boolean().describe("Offered to every rep in the workspace (only admins change it)."),
    archived: z.boolean().describe("Archived: nobody new is enrolled; those in it carry on."),
    archivedAt: isoTime("Archived").nullable(),
    createdAt: isoTime("Created"),
    updatedAt: isoTime("Last changed"),
  }),
);
export type ApiCampaign = z.infer<typeof apiCampaignSchema>;

export const campaignListSchema = component(
  "CampaignList",
  z.object({ data: z.array(apiCampaignSchema), nextCursor: z.string().nullable().describe("Pass as `?cursor=` for the next page; null on the last.") }),
);

export const campaignsQuerySchema = z.object({
  cursor: cursorParam,
  limit: limitSchema,
  archived: z.enum(["false", "true", "all"]).optional().describe("Archived campaigns too (`all`), only them (`true`), or not (`false`, the default)."),
});

export const campaignInputBody = requestBody("CampaignInput", campaignInputSchema);
export const campaignPatchBody = requestBody("CampaignPatch", campaignPatchSchema);
export const enrolInputBody = requestBody("EnrolInput", enrolInputSchema);

export const enrolResultSchema = component(
  "EnrolResult",
  z.object({
    enrolled: z.array(z.string()).describe("The prospects enrolled now (pro_…); someone whose enrolment had ended starts again."),
    skipped: z.array(z.string()).describe("The prospects already active or paused in the campaign, left as they were."),
  }),
);
