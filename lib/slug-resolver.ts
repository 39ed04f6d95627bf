/**
 * From what a listener typed to the one prospect meant — or to nobody.
 *
 * A prospect hears "acme dot com slash rob dash mason" and types `/RobMason`, `/rob_mason.`,
 * `/rob-masen` or `/robert-mason`. We normalise away what hearing cannot carry (case, separators,
 * accents, spoken punctuation, number words), then look for the prospect whose slug is closest in
 * spelling (edit distance) or in sound (Double Metaphone). The rule that matters most: a variant
 * must NEVER reach a different person. So a fuzzy match is accepted only when it is clearly better
 * than every other candidate; when two people could be meant, or the match is weak, the answer is
 * "none" and the visitor sees the generic page.
 */
import { doubleMetaphone } from "double-metaphone";
import { slugify } from "./slugs";

/** Words a listener may type for the punctuation they heard. */
const SPOKEN_SEPARATORS = ["dash", "hyphen", "underscore", "dot", "period", "slash"] as const;

/** Number words a listener may type for a slug's digits ("rob-mason-two" for rob-mason-2). */
const NUMBER_WORDS: Record<string, string> = {
  one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10",
  eleven: "11", twelve: "12", thirteen: "13", fourteen: "14", fifteen: "15", sixteen: "16", seventeen: "17",
  eighteen: "18", nineteen: "19", twenty: "20",
};

/** Longest input we try to interpret; anything longer is not a name someone typed from memory. */
export const MAX_TYPED_LENGTH = 200;

export type SlugTarget = {
  /** The slug as stored (a current slug or an old one kept for redirects). */
  slug: string;
  /** The prospect it leads to. */
  prospectId: string;
  /** The prospect's current slug: where to redirect. */
  canonical: string;
};

/**
 * `stem`: the name without what was added to tell two people apart (rob-mason-2 → robmason,
 * john-smith-northwind → johnsmith). A listener may forget that part, so a stem match makes the
 * person a candidate — never a sure match — and two people sharing a name become ambiguous.
 */
type Entry = SlugTarget & { compact: string; sounds: Set<string>; sortedWords: string; stem?: { compact: string; sounds: Set<string> } };

export type SlugIndex = { entries: Entry[]; bySlug: Map<string, Entry>; byCompact: Map<string, Entry[]> };

export type Resolution =
  | { kind: "exact"; target: SlugTarget }
  | { kind: "match"; target: SlugTarget; distance: number; reason: "separators" | "spelling" | "sound" | "order" }
  | { kind: "ambiguous"; candidates: SlugTarget[] }
  | { kind: "none"; nearest: SlugTarget[] };

function compactOf(words: string[]): string {
  return words.join("");
}

function soundsOf(text: string): Set<string> {
  const out = new Set<string>();
  if (!text) return out;
  for (const key of doubleMetaphone(text)) if (key) out.add(key);
  return out;
}

function toEntry(t: SlugTarget): Entry {
  const words = t.slug.split("-").filter(Boolean);
  const compact = compactOf(words);
  let stemWords = words;
  while (stemWords.length > 1 && /^\d+$/.test(stemWords[stemWords.length - 1])) stemWords = stemWords.slice(0, -1);
  if (stemWords.length >= 3) stemWords = stemWords.slice(0, 2);
  const stemCompact = compactOf(stemWords);
  const stem = stemCompact !== compact && stemCompact.length >= 5 ? { compact: stemCompact, sounds: soundsOf(stemCompact) } : undefined;
  return { ...t, compact, sounds: soundsOf(compact.replace(/\d+/g, "")), sortedWords: [...words].sort().join("-"), stem };
}

export function buildSlugIndex(targets: Iterable<SlugTarget>): SlugIndex {
  const index: SlugIndex = { entries: [], bySlug: new Map(), byCompact: new Map() };
  for (const t of targets) addToIndex(index, t);
  return index;
}

