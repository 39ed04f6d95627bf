/** Device, OS and browser from a User-Agent, by a small table of rules (enough for "iPhone · Safari"). */
export type ParsedAgent = { device: "mobile" | "tablet" | "desktop"; os: string; browser: string };

const OS_RULES: [RegExp, string][] = [
  [/iPhone|iPod/, "iOS"],
  [/iPad/, "iPadOS"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Windows NT/, "Windows"],
  [/Macintosh|Mac OS X/, "macOS"],
  [/Linux/, "Linux"],
];

// Order matters: many browsers also say "Chrome" and "Safari".
const BROWSER_RULES: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser/, "Samsung Internet"],
  [/Firefox\/|FxiOS/, "Firefox"],
  [/CriOS|Chrome\//, "Chrome"],
  [/Safari\//, "Safari"],
];

export function parseAgent(userAgent: string | null | undefined): ParsedAgent {
  const ua = userAgent ?? "";
  const os = OS_RULES.find(([re]) => re.test(ua))?.[1] ?? "Other";
  const browser = BROWSER_RULES.find(([re]) => re.test(ua))?.[1] ?? "Other";
  const tablet = /iPad|Tablet|(Android(?!.*Mobile))/.test(ua);
  const mobile = !tablet && /Mobi|iPhone|iPod|Android/.test(ua);
  return { device: tablet ? "tablet" : mobile ? "mobile" : "desktop", os, browser };
}
