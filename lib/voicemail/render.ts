/**
 * A script rendered for one prospect: the words (merge fields filled, the address and number
 * written to be spoken), the estimated speaking time and the craft's hints. Pure: no database.
 */
import { displayPhone } from "../phone";
import { renderTemplate, SCRIPT_MERGE_FIELDS, type MergeContext } from "../plays/merge";
import { scriptHints, type Hint } from "./hints";
import { spokenPageUrl, spokenPhone, type DashWord } from "./spoken";
import { speakingSeconds, timingVerdict, type TimingVerdict, type TimingWindow } from "./timing";

export type RenderInput = {
  body: string;
  style?: string;
  prospect: MergeContext["prospect"] & { slug: string };
  rep: MergeContext["rep"];
  workspace: { companyName: string; publicBase: string; spokenDash: DashWord };
  timing: { wpm: number; window: TimingWindow };
};

export type RenderedScript = { text: string; spokenUrl: string; seconds: number; verdict: TimingVerdict; window: TimingWindow; hints: Hint[] };

export function renderScript(input: RenderInput): RenderedScript {
  const spokenUrl = spokenPageUrl(input.workspace.publicBase, input.prospect.slug, input.workspace.spokenDash);
  const repPhone = spokenPhone(input.rep.phone);
  const ctx: MergeContext = { prospect: input.prospect, rep: input.rep, workspace: input.workspace, spoken: { pageUrl: spokenUrl, repPhone } };
  const text = renderTemplate(input.body, ctx, SCRIPT_MERGE_FIELDS).replace(/[ \t]+/g, " ").trim();
  const seconds = speakingSeconds(text, input.timing.wpm);
  const phoneForms = [repPhone, displayPhone(input.rep.phone)].filter(Boolean);
  return {
    text,
    spokenUrl,
    seconds,
    verdict: timingVerdict(seconds, input.timing.window),
    window: input.timing.window,
    hints: scriptHints({ text, seconds, window: input.timing.window, phoneForms, style: input.style }),
  };
}
