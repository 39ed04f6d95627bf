/**
 * Merge fields in a play's texts: `{{firstName}}`, `{{company|your team}}` (a fallback for an
 * empty value). Templates are checked when saved — an unknown field is refused then, naming it —
 * and rendering never fails: it yields plain strings, which React escapes like any other text, so
 * a hostile name stays text. Values are put in once, never read as templates themselves.
 */
import { displayPhone } from "../phone";

/** What a template is filled from: the prospect, their rep and the workspace. */
export type MergeContext = {
  prospect: { firstName: string; lastName: string; company: string | null };
  rep: { name: string; title: string | null; phone: string | null; email: string };
  workspace: { companyName: string };
  /** Only voicemail scripts have these (lib/voicemail/render.ts): what a rep says aloud. */
  spoken?: { pageUrl: string; repPhone: string };
};

export type FieldRule = { name: string; help: string; value: (c: MergeContext) => string | null | undefined };

const firstWord = (s: string) => s.trim().split(/\s+/)[0] ?? "";
const restWords = (s: string) => s.trim().split(/\s+/).slice(1).join(" ");

/** Every field a template may use, as data: its name, what it stands for (the console's help), its value. */
export const MERGE_FIELDS: readonly FieldRule[] = [
  { name: "firstName", help: "The prospect's first name (Rob)", value: (c) => c.prospect.firstName },
  { name: "lastName", help: "The prospect's last name (Mason)", value: (c) => c.prospect.lastName },
  { name: "fullName", help: "First and last name (Rob Mason)", value: (c) => `${c.prospect.firstName} ${c.prospect.lastName}`.trim() },
  { name: "company", help: "The prospect's company (Northwind)", value: (c) => c.prospect.company },
  { name: "repFirstName", help: "Your first name", value: (c) => firstWord(c.rep.name) },
  { name: "repLastName", help: "Your last name", value: (c) => restWords(c.rep.name) },
  { name: "repName", help: "Your full name", value: (c) => c.rep.name },
  { name: "repTitle", help: "Your title (Account Executive)", value: (c) => c.rep.title },
  { name: "repPhone", help: "Your phone, written for people (+1 555 010 2030)", value: (c) => displayPhone(c.rep.phone) },
  { name: "repEmail", help: "Your e-mail address", value: (c) => c.rep.email },
  { name: "companyName", help: "Your company (the workspace's name)", value: (c) => c.workspace.companyName },
];

/**
 * A voicemail script's fields: a play's, plus what is said aloud. Plays do not get these (a page
 * shows the address as a link, not as words).
 */
export const SCRIPT_MERGE_FIELDS: readonly FieldRule[] = [
  ...MERGE_FIELDS,
  { name: "pageUrl", help: "The page's address written to be spoken (acme dot com slash rob dash mason)", value: (c) => c.spoken?.pageUrl },
  { name: "repPhoneSpoken", help: "Your phone said in groups (five five five, zero one zero, two zero three zero)", value: (c) => c.spoken?.repPhone },
];

const BY_NAME = new Map(MERGE_FIELDS.map((f) => [f.name, f]));
export const MERGE_FIELD_NAMES = MERGE_FIELDS.map((f) => f.name);
const byNameOf = (fields: readonly FieldRule[]) => (fields === MERGE_FIELDS ? BY_NAME : new Map(fields.map((f) => [f.name, f])));

/** `{{ name }}` or `{{ name | fallback }}`: no braces inside. */
const TOKEN = /\{\{([^{}]*)\}\}/g;

export type Token = { start: number; end: number; raw: string; name: string; fallback: string | null };

export type TemplatePart = { kind: "text"; text: string } | { kind: "field"; token: Token };

