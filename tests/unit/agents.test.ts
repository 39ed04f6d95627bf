import { describe, expect, it } from "vitest";
import { classifyAgent } from "../../lib/visits/agents";
import { parseAgent } from "../../lib/visits/ua";

const PEOPLE = {
  iphoneSafari: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  androidChrome: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36",
  desktopFirefox: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  desktopEdge: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
  macChrome: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  ipadSafari: "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  samsung: "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
  // In-app browsers: a person tapped the link inside the app.
  snapchatApp: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/13.10.0.40 (like Safari/8618.2.12.10.5, panda)",
  pinterestApp: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [Pinterest/iOS]",
  teamsApp: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Teams/24215.1007.3082.1590/49",
  outlookApp: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Outlook-iOS/4.2425.0",
};

describe("classifyAgent", () => {
  it.each(Object.entries(PEOPLE))("%s is a person", (_name, ua) => {
    expect(classifyAgent(ua)).toEqual({ kind: "human" });
  });

  it.each([
    ["Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "Slack"],
    ["Slack-ImgProxy (+https://api.slack.com/robots)", "Slack"],
    ["LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", "LinkedIn"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0", "iMessage"],
    ["WhatsApp/2.23.20.0", "WhatsApp"],
    ["Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com", "Microsoft Teams"],
    ["TelegramBot (like TwitterBot)", "Telegram"],
    ["Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", "Discord"],
    ["Twitterbot/1.0", "X (Twitter)"],
    ["facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "Facebook"],
    ["Mozilla/5.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", "Outlook"],
    ["Pinterest/0.2 (+https://www.pinterest.com/bot.html)", "Pinterest"],
  ])("%s is a link preview from %s", (ua, source) => {
    expect(classifyAgent(ua)).toEqual({ kind: "preview", source });
  });

  it.each([
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Go-http-client/1.1",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "",
  ])("%s is a bot", (ua) => {
    expect(classifyAgent(ua).kind).toBe("bot");
  });
});

describe("parseAgent", () => {
  it("reads device, OS and browser", () => {
    expect(parseAgent(PEOPLE.iphoneSafari)).toEqual({ device: "mobile", os: "iOS", browser: "Safari" });
    expect(parseAgent(PEOPLE.androidChrome)).toEqual({ device: "mobile", os: "Android", browser: "Chrome" });
    expect(parseAgent(PEOPLE.desktopFirefox)).toEqual({ device: "desktop", os: "Windows", browser: "Firefox" });
    expect(parseAgent(PEOPLE.desktopEdge)).toEqual({ device: "desktop", os: "Windows", browser: "Edge" });
    expect(parseAgent(PEOPLE.macChrome)).toEqual({ device: "desktop", os: "macOS", browser: "Chrome" });
    expect(parseAgent(PEOPLE.ipadSafari)).toEqual({ device: "tablet", os: "iPadOS", browser: "Safari" });
    expect(parseAgent(PEOPLE.samsung)).toEqual({ device: "mobile", os: "Android", browser: "Samsung Internet" });
    expect(parseAgent(null)).toEqual({ device: "desktop", os: "Other", browser: "Other" });
  });
});
