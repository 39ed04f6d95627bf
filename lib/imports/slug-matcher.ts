/**
 * "Would this new slug be confused with one in use?" for thousands of new slugs at once.
 *
 * lib/slug-resolver's soundsLikeExisting answers it by comparing a slug with every slug in the
 * workspace: right for one new page, O(n²) for a call list of 10,000 (each new slug also joins the
 * workspace the next one is compared with). This index finds, for a slug, the few entries that
 * could possibly be a candidate under the resolver's rules — same letters, same words in another
 * order, a shared Double Metaphone key, or within the spelling tolerance (found by shared letter
 * pairs: an edit changes at most three of them) — and asks soundsLikeExisting about those alone.
 * Same answer, without the scan; tests/unit/import-slugs.test.ts checks the two agree.
 */
import { doubleMetaphone } from "double-metaphone";
import { addToIndex, buildSlugIndex, readingsOf, soundsLikeExisting, type SlugIndex, type SlugTarget } from "../slug-resolver";

type Entry = SlugIndex["entries"][number];

/** Typos the resolver allows by spelling alone for a name of this many letters (lib/slug-resolver.ts spellingTolerance). */
function spellingTolerance(length: number): number {
  if (length <= 4) return 0;
  if (length <= 7) return 1;
  if (length <= 12) return 2;
  return 3;
}

function soundKeys(text: string): string[] {
  return text ? doubleMetaphone(text).filter(Boolean) : [];
}

/** Letter and digit counts: an edit changes them by at most two, so a large difference rules a string out cheaply. */
function countsOf(text: string): Uint8Array {
  const out = new Uint8Array(36);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? 26 + c - 48 : -1;
    if (k >= 0 && out[k] < 255) out[k]++;
  }
  return out;
}

function countsApart(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < 36; i++) d += Math.abs(a[i] - b[i]);
  return d;
}

function pairsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) out.add(text.slice(i, i + 2));
  return out;
}

const push = <K>(map: Map<K, number[]>, key: K, id: number) => {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
};

/**
 * Distinct strings indexed by letter pairs and length, to find those within a few edits of a
 * query. Each string is kept once (twenty "rob-mason-N" share the stem "robmason").
 */
class NearIndex {
  private ids = new Map<string, number[]>(); // text → entry ids
  private texts: string[] = [];
  private letters: Uint8Array[] = [];
  private byPair = new Map<string, number[]>(); // pair → string numbers
  private byLength: number[][] = [];
  private counts = new Int32Array(256);

  add(id: number, text: string): void {
    const known = this.ids.get(text);
    if (known) {
      known.push(id);
      return;
    }
    this.ids.set(text, [id]);
    const n = this.texts.length;
    this.texts.push(text);
    this.letters.push(countsOf(text));
    for (const p of pairsOf(text)) push(this.byPair, p, n);
    (this.byLength[text.length] ??= []).push(n);
    if (n >= this.counts.length) {
      const bigger = new Int32Array(this.counts.length * 2);
      bigger.set(this.counts);
      this.counts = bigger;
    }
  }

  /** Ids of entries whose string is within `t` edits (optimal string alignment) of `text`, and perhaps a few more. */
  near(text: string, t: number, into: Set<number>): void {
    const addString = (n: number) => {
      for (const id of this.ids.get(this.texts[n])!) into.add(id);
    };
    for (const id of this.ids.get(text) ?? []) into.add(id);
    if (t === 0) return;
    const pairs = pairsOf(text);
    // Each edit (insertion, deletion, substitution, transposition) spoils at most three letter pairs.
    const needed = pairs.size - 3 * t;
    if (needed < 1) {
      const mine = countsOf(text);
      for (let len = Math.max(0, text.length - t); len <= text.length + t; len++) for (const n of this.byLength[len] ?? []) if (countsApart(mine, this.letters[n]) <= 2 * t) addString(n);
      return;
    }
    const touched: number[] = [];
    for (const p of pairs) {
      for (const n of this.byPair.get(p) ?? []) {
        if (this.counts[n]++ === 0) touched.push(n);
      }
    }
    const mine = countsOf(text);
    for (const n of touched) {
      // Insertions and deletions change one count each, substitutions two, transpositions none.
      if (this.counts[n] >= needed && Math.abs(this.texts[n].length - text.length) <= t && countsApart(mine, this.letters[n]) <= 2 * t) addString(n);
      this.counts[n] = 0;
    }
  }
}

