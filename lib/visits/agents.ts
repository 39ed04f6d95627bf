/**
 * Who is fetching a page, from the User-Agent alone. Link previewers (a hint that the prospect
 * shared the link) and every other bot never count as visits. Rules are data: one entry a
 * product, with why it is here; anything they miss goes to the isbot package.
 */
import { isbot } from "isbot";

export type AgentKind = "human" | "preview" | "bot";
export type Agent = { kind: AgentKind; source?: string };

type Rule = { pattern: RegExp; kind: Exclude<AgentKind, "human">; source: string };

export const AGENT_RULES: readonly Rule[] = [
  // Link previews: someone pasted the link into a chat or mail. Order matters: the first match wins.
  { pattern: /Slackbot-LinkExpanding|Slack-ImgProxy|Slackbot/i, kind: "preview", source: "Slack" },
  { pattern: /LinkedInBot/i, kind: "preview", source: "LinkedIn" },
  { pattern: /facebookexternalhit\/1\.1 Facebot Twitterbot\/1\.0/i, kind: "preview", source: "iMessage" }, // Apple's previewer sends this exact trio
  { pattern: /WhatsApp/i, kind: "preview", source: "WhatsApp" },
  // Teams' and Skype's previewer; not "Teams" alone: the Teams app's own web view is a person.
  { pattern: /SkypeUriPreview|MicrosoftPreview/i, kind: "preview", source: "Microsoft Teams" },
  // Office's link fetchers; not "Outlook" alone: Outlook's mobile in-app browser is a person.
  { pattern: /ms-office|Microsoft Office|Microsoft Outlook|BingPreview/i, kind: "preview", source: "Outlook" },
  { pattern: /TelegramBot/i, kind: "preview", source: "Telegram" },
  { pattern: /Discordbot/i, kind: "preview", source: "Discord" },
  { pattern: /Twitterbot/i, kind: "preview", source: "X (Twitter)" },
  { pattern: /facebookexternalhit|Facebot|meta-externalagent/i, kind: "preview", source: "Facebook" },
  { pattern: /Pinterestbot|Pinterest\/0\.\d/i, kind: "preview", source: "Pinterest" }, // not the Pinterest app's browser
  { pattern: /redditbot/i, kind: "preview", source: "Reddit" },
  { pattern: /Snap URL Preview/i, kind: "preview", source: "Snapchat" }, // not the Snapchat app's browser
  { pattern: /Google-PageRenderer|GoogleImageProxy|Google-Read-Aloud|FeedFetcher-Google/i, kind: "preview", source: "Google" },
  { pattern: /Zoom(Bot|\s?Link)|Zoom-Link-Preview/i, kind: "preview", source: "Zoom" },
  { pattern: /Mattermost/i, kind: "preview", source: "Mattermost" },
  { pattern: /Iframely|Embedly/i, kind: "preview", source: "Link unfurler" },
  // Mail security scanners open every link in a message before the person does.
  { pattern: /SafeLinks|Microsoft-Safelinks|ms-safelinks/i, kind: "bot", source: "Outlook SafeLinks" },
  { pattern: /Proofpoint|urldefense/i, kind: "bot", source: "Proofpoint" },
  { pattern: /Mimecast/i, kind: "bot", source: "Mimecast" },
  { pattern: /Barracuda/i, kind: "bot", source: "Barracuda" },
  { pattern: /Symantec|Norton|Bluecoat/i, kind: "bot", source: "Symantec" },
  // Headless and automated browsers: a script ran, but no person looked.
  { pattern: /HeadlessChrome|PhantomJS|Puppeteer|Playwright|Selenium|WebDriver|Electron\/.*HappyDOM|jsdom/i, kind: "bot", source: "Headless browser" },
  // Command-line and library clients.
  { pattern: /^(curl|Wget|python-requests|python-urllib|Go-http-client|node-fetch|undici|axios|okhttp|Java\/|libwww-perl|HTTPie)/i, kind: "bot", source: "Script" },
];

export function classifyAgent(userAgent: string | null | undefined): Agent {
  const ua = (userAgent ?? "").slice(0, 1000);
  if (!ua.trim()) return { kind: "bot", source: "No user agent" };
  for (const r of AGENT_RULES) if (r.pattern.test(ua)) return { kind: r.kind, source: r.source };
  if (isbot(ua)) return { kind: "bot", source: botName(ua) };
  return { kind: "human" };
}

function botName(ua: string): string {
  const m = ua.match(/([A-Za-z][\w.-]*(bot|crawler|spider|fetcher|scanner)[\w.-]*)/i);
  return m ? m[1] : "Bot";
}
