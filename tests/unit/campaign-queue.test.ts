/**
 * Due campaign touches where a rep works: the call-back queue (within "Follow-up due", labelled
 * with the touch), call mode (its own list; the touch's script suggested), and the e-mail touch
 * (rendered with merge fields and the page link; marked sent, it moves the campaign on). A touch
 * not yet due shows nowhere; one person never has two touches a day.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

const NOW = Date.UTC(2026, 11, 1, 16, 0, 0); // Tuesday, 16:00 UTC
const DAY = 86_400_000;
const ORIGIN = "https://acme.com";

let tmp: TempDatabase;
let queue: typeof import("../../lib/queue");
let calls: typeof import("../../lib/voicemail/call-list");
let email: typeof import("../../lib/campaigns/email");
let outcomes: typeof import("../../lib/outcomes");
let q: typeof import("../../db/queries/campaigns");
let rep: import("../../db/queries/users").UserRow;
const ids: Record<string, string> = {};
let cmpVoicemail: string;
let cmpEmail: string;

beforeAll(async () => {
  tmp = await useTempDatabase({ PUBLIC_BASE_URL: ORIGIN });
  queue = await import("../../lib/queue");
  calls = await import("../../lib/voicemail/call-list");
  email = await import("../../lib/campaigns/email");
  outcomes = await import("../../lib/outcomes");
  q = await import("../../db/queries/campaigns");
  const store = await import("../../lib/campaigns/store");
  const { createUser } = await import("../../lib/accounts");
  const { createProspect } = await import("../../lib/prospects");
  rep = await createUser({ email: "rep@acme.test", password: "a long password", name: "Sam Rep" });
  for (const [first, last, mail] of [["Rob", "Mason", "rob@northwind.test"], ["Ana", "Lopez", null], ["Ben", "Okafor", null]] as const)
    ids[first] = (await createProspect(rep, { firstName: first, lastName: last, company: "Northwind", email: mail ?? undefined, phone: `+1 555 010 ${2030 + Object.keys(ids).length}` }, NOW - DAY)).id;
  cmpVoicemail = (await store.createCampaign(rep, { name: "Carrot", steps: [{ day: 1, kind: "voicemail", scriptId: "scr_example_dangle_carrot" }, { day: 2, kind: "call" }] } as never)).id;
  cmpEmail = (await store.createCampaign(rep, { name: "Mail first", steps: [{ day: 1, kind: "email", subject: "An idea for {{company}}", body: "Hi {{firstName}},\n\nI made you a page." }, { day: 3, kind: "voicemail" }] } as never)).id;
  await store.enrol(rep, cmpVoicemail, { prospectIds: [ids.Ana] }, NOW);
  await store.enrol(rep, cmpEmail, { prospectIds: [ids.Rob] }, NOW);
  // Ben starts on Thursday (day 1 is a working day two days on): nothing due today.
  await store.enrol(rep, cmpVoicemail, { prospectIds: [ids.Ben] }, NOW + 2 * DAY);
});

afterAll(async () => {
  await tmp?.cleanup();
});

describe("due touches in the queue and call mode", () => {
  it("the queue shows today's touches within 'Follow-up due', labelled; a touch not yet due is not there", async () => {
    const rows = await queue.callbackQueue(rep, NOW);
    expect(rows.map((r) => [r.name, r.tier]).sort()).toEqual([
      ["Ana Lopez", "due"],
      ["Rob Mason", "due"],
    ]);
    const ana = rows.find((r) => r.name === "Ana Lopez")!;
    expect(ana.touch?.label).toBe("Touch 1 of 2 — voicemail: “Example: Dangle the carrot”");
    expect(ana.reasons.map((r) => r.label)).toContain("Touch 1 of 2 — voicemail: “Example: Dangle the carrot”");
    expect(rows.find((r) => r.name === "Rob Mason")!.touch).toMatchObject({ label: "Touch 1 of 2 — e-mail: “An idea for ‹company›”", kind: "email", campaignName: "Mail first" });
  });

  it("call mode has a list of touches due, and suggests the touch's script", async () => {
    const { cards } = await calls.callList(rep, { list: "touches" }, ORIGIN, NOW);
    expect(cards.map((c) => c.name).sort()).toEqual(["Ana Lopez", "Rob Mason"]);
    const ana = cards.find((c) => c.name === "Ana Lopez")!;
    expect(ana.touch?.label).toBe("Touch 1 of 2 — voicemail: “Example: Dangle the carrot”");
    expect(ana.script.id).toBe("scr_example_dangle_carrot");
    expect(ana.touch?.email).toBeNull();
  });

  it("an e-mail touch is rendered with merge fields and the page link, as a mailto: when SMTP is not set", async () => {
    const rob = (await calls.callList(rep, { list: "touches" }, ORIGIN, NOW)).cards.find((c) => c.name === "Rob Mason")!;
    const mail = rob.touch!.email!;
    expect(mail.subject).toBe("An idea for Northwind");
    expect(mail.body).toMatch(/^Hi Rob,\n\nI made you a page\.\n\nhttps:\/\/acme\.com\/rob-mason$/);
    expect(mail.canSend).toBe(false);
    expect(mail.mailto).toMatch(/^mailto:rob@northwind\.test\?subject=An%20idea%20for%20Northwind&body=Hi%20Rob/);
  });

  it("Send without SMTP is refused; marked sent (mailto) it is the touch, and the next one waits", async () => {
    const enrolmentId = (await q.findEnrolment(cmpEmail, ids.Rob))!.id;
    await expect(email.sendEmailTouch(rep, ids.Rob, { enrolmentId, via: "smtp" }, ORIGIN, NOW)).rejects.toThrow(/not configured/);
    const done = (await email.sendEmailTouch(rep, ids.Rob, { enrolmentId, via: "mailto" }, ORIGIN, NOW))!;
    expect(done).toMatchObject({ via: "mailto", deliveryId: null });
    expect(await q.touchesOf(enrolmentId)).toMatchObject([{ step: 0, kind: "email", outcome: "email_sent" }]);
    expect(await q.findEnrolment(cmpEmail, ids.Rob)).toMatchObject({ status: "active", stepIndex: 1 });
    await expect(email.sendEmailTouch(rep, ids.Rob, { enrolmentId, via: "mailto" }, ORIGIN, NOW)).rejects.toThrow(/No e-mail touch/);
    expect((await queue.callbackQueue(rep, NOW)).map((r) => r.name)).toEqual(["Ana Lopez"]);
  });

  it("a voicemail makes Ana's touch: she leaves the list; tomorrow's call touch comes up tomorrow", async () => {
    await outcomes.logOutcome(rep, ids.Ana, outcomes.outcomeSchema.parse({ kind: "voicemail" }), NOW, ORIGIN);
    expect((await calls.callList(rep, { list: "touches" }, ORIGIN, NOW)).cards).toEqual([]);
    const tomorrow = (await calls.callList(rep, { list: "touches" }, ORIGIN, NOW + DAY)).cards;
    expect(tomorrow.map((c) => [c.name, c.touch?.label])).toEqual([["Ana Lopez", "Touch 2 of 2 — call"]]);
  });
});
