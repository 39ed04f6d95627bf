/**
 * Speakable slugs: what a rep says on a voicemail ("rob dash mason") and a prospect types.
 * Every slug rule lives here.
 */

/** Paths the app itself uses, so no prospect can ever own them. One entry a reason. */
export const RESERVED_SLUGS: readonly string[] = [
  "api", // REST API and beacons
  "_next", // Next.js assets
  "login", // sign-in
  "logout",
  "setup", // first-run setup
  "settings", // console
  "team", // console: admins manage reps
  "prospects", // console
  "offers", // console
  "import", // console: CSV import
  "queue", // console
  "alerts", // console
  "console",
  "admin",
  "uploads", // served files
  "static",
  "public",
  "assets",
  "og", // link-preview images
  "favicon.ico",
  "robots.txt",
  "sitemap.xml",
  "manifest.json",
  "apple-touch-icon.png",
  "privacy", // what these pages record, for prospects
  "health", // health checks
  "healthz",
  "well-known", // .well-known after normalisation
  ".well-known",
];

const RESERVED = new Set(RESERVED_SLUGS);

/** Letters that Unicode decomposition does not turn into ASCII. */
const TRANSLITERATION: Record<string, string> = {
  ø: "o", Ø: "o", æ: "ae", Æ: "ae", œ: "oe", Œ: "oe", ß: "ss", ð: "d", Ð: "d", þ: "th", Þ: "th",
  ł: "l", Ł: "l", đ: "d", Đ: "d", ı: "i", ħ: "h", Ħ: "h", ŧ: "t", Ŧ: "t",
};

export const SLUG_MAX_LENGTH = 60;

/** `José Núñez` → `jose-nunez`; `Catherine O'Neill` → `catherine-oneill`. May return "" for non-Latin names. */
export function slugify(text: string): string {
  const ascii = Array.from(text.normalize("NFKD"), (ch) => TRANSLITERATION[ch] ?? ch)
    .join("")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’`]/g, "");
  const words = ascii.split(/[^a-z0-9]+/).filter(Boolean);
  let slug = "";
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > SLUG_MAX_LENGTH) break;
    slug = next;
  }
  return slug;
}

export type SlugProblem = "empty" | "too_long" | "invalid_characters" | "reserved" | "taken";

export function checkSlug(slug: string, isTaken: (s: string) => boolean): SlugProblem | null {
  if (!slug) return "empty";
  if (slug.length > SLUG_MAX_LENGTH) return "too_long";
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return "invalid_characters";
  if (RESERVED.has(slug)) return "reserved";
  if (isTaken(slug)) return "taken";
  return null;
}

/**
 * `root` + `suffix` within SLUG_MAX_LENGTH: whole words are dropped from the end of `root` to make
 * room (letters only when a single word is too long), so a suffixed slug is still speakable.
 */
function withSuffix(root: string, suffix: string): string {
  const room = SLUG_MAX_LENGTH - suffix.length;
  // No room at all (a very long company word): leave it too long for checkSlug to reject.
  if (root.length <= room || room < 1) return root + suffix;
  let cut = root.slice(0, room);
  const lastHyphen = cut.lastIndexOf("-");
  if (root[room] !== "-" && lastHyphen > 0) cut = cut.slice(0, lastHyphen);
  return cut.replace(/-+$/, "") + suffix;
}

/**
 * A free slug for a person: the name, then name + company word, then name + a number a person
 * can say ("rob-mason-2"). Never random. A name near the length limit is shortened to make room
 * for the suffix (otherwise every suffixed candidate would be too long and this would never end).
 */
export function uniqueSlug(base: string, company: string | null | undefined, isTaken: (s: string) => boolean): string {
  const root = withSuffix(base || "page", "");
  const candidates = [root];
  const companyWord = slugify(company ?? "").split("-")[0];
  if (companyWord) candidates.push(withSuffix(root, `-${companyWord}`));
  for (const c of candidates) if (checkSlug(c, isTaken) === null) return c;
  for (let n = 2; ; n++) {
    const c = withSuffix(root, `-${n}`);
    if (checkSlug(c, isTaken) === null) return c;
  }
}