/** A template as literal text and merge fields, in order. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    const start = m.index;
    if (start > last) parts.push({ kind: "text", text: template.slice(last, start) });
    const inner = m[1];
    const bar = inner.indexOf("|");
    const name = (bar === -1 ? inner : inner.slice(0, bar)).trim();
    const fallback = bar === -1 ? null : inner.slice(bar + 1).trim();
    parts.push({ kind: "field", token: { start, end: start + m[0].length, raw: m[0], name, fallback } });
    last = start + m[0].length;
  }
  if (last < template.length) parts.push({ kind: "text", text: template.slice(last) });
  return parts;
}

export type TemplateProblem =
  | { kind: "unknown"; field: string; index: number; suggestion?: string }
  | { kind: "unclosed"; index: number };

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** The known field a slip most likely meant: same letters in another case, or one or two edits away. */
export function suggestField(name: string, fields: readonly FieldRule[] = MERGE_FIELDS): string | undefined {
  const MERGE_FIELD_NAMES = fields.map((f) => f.name);
  const lower = name.toLowerCase().replace(/[\s_-]/g, "");
  const exact = MERGE_FIELD_NAMES.find((f) => f.toLowerCase() === lower);
  if (exact) return exact;
  if (name.length > 40) return undefined;
  let best: { f: string; d: number } | undefined;
  for (const f of MERGE_FIELD_NAMES) {
    const d = distance(lower, f.toLowerCase());
    if (d <= Math.max(1, Math.min(2, Math.floor(f.length / 4))) && (!best || d < best.d)) best = { f, d };
  }
  return best?.f;
}

/** What is wrong with a template, with positions: unknown fields, and `{{` or `}}` left unclosed. */
export function templateProblems(template: string, fields: readonly FieldRule[] = MERGE_FIELDS): TemplateProblem[] {
  const known = byNameOf(fields);
  const problems: TemplateProblem[] = [];
  let pos = 0;
  for (const part of parseTemplate(template)) {
    if (part.kind === "text") {
      const at = [part.text.indexOf("{{"), part.text.indexOf("}}")].filter((i) => i >= 0);
      if (at.length) problems.push({ kind: "unclosed", index: pos + Math.min(...at) });
      pos += part.text.length;
      continue;
    }
    pos = part.token.end;
    const { name, start } = part.token;
    if (!known.has(name)) problems.push({ kind: "unknown", field: name, index: start, suggestion: suggestField(name, fields) });
  }
  return problems;
}

/** One sentence for a person, about a template's first problem (or undefined: it is fine). */
export function describeProblems(template: string, fields: readonly FieldRule[] = MERGE_FIELDS): string | undefined {
  const problems = templateProblems(template, fields);
  const unknown = problems.filter((p) => p.kind === "unknown");
  if (unknown.length) {
    const p = unknown[0];
    const shown = `{{${p.field.slice(0, 40)}}}`;
    const others = unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : "";
    return p.suggestion
      ? `Unknown merge field ${shown}${others} — did you mean {{${p.suggestion}}}?`
      : `Unknown merge field ${shown}${others}. Use one of ${fields.map((f) => f.name).map((f) => `{{${f}}}`).join(", ")}.`;
  }
  if (problems.length) return "A merge field is not closed: write it as {{firstName}} or {{company|your team}}.";
  return undefined;
}

/**
 * The template with its fields filled in, as plain text. An empty value takes the field's
 * fallback (or nothing). Anything that is not a known field — which saving refuses — stays as
 * written, so a render never fails.
 */
export function renderTemplate(template: string, ctx: MergeContext, fields: readonly FieldRule[] = MERGE_FIELDS): string {
  const known = byNameOf(fields);
  if (!template.includes("{{")) return template;
  let out = "";
  for (const part of parseTemplate(template)) {
    if (part.kind === "text") {
      out += part.text;
      continue;
    }
    const field = known.get(part.token.name);
    if (!field) {
      out += part.token.raw;
      continue;
    }
    const value = (field.value(ctx) ?? "").trim();
    out += value || part.token.fallback || "";
  }
  return out;
}

/** Whether a text uses merge fields at all (the console marks them). */
export function hasMergeFields(text: string | null | undefined): boolean {
  return !!text && parseTemplate(text).some((p) => p.kind === "field");
}
