/**
 * Campaigns on a real SQLite file: who sees and changes which campaign; enrolling one, many or a
 * list filter (those already in are skipped) with the touches laid out in the rep's zone and
 * holidays; and the rules wired to what happens — a visit pauses, a voicemail on the due touch
 * makes it (a touch row, the message names it), a meeting ends, a rep takes someone out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const NOW = Date.UTC(2026, 11, 1, 16, 0, 0); // Tuesday 1 December 2026, 11:00 in New York
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ORIGIN = "https://acme.com";
const STEPS = [
  { day: 1, kind: "voicemail", scriptId: "scr_example_dangle_carrot" },
  { day: 3, kind: "email", subject: "An idea for {{company}}", body: "Hi {{firstName}}, I left you a message: {{pageLink}}" },
  { day: 6, kind: "voicemail" },
  { day: 10, kind: "call" },
];

let tmp: TempDatabase;
let store: typeof import("../../lib/campaigns/store");
let outcomes: typeof import("../../lib/outcomes");
let record: typeof import("../../lib/visits/record");
let q: typeof import("../../db/queries/campaigns");
let dbmod: typeof import("../../db/index");
let schema: typeof import("../../db/schema");
type User = import("../../db/queries/users").UserRow;
let rep: User;
let other: User;
let admin: User;
const ids: Record<string, string> = {};
const slugs: Record<string, string> = {};

beforeAll(async () => {
  tmp = await useTempDatabase({ PUBLIC_BASE_URL: ORIGIN });
  store = await import("../../lib/campaigns/store");
  outcomes = await import("../../lib/outcomes");
  record = await import("../../lib/visits/record");
  q = await import("../../db/queries/campaigns");
  dbmod = await import("../../db/index");
  schema = await import("../../db/schema");
  const { createUser } = await import("../../lib/accounts");
  const { createProspect } = await import("../../lib/prospects");
  const { findUserById } = await import("../../db/queries/users");
  const { eq } = await import("drizzle-orm");
  rep = await createUser({ email: "rep@acme.test", password: "a long password", name: "Sam Rep" });
  other = await createUser({ email: "other@acme.test", password: "a long password", name: "Olga Other" });
  admin = await createUser({ email: "boss@acme.test", password: "a long password", name: "Boss", role: "admin" });
  await dbmod.write((d) => d.update(schema.users).set({ timeZone: "America/New_York" }).where(eq(schema.users.id, rep.id)));
  rep = (await findUserById(rep.id))!;
  await store.saveHolidays(rep, { holidays: ["2026-12-03", "2026-12-03"] });
  rep = (await findUserById(rep.id))!;
  for (const [first, last] of [["Rob", "Mason"], ["Ana", "Lopez"], ["Ben", "Okafor"], ["Cleo", "Park"]]) {
    const p = await createProspect(rep, { firstName: first, lastName: last, company: "Northwind", phone: `+1 555 010 ${2030 + Object.keys(ids).length}` }, NOW - DAY);
    ids[first] = p.id;
    slugs[first] = p.slug;
  }
  ids.Otto = (await createProspect(other, { firstName: "Otto", lastName: "Other" }, NOW - DAY)).id;
});

afterAll(async () => {
  await tmp?.cleanup();
});

const enrolment = async (campaignId: string, who: string) => (await q.findEnrolment(campaignId, ids[who]))!;
const localDay = (ms: number) => new Date(ms - 5 * HOUR).toISOString().slice(0, 10); // New York in December (UTC−5)

describe("campaigns: who sees and changes what", () => {
  it("validates steps and merge fields, and the scripts a step names must be usable", async () => {
    await expect(store.createCampaign(rep, { name: "X", steps: [{ day: 3, kind: "voicemail" }, { day: 2, kind: "call" }] } as never)).rejects.toThrow(/must come after/);
    await expect(store.createCampaign(rep, { name: "X", steps: [{ day: 1, kind: "email", subject: "Hi {{frstName}}", body: "x" }] } as never)).rejects.toThrow(/did you mean \{\{firstName\}\}/);
    const privateOfOther = await store.createCampaign(other, { name: "Olga's", steps: [{ day: 1, kind: "voicemail" }] } as never);
    await expect(store.createCampaign(rep, { name: "X", steps: [{ day: 1, kind: "voicemail", scriptId: "scr_nobodys" }] } as never)).rejects.toThrow(store.CampaignInputError);
    expect(await store.campaignFor(rep, privateOfOther.id)).toBeUndefined();
    expect((await store.campaignFor(admin, privateOfOther.id))?.name).toBe("Olga's");
  });

  it("only an admin shares; a rep uses a shared campaign but cannot change it", async () => {
    await expect(store.createCampaign(rep, { name: "Mine", steps: [{ day: 1, kind: "call" }], shared: true } as never)).rejects.toThrow(/Only an admin/);
    const shared = await store.createCampaign(admin, { name: "Team cadence", steps: [{ day: 1, kind: "call" }], shared: true } as never);
    expect((await store.campaignFor(rep, shared.id))?.shared).toBe(true);
    await expect(store.updateCampaign(rep, shared.id, { name: "Taken" })).rejects.toThrow(/only an admin/);
    expect((await store.campaignsByName(rep)).map((c) => c.name)).toContain("Team cadence");
    expect((await store.campaignsByName(rep)).map((c) => c.name)).not.toContain("Olga's");
  });
});

describe("enrolling", () => {
  let cmp: string;
  beforeAll(async () => {
    cmp = (await store.createCampaign(rep, { name: "Four touches", steps: STEPS } as never, NOW - DAY)).id;
  });

  it("enrols by id in the rep's zone: day 1's voicemail is due at 09:00 New York today; again is skipped", async () => {
    const r = (await store.enrol(rep, cmp, { prospectIds: [ids.Rob, ids.Ana] }, NOW))!;
    expect(r).toEqual({ enrolled: [ids.Rob, ids.Ana], skipped: [] });
    const rob = await enrolment(cmp, "Rob");
    expect(rob.status).toBe("active");
    expect(rob.nextDueAt).toBe(Date.UTC(2026, 11, 1, 14, 0, 0));
    expect(await store.enrol(rep, cmp, { prospectIds: [ids.Rob] }, NOW)).toEqual({ enrolled: [], skipped: [ids.Rob] });
  });

  it("another rep's prospect is 'no such prospect', and nothing is enrolled", async () => {
    await expect(store.enrol(rep, cmp, { prospectIds: [ids.Ben, ids.Otto] }, NOW)).rejects.toThrow(store.CampaignInputError);
    expect(await q.findEnrolment(cmp, ids.Ben)).toBeUndefined();
  });

  it("enrols from a filter (not called yet), skipping those already in", async () => {
    const r = (await store.enrol(rep, cmp, { filter: { list: "fresh" } }, NOW))!;
    expect(r.enrolled.sort()).toEqual([ids.Ben, ids.Cleo].sort());
    expect(r.skipped.sort()).toEqual([ids.Rob, ids.Ana].sort());
  });

  it("a voicemail on the due touch makes it: a touch row, the message names it, the e-mail comes next on Friday (Thursday is a holiday)", async () => {
    const done = (await outcomes.logOutcome(rep, ids.Rob, outcomes.outcomeSchema.parse({ kind: "voicemail", scriptId: "scr_example_dangle_carrot" }), NOW, ORIGIN))!;
    expect(done.campaignTouch).toEqual({ enrolmentId: (await enrolment(cmp, "Rob")).id, step: 0 });
    const rob = await enrolment(cmp, "Rob");
    expect(rob).toMatchObject({ status: "active", stepIndex: 1, lastTouchAt: NOW });
    expect(localDay(rob.nextDueAt!)).toBe("2026-12-04");
    const touches = await q.touchesOf(rob.id);
    expect(touches).toMatchObject([{ step: 0, kind: "voicemail", outcome: "voicemail", voicemailId: done.voicemailId, userId: rep.id }]);
    const { eq } = require("drizzle-orm") as typeof import("drizzle-orm");
    const vm = dbmod.getDb().select().from(schema.voicemails).where(eq(schema.voicemails.id, done.voicemailId!)).get()!;
    expect(vm).toMatchObject({ campaignEnrolmentId: rob.id, campaignStep: 0 });
  });

  it("a second voicemail the same day makes no touch (the next one is an e-mail, not due)", async () => {
    const done = (await outcomes.logOutcome(rep, ids.Rob, outcomes.outcomeSchema.parse({ kind: "voicemail" }), NOW + HOUR, ORIGIN))!;
    expect(done.campaignTouch).toBeNull();
    expect((await enrolment(cmp, "Rob")).stepIndex).toBe(1);
  });

  it("a visit pauses the campaign; the rep's voicemail after it resumes it and makes the due touch", async () => {
    await record.recordBeacon({ slug: slugs.Ana, type: "view", visibleMs: 0 } as never, { userAgent: IPHONE, ip: "192.0.2.7", signedInRep: false, now: NOW + 10 * 60_000 });
    expect(await enrolment(cmp, "Ana")).toMatchObject({ status: "paused", pauseReason: "visited", nextDueAt: null });
    // More beacons of the same visit change nothing.
    await record.recordBeacon({ slug: slugs.Ana, type: "heartbeat", visibleMs: 15_000 } as never, { userAgent: IPHONE, ip: "192.0.2.7", signedInRep: false, now: NOW + 11 * 60_000 });
    const done = (await outcomes.logOutcome(rep, ids.Ana, outcomes.outcomeSchema.parse({ kind: "voicemail" }), NOW + 20 * 60_000, ORIGIN))!;
    expect(done.campaignTouch?.step).toBe(0);
    expect(await enrolment(cmp, "Ana")).toMatchObject({ status: "active", stepIndex: 1 });
  });

  it("a meeting ends it (finished, won); 'not interested' stops it", async () => {
    await outcomes.logOutcome(rep, ids.Ben, outcomes.outcomeSchema.parse({ kind: "meeting" }), NOW, ORIGIN);
    expect(await enrolment(cmp, "Ben")).toMatchObject({ status: "finished", endReason: "won", nextDueAt: null });
    await outcomes.logOutcome(rep, ids.Cleo, outcomes.outcomeSchema.parse({ kind: "not_interested" }), NOW, ORIGIN);
    expect(await enrolment(cmp, "Cleo")).toMatchObject({ status: "stopped", endReason: "not_interested" });
  });

  it("a rep takes someone out; enrolling them again starts over", async () => {
    expect(await store.unenrol(rep, cmp, ids.Ana, NOW)).toBe(true);
    expect(await enrolment(cmp, "Ana")).toMatchObject({ status: "stopped", endReason: "unenrolled" });
    expect(await store.unenrol(rep, cmp, ids.Ana, NOW)).toBe(false);
    expect(await store.unenrol(other, cmp, ids.Rob, NOW)).toBeUndefined();
    expect((await store.enrol(rep, cmp, { prospectIds: [ids.Ana] }, NOW + DAY))?.enrolled).toEqual([ids.Ana]);
    expect(await enrolment(cmp, "Ana")).toMatchObject({ status: "active", stepIndex: 0, endReason: null });
  });

  it("a rep pauses someone's campaign (a logged call does not restart it) and resumes it", async () => {
    const held = (await store.createCampaign(rep, { name: "Hold test", steps: [{ day: 1, kind: "voicemail" }, { day: 4, kind: "call" }] } as never)).id;
    expect((await store.enrol(rep, held, { prospectIds: [ids.Ana] }, NOW))?.enrolled).toEqual([ids.Ana]);
    expect(await store.holdEnrolment(rep, held, ids.Ana, true, NOW)).toBe(true);
    expect(await enrolment(held, "Ana")).toMatchObject({ status: "paused", pauseReason: "rep", nextDueAt: null });
    expect(await store.holdEnrolment(rep, held, ids.Ana, true, NOW)).toBe(false);
    await outcomes.logOutcome(rep, ids.Ana, outcomes.outcomeSchema.parse({ kind: "no_answer" }), NOW + 500, ORIGIN);
    expect(await enrolment(held, "Ana")).toMatchObject({ status: "paused", pauseReason: "rep" });
    expect(await store.holdEnrolment(rep, held, ids.Ana, false, NOW + 1000)).toBe(true);
    expect(await enrolment(held, "Ana")).toMatchObject({ status: "active", pauseReason: null });
    expect((await enrolment(held, "Ana")).nextDueAt).not.toBeNull();
    expect(await store.holdEnrolment(other, held, ids.Ana, true, NOW)).toBeUndefined();
  });

  it("the campaign's page: counts, each step's touches and the visits after them, the people and their next touch", async () => {
    const r = (await store.campaignReport(rep, cmp))!;
    expect(r.counts).toEqual({ active: 2, paused: 0, finished: 1, stopped: 1, enrolled: 4 });
    expect(r.steps[0]).toMatchObject({ label: "Touch 1 of 4 — voicemail: “Example: Dangle the carrot”", touches: 2, visitedWithin: 0 });
    // The funnel of the messages step 1 left (Rob's and Ana's; Ana had visited before hers).
    expect(r.steps[0].funnel).toEqual({ messages: 2, visits: 0, callbacks: 0, meetings: 0 });
    expect(r.steps[1].funnel).toBeNull();
    expect(r.steps[1]).toMatchObject({ label: "Touch 2 of 4 — e-mail: “An idea for ‹company›”", touches: 0 });
    const rob = r.people.find((p) => p.prospectId === ids.Rob)!;
    expect(rob.next).toBe("Touch 2 of 4 — e-mail: “An idea for ‹company›”");
    expect(r.people.find((p) => p.prospectId === ids.Ben)!.next).toBe("Meeting booked");
    expect(await store.campaignReport(other, cmp)).toBeUndefined();
    // Rob's own page lists where he stands.
    expect(await store.prospectCampaigns(rep, ids.Rob)).toMatchObject([{ campaignId: cmp, name: "Four touches", status: "active", next: "Touch 2 of 4 — e-mail: “An idea for ‹company›”" }]);
    expect(await store.prospectCampaigns(other, ids.Rob)).toBeUndefined();
  });

  it("an archived campaign takes nobody new; deleting it takes its enrolments with it", async () => {
    await store.updateCampaign(rep, cmp, { archived: true });
    await expect(store.enrol(rep, cmp, { prospectIds: [ids.Cleo] }, NOW)).rejects.toThrow(store.CampaignArchived);
    expect(await store.deleteCampaign(rep, cmp)).toBe(true);
    expect(await q.findEnrolment(cmp, ids.Rob)).toBeUndefined();
  });
});

describe("holidays", () => {
  it("are dates, sorted, without repeats", async () => {
    expect(await store.saveHolidays(rep, { holidays: ["2026-12-25", "2026-12-24", "2026-12-25"] })).toEqual(["2026-12-24", "2026-12-25"]);
    await expect(store.saveHolidays(rep, { holidays: ["2026-02-30"] })).rejects.toThrow(/calendar/);
    await expect(store.saveHolidays(rep, { holidays: ["Christmas"] })).rejects.toThrow(/YYYY-MM-DD/);
  });
});