/** Adds one slug in place (a new prospect), without rebuilding the rest. */
export function addToIndex(index: SlugIndex, target: SlugTarget): void {
  const e = toEntry(target);
  index.entries.push(e);
  index.bySlug.set(e.slug, e);
  const list = index.byCompact.get(e.compact);
  if (list) list.push(e);
  else index.byCompact.set(e.compact, [e]);
}

/** Percent-decoding that never throws: `%E9` alone or a stray `%` are kept as typed. */
function safeDecode(text: string): string {
  let out = text;
  for (let i = 0; i < 2 && /%[0-9a-f]{2}/i.test(out); i++) {
    try {
      out = decodeURIComponent(out);
    } catch {
      out = out.replace(/%([0-9a-f]{2})/gi, (m, hex) => {
        const code = parseInt(hex, 16);
        return code < 0x80 ? String.fromCharCode(code) : m;
      });
      break;
    }
  }
  return out;
}

/** The words of what was typed, in the slug alphabet; several readings when spoken words could be punctuation or numbers. */
export function readingsOf(typed: string): string[][] {
  const decoded = safeDecode(typed.slice(0, MAX_TYPED_LENGTH * 3)).slice(0, MAX_TYPED_LENGTH);
  // slugify already transliterates, lowercases, drops apostrophes and splits on anything else.
  const words = slugify(decoded.replace(/\+/g, " ")).split("-").filter(Boolean);
  if (words.length === 0) return [];
  const readings: string[][] = [words];
  const withoutSpoken = words.filter((w) => !(SPOKEN_SEPARATORS as readonly string[]).includes(w));
  // "robdashmason": a spoken separator glued between words.
  const unglued = words.flatMap((w) => {
    for (const sep of SPOKEN_SEPARATORS) {
      const i = w.indexOf(sep);
      if (i > 1 && i + sep.length < w.length - 1) return [w.slice(0, i), w.slice(i + sep.length)];
    }
    return [w];
  });
  for (const r of [withoutSpoken, unglued]) if (r.length && r.join("-") !== words.join("-")) readings.push(r);
  for (const r of [...readings]) {
    const numbered = r.map((w) => NUMBER_WORDS[w] ?? w);
    // A number word glued to the end: "robmasontwo".
    const last = numbered[numbered.length - 1];
    for (const [word, digit] of Object.entries(NUMBER_WORDS)) {
      if (last.length > word.length + 2 && last.endsWith(word)) {
        readings.push([...numbered.slice(0, -1), last.slice(0, -word.length), digit]);
      }
    }
    if (numbered.join("-") !== r.join("-")) readings.push(numbered);
  }
  return readings;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), bounded by `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** Typos allowed for a name of this many letters, by spelling alone. */
function spellingTolerance(length: number): number {
  if (length <= 4) return 0;
  if (length <= 7) return 1;
  if (length <= 12) return 2;
  return 3;
}

/** Differences allowed when the two also sound the same ("catherine" / "kathryn"). */
function soundTolerance(length: number): number {
  if (length <= 4) return 1;
  return Math.max(2, Math.ceil(length * 0.3));
}

type Candidate = { entry: Entry; distance: number; soundsAlike: boolean; reason: "separators" | "spelling" | "sound" | "order" };

function bestPerProspect(cands: Candidate[]): Candidate[] {
  const best = new Map<string, Candidate>();
  for (const c of cands) {
    const prev = best.get(c.entry.prospectId);
    if (!prev || c.distance < prev.distance || (c.distance === prev.distance && c.soundsAlike && !prev.soundsAlike)) best.set(c.entry.prospectId, c);
  }
  return [...best.values()].sort((a, b) => a.distance - b.distance || Number(b.soundsAlike) - Number(a.soundsAlike));
}

const targetOf = (e: Entry): SlugTarget => ({ slug: e.slug, prospectId: e.prospectId, canonical: e.canonical });

/**
 * Resolves a typed path segment. `exact` and `match` name the one prospect meant; `ambiguous`
 * and `none` mean the generic page (with the nearest slugs, for the rep's "missed" list).
 */
export function resolveTyped(typed: string, index: SlugIndex): Resolution {
  const exact = index.bySlug.get(typed);
  if (exact) return { kind: "exact", target: targetOf(exact) };
  // The same letters and hyphens in another case, or with a trailing full stop or slash: the
  // address as written, so it names that prospect even beside a sound-alike.
  const plain = index.bySlug.get(typed.toLowerCase().replace(/[/.,!?;:]+$/, ""));
  if (plain) return { kind: "match", target: targetOf(plain), distance: 0, reason: "separators" };

  const readings = readingsOf(typed);
  if (readings.length === 0) return { kind: "none", nearest: [] };

  const candidates: Candidate[] = [];
  /** Close but not close enough: the rep's "someone tried /rob-masen" list. */
  const nearby = new Map<Entry, number>();
  for (const words of readings) {
    const compact = compactOf(words);
    const bySeparators = index.byCompact.get(compact) ?? [];
    for (const entry of bySeparators) candidates.push({ entry, distance: 0, soundsAlike: true, reason: "separators" });
    const sounds = soundsOf(compact.replace(/\d+/g, ""));
    const digits = compact.replace(/\D+/g, "");
    const sorted = [...words].sort().join("-");
    const maxSound = soundTolerance(compact.length);
    for (const entry of index.entries) {
      if (bySeparators.includes(entry)) continue;
      if (entry.stem && !digits) {
        const tolerance = spellingTolerance(compact.length);
        const ds = editDistance(compact, entry.stem.compact, tolerance);
        if (ds <= tolerance) {
          const soundsAlike = [...sounds].some((x) => entry.stem!.sounds.has(x));
          candidates.push({ entry, distance: ds + 1, soundsAlike, reason: "spelling" });
        }
      }
      // Digits are spoken exactly ("two"); a different number is a different person.
      if (entry.compact.replace(/\D+/g, "") !== digits) continue;
      if (words.length > 1 && entry.sortedWords === sorted) {
        candidates.push({ entry, distance: 1, soundsAlike: true, reason: "order" });
        continue;
      }
      const d = editDistance(compact, entry.compact, Math.max(maxSound, 3));
      const soundsAlike = [...sounds].some((s) => entry.sounds.has(s));
      if (d <= spellingTolerance(compact.length)) candidates.push({ entry, distance: d, soundsAlike, reason: "spelling" });
      else if (soundsAlike && d <= maxSound) candidates.push({ entry, distance: d, soundsAlike, reason: "sound" });
      else if (d <= 3 && d < (nearby.get(entry) ?? Infinity)) nearby.set(entry, d);
    }
  }

  const ranked = bestPerProspect(candidates);
  if (ranked.length === 0) {
    const nearest = [...nearby].sort((a, b) => a[1] - b[1]).slice(0, 5).map(([e]) => targetOf(e));
    return { kind: "none", nearest };
  }
  const [best, ...others] = ranked;
  // The best must be clearly better than every other person: two edits closer; or one edit
  // closer while the other does not sound like what was typed and the best is a single slip or
  // does. A sound-alike one edit away is a person who could be meant: then nobody is.
  const clearlyBest = others.every((o) => {
    const margin = o.distance - best.distance;
    return margin >= 2 || (margin >= 1 && !o.soundsAlike && (best.soundsAlike || best.distance <= 1));
  });
  if (!clearlyBest) return { kind: "ambiguous", candidates: ranked.slice(0, 5).map((c) => targetOf(c.entry)) };
  return { kind: "match", target: targetOf(best.entry), distance: best.distance, reason: best.reason };
}

/** Whether a new slug would be confused, by ear, with one already in use: used to pick a distinct slug. */
export function soundsLikeExisting(slug: string, index: SlugIndex): SlugTarget | undefined {
  const r = resolveTyped(slug, index);
  if (r.kind === "exact" || r.kind === "match") return r.target;
  if (r.kind === "ambiguous") return r.candidates[0];
  return undefined;
}
