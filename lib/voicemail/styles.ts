/**
 * The voicemail styles taught in sales training, as data: what each is called, one line on why it
 * works, and an example a new rep can start from (the workspace's read-only examples, ids
 * `scr_example_<key>`). Examples use merge fields, so each renders for the prospect at hand.
 */

export const STYLE_KEYS = ["name_number", "dangle_carrot", "question", "where_we_met", "their_problem", "referral", "promise_call"] as const;
export type StyleKey = (typeof STYLE_KEYS)[number];

export type VoicemailStyle = { key: StyleKey; name: string; why: string; example: string };

export const STYLES: readonly VoicemailStyle[] = [
  {
    // The shortest: for someone who already knows you, or a second message.
    key: "name_number",
    name: "Name and number only",
    why: "Curiosity does the work: with nothing to judge, the easiest way to find out is to call.",
    example:
      "Hi {{firstName}}, it's {{repFirstName}} from {{companyName}}. I can be reached at {{repPhoneSpoken}}. Again, {{repFirstName}}, {{repPhoneSpoken}}. I also left a short note for you at {{pageUrl}}.",
  },
  {
    // Say just enough to make them curious, and no more.
    key: "dangle_carrot",
    name: "Dangle the carrot",
    why: "Half a story makes people want the other half: they call, or visit the page, to hear the rest.",
    example:
      "Hi {{firstName}}, it's {{repName}} from {{companyName}}, {{repPhoneSpoken}}. I came across something about how teams like {{company|yours}} are cutting their follow-up time in half, and I think you'd want to see it. I put it at {{pageUrl}}. If this is of interest, I can be reached at {{repPhoneSpoken}}.",
  },
  {
    // A question they will keep thinking about after the message ends.
    key: "question",
    name: "A thought-provoking question",
    why: "A good question keeps working after the beep: they start answering it, and want to compare notes.",
    example:
      "Hi {{firstName}}, {{repFirstName}} from {{companyName}}, {{repPhoneSpoken}}. Quick question: how many of the calls your team made last week got a call back? Most teams I talk to guess high. I put what we found at {{pageUrl}}. If it's of interest, I can be reached at {{repPhoneSpoken}}.",
  },
  {
    // A shared moment turns a cold call warm.
    key: "where_we_met",
    name: "Where we met",
    why: "A real connection makes you a person, not a pitch, and people return calls to people they know.",
    example:
      "Hi {{firstName}}, it's {{repName}} from {{companyName}}, {{repPhoneSpoken}}. We met briefly at the conference last week, and I remembered what you said about follow-ups at {{company|your team}}. I put together a few ideas for you at {{pageUrl}}. If this is of interest, I can be reached at {{repPhoneSpoken}}.",
  },
  {
    // Profit, keeping customers, productivity, people: what they care about, not what we sell.
    key: "their_problem",
    name: "Their problem, not our product",
    why: "People act on their own problems — profit, keeping customers, productivity, people — not on someone else's product.",
    example:
      "Hi {{firstName}}, it's {{repName}} with {{companyName}}, {{repPhoneSpoken}}. I have an idea that could help {{company|your team}} keep more of the customers who go quiet after the first call. I recorded a short note for you at {{pageUrl}}. If this is of interest, I can be reached at {{repPhoneSpoken}}.",
  },
  {
    // Give before you ask: something useful to them, whether or not they buy.
    key: "referral",
    name: "A lead or referral for them",
    why: "Offering them something they want — a lead, an introduction — earns a call back on its own.",
    example:
      "Hi {{firstName}}, {{repName}} from {{companyName}}, {{repPhoneSpoken}}. I was talking with a company that's looking for exactly what {{company|your team}} does, and I'd be glad to introduce you. The details are at {{pageUrl}}. If this is of interest, I can be reached at {{repPhoneSpoken}}.",
  },
  {
    // Take the pressure off: they need not call, you will.
    key: "promise_call",
    name: "The promise to call again",
    why: "Saying when you will call again makes the next call expected, not an interruption — and many call first.",
    example:
      "Hi {{firstName}}, it's {{repName}} from {{companyName}}, {{repPhoneSpoken}}. I have an idea for {{company|your team}} about getting more calls returned, and I put it at {{pageUrl}}. I'll try you again Thursday morning; if it suits you better, I can be reached at {{repPhoneSpoken}}.",
  },
];

const BY_KEY = new Map(STYLES.map((s) => [s.key, s]));
export const styleOf = (key: string): VoicemailStyle | undefined => BY_KEY.get(key as StyleKey);

/** The id of a style's built-in example script. */
export const exampleId = (key: StyleKey) => `scr_example_${key}`;
