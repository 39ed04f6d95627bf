/**
 * A campaign's e-mail touch: the step's subject and body with their merge fields filled in for the
 * prospect, and the page's link (added at the end when the body has no {{pageLink}}). "Send" goes
 * through the workspace's SMTP when it is configured (queued in the outbox like alert e-mails, the
 * rep as Reply-To); otherwise the rep opens it as a mailto: link and marks it sent. Either way it
 * is logged as the touch (outcome "email_sent") with a note on the prospect's timeline.
 */
import { z } from "zod";
import { recordEmailTouch } from "../../db/queries/campaigns";
import type { ProspectRow } from "../../db/queries/prospects";
import type { UserRow } from "../../db/queries/users";
import { kickOutbox } from "../alerts/bus";
import { emailConfigured, escapeHtml, subjectOf } from "../alerts/email";
import type { EmailPayload } from "../alerts/outbox";
import { newId } from "../ids";
import { MERGE_FIELDS, renderTemplate, type FieldRule } from "../plays/merge";
import { workspace } from "../profiles";
import { prospectFor, publicOrigin } from "../prospects";
import { dueTouches, type DueTouch } from "./due";
import { planCampaignEvent } from "./events";

export type RenderedEmail = { to: string | null; subject: string; body: string; mailto: string | null; canSend: boolean };

/** The page's full address: what {{pageLink}} stands for. */
async function pageLinkOf(p: Pick<ProspectRow, "slug">, origin: string): Promise<string> {
  return `${(await publicOrigin(origin))}/${p.slug}`;
}

/** The step's e-mail as this prospect would get it from this rep. */
export async function renderTouchEmail(user: UserRow, p: ProspectRow, step: { subject: string | null; body: string | null }, origin: string): Promise<RenderedEmail> {
  const link = await pageLinkOf(p, origin);
  const fields: FieldRule[] = [...MERGE_FIELDS, { name: "pageLink", help: "", value: () => link }];
  const ctx = {
    prospect: { firstName: p.firstName, lastName: p.lastName, company: p.company },
    rep: { name: user.name, title: user.title, phone: user.phone, email: user.email },
    workspace: { companyName: (await workspace()).companyName },
  };
  const subject = subjectOf(renderTemplate(step.subject ?? "", ctx, fields));
  let body = renderTemplate(step.body ?? "", ctx, fields).trim();
  if (!(step.body ?? "").includes("{{pageLink") && !body.includes(link)) body = `${body}\n\n${link}`;
  const to = p.email;
  const mailto = to ? `mailto:${encodeURIComponent(to).replace(/%40/g, "@")}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}` : null;
  return { to, subject, body, mailto, canSend: Boolean(to) && emailConfigured() };
}

/** Call mode's e-mail panel for a due e-mail touch. */
export async function emailTouchFor(user: UserRow, p: ProspectRow, touch: Pick<DueTouch, "subject" | "body">, origin: string): Promise<RenderedEmail> {
  return renderTouchEmail(user, p, touch, origin);
}

export const emailTouchInputSchema = z
  .object({
    enrolmentId: z.string({ error: "Name the enrolment (enr_…)." }).max(40).regex(/^enr_[A-Za-z0-9]+$/, "Use an enrolment id such as enr_…."),
    /** "smtp": Ringback sends it; "mailto": the rep sent it from their own mail app. */
    via: z.enum(["smtp", "mailto"], { error: "Choose smtp or mailto." }),
  })
  .strict();

export class EmailTouchProblem extends Error {
  constructor(
    public code: "not_due" | "no_email" | "no_smtp",
    message: string,
  ) {
    super(message);
  }
}

/** A plain e-mail to a prospect: the words as paragraphs, every piece escaped. */
function composeTouchEmail(to: string, subject: string, body: string, replyTo: string): EmailPayload {
  const html = `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#101828;line-height:1.5">${body
    .split(/\n{2,}/)
    .map((para) => `<p>${escapeHtml(para).replace(/\n/g, "<br>")}</p>`)
    .join("")}</body></html>`;
  return { to, subject, text: `${body}\n`, html, kind: "campaign_email", replyTo };
}

/**
 * Makes the due e-mail touch of this prospect's enrolment. Undefined: no such prospect for this
 * user (404). EmailTouchProblem: nothing due, no address, or no SMTP for "smtp" (409).
 */
export async function sendEmailTouch(user: UserRow, prospectId: string, input: z.input<typeof emailTouchInputSchema>, origin: string, now = Date.now()): Promise<{ via: "smtp" | "mailto"; deliveryId: string | null; label: string } | undefined> {
  const data = emailTouchInputSchema.parse(input);
  const p = await prospectFor(user, prospectId);
  if (!p) return undefined;
  const touch = (await dueTouches(user, now, [p.id])).get(p.id);
  if (!touch || touch.enrolmentId !== data.enrolmentId || touch.kind !== "email") throw new EmailTouchProblem("not_due", "No e-mail touch of this campaign is due for this person now.");
  const mail = await renderTouchEmail(user, p, touch, origin);
  if (data.via === "smtp") {
    if (!mail.to) throw new EmailTouchProblem("no_email", "This prospect has no e-mail address: add one, or skip the touch.");
    if (!emailConfigured()) throw new EmailTouchProblem("no_smtp", "E-mail is not configured (SMTP_URL): open it in your mail app instead.");
  }
  const plan = await planCampaignEvent(p.id, "email_sent", now, { userId: user.id });
  if (!plan.touch) throw new EmailTouchProblem("not_due", "No e-mail touch of this campaign is due for this person now.");
  const deliveryId = data.via === "smtp" ? newId("dlv") : null;
  const ok = await recordEmailTouch({
    writes: plan,
    note: { id: newId("out"), prospectId: p.id, userId: user.id, kind: "note", note: `E-mail sent (${touch.campaignName}, touch ${touch.index + 1} of ${touch.total}): ${mail.subject}`, at: now, followUpAt: null },
    outbox: deliveryId
      ? { id: deliveryId, channel: "email", userId: user.id, prospectId: p.id, eventType: "campaign_email", payload: composeTouchEmail(mail.to!, mail.subject, mail.body, user.email), nextAttemptAt: now, createdAt: now }
      : null,
  });
  if (!ok) throw new EmailTouchProblem("not_due", "This touch changed meanwhile: reload and try again.");
  if (deliveryId) kickOutbox();
  return { via: data.via, deliveryId, label: touch.label };
}