export class SlugMatcher {
  private entries: Entry[] = [];
  /** Each entry's digits: the resolver never matches a different number ("rob-mason-2" is not "rob-mason-3"). */
  private digits: string[] = [];
  private bySlug = new Map<string, number>();
  private bySorted = new Map<string, number[]>();
  private bySound = new Map<string, number[]>();
  /** Compact spellings by their digits: only slugs with the same number are compared. */
  private compacts = new Map<string, NearIndex>();
  private stems = new NearIndex();
  /** Makes Entry objects exactly as the resolver does (its own toEntry), for slugs added here. */
  private scratch = buildSlugIndex([]);

  constructor(existing: SlugIndex) {
    for (const e of existing.entries) this.addEntry(e);
  }

  private addEntry(e: Entry): void {
    const id = this.entries.length;
    this.entries.push(e);
    this.digits.push(e.compact.replace(/\D+/g, ""));
    this.bySlug.set(e.slug, id);
    const digits = this.digits[id];
    push(this.bySorted, `${digits}:${e.sortedWords}`, id);
    for (const k of e.sounds) push(this.bySound, `${digits}:${k}`, id);
    let near = this.compacts.get(digits);
    if (!near) this.compacts.set(digits, (near = new NearIndex()));
    near.add(id, e.compact);
    if (e.stem) this.stems.add(id, e.stem.compact);
  }

  /** A slug just given to a new page: later ones must not sound like it either. */
  add(target: SlugTarget): void {
    addToIndex(this.scratch, target);
    this.addEntry(this.scratch.entries[this.scratch.entries.length - 1]);
  }

  isTaken(slug: string): boolean {
    return this.bySlug.has(slug);
  }

  /** Every entry the resolver could take for `slug` (a superset: the resolver then decides). */
  private candidates(slug: string): Set<number> {
    const ids = new Set<number>();
    const own = this.bySlug.get(slug);
    if (own !== undefined) ids.add(own);
    for (const words of readingsOf(slug)) {
      const compact = words.join("");
      const digits = compact.replace(/\D+/g, "");
      const t = spellingTolerance(compact.length);
      // Apart from a stem (which only a number-free reading is compared with), the resolver
      // compares only slugs with the same digits.
      this.compacts.get(digits)?.near(compact, t, ids);
      if (words.length > 1) for (const id of this.bySorted.get(`${digits}:${[...words].sort().join("-")}`) ?? []) ids.add(id);
      for (const k of soundKeys(compact.replace(/\d+/g, ""))) for (const id of this.bySound.get(`${digits}:${k}`) ?? []) ids.add(id);
      if (!digits) this.stems.near(compact, t, ids);
    }
    return ids;
  }

  /** What soundsLikeExisting(slug, the whole index) would answer, from the candidates alone. */
  soundsLikeExisting(slug: string): SlugTarget | undefined {
    const ids = [...this.candidates(slug)];
    // Whether an entry is a candidate depends on it alone, so a few at a time give the same
    // answer, and a busy name (twenty John Smiths) stops at the first that clashes.
    const CHUNK = 16;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const small: SlugIndex = { entries: [], bySlug: new Map(), byCompact: new Map() };
      for (const id of ids.slice(i, i + CHUNK)) {
        const e = this.entries[id];
        small.entries.push(e);
        small.bySlug.set(e.slug, e);
        const list = small.byCompact.get(e.compact);
        if (list) list.push(e);
        else small.byCompact.set(e.compact, [e]);
      }
      const hit = soundsLikeExisting(slug, small);
      if (hit) return hit;
    }
    return undefined;
  }
}
