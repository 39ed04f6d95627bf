/**
 * Alert e-mails: what they say (plain text and a simple HTML part in which every piece of text
 * is escaped, since prospects' names and messages are written by anyone), and the one cached
 * SMTP transport that sends them.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { config } from "../config";

export type ComposedEmail = { to: string; subject: string; text: string; html: string };

const SUBJECT_MAX = 120;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** One line, no control characters, at most SUBJECT_MAX characters. */
export function subjectOf(message: string): string {
  // eslint-disable-next-line no-control-regex
  const line = message.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim() || "Ringback alert";
  return line.length > SUBJECT_MAX ? line.slice(0, SUBJECT_MAX - 1).trimEnd() + "…" : line;
}

/** Only http(s) links are put in a message; anything else is left out. */
function safeLink(link: string): string | null {
  try {
    const u = new URL(link);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : null;
  } catch {
    return null;
  }
}

const FOOTER = "You get this because e-mail alerts are on for you in Ringback. Turn them off under Settings.";

function layout(paragraphsHtml: string, link: string | null, linkLabel: string): string {
  const button = link
    ? `<p style="margin:24px 0"><a href="${escapeHtml(link)}" style="background:#2563eb;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px;display:inline-block">${escapeHtml(linkLabel)}</a></p>`
    : "";
  return (
    `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#101828;line-height:1.5">` +
    paragraphsHtml +
    button +
    `<p style="color:#667085;font-size:13px">${escapeHtml(FOOTER)}</p></body></html>`
  );
}

/** "Rob Mason (Northwind) is on his page now." with a link to the prospect in the console. */
export function composeAlertEmail(to: string, message: string, link: string): ComposedEmail {
  const url = safeLink(link);
  const text = `${message}\n\n${url ? `Open in Ringback: ${url}\n\n` : ""}--\n${FOOTER}\n`;
  const html = layout(`<p style="font-size:16px">${escapeHtml(message)}</p>`, url, "Open in Ringback");
  return { to, subject: subjectOf(message), text, html };
}

/** What happened during quiet hours, one line each. */
export function composeDigestEmail(to: string, lines: string[], link: string): ComposedEmail {
  const url = safeLink(link);
  const subject = subjectOf(lines.length === 1 ? `While you were away: ${lines[0]}` : `While you were away: ${lines.length} updates`);
  const text = `While you were away:\n\n${lines.map((l) => `- ${l}`).join("\n")}\n\n${url ? `Open in Ringback: ${url}\n\n` : ""}--\n${FOOTER}\n`;
  const html = layout(`<p style="font-size:16px">While you were away:</p><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>`, url, "Open in Ringback");
  return { to, subject, text, html };
}

const shared = globalThis as unknown as { __ringbackMailer?: { url: string; transport: Transporter } };

/** The SMTP transport for SMTP_URL, made once; undefined when e-mail is not configured. */
export function mailTransport(): Transporter | undefined {
  const cfg = config();
  if (!cfg.SMTP_URL) return undefined;
  if (shared.__ringbackMailer?.url !== cfg.SMTP_URL) {
    const timeout = Math.round(cfg.WEBHOOK_TIMEOUT_SECONDS * 1000);
    shared.__ringbackMailer = {
      url: cfg.SMTP_URL,
      transport: nodemailer.createTransport({ url: cfg.SMTP_URL, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout } as Parameters<typeof nodemailer.createTransport>[0]),
    };
  }
  return shared.__ringbackMailer.transport;
}

export function emailConfigured(): boolean {
  return Boolean(config().SMTP_URL);
}
