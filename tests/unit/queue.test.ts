/** The call-back queue on a real SQLite file: tiers, order, reasons, outcomes leaving and re-entering. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
let tmp: TempDatabase;
let rec: typeof import("../../lib/visits/record");
let queue: typeof import("../../lib/queue");
let outcomes: typeof import("../../lib/outcomes");
let rep: import("../../db/queries/users").UserRow;
let other: import("../../db/queries/users").UserRow;

const NOW = Date.UTC(2026, 11, 1, 16, 0, 0); // Tuesday 16:00 UTC
const MIN = 60_000;
const beacon = async (slug: string, at: number, ip: string, type: "view" | "video_progress" | "cta_click" | "heartbeat" = "view", data?: Record<string, unknown>) =>
  rec.recordBeacon({ slug, type, visibleMs: 0, ...(data ? { data } : {}) } as never, { userAgent: IPHONE, ip, signedInRep: false, now: at });
const names = async () => (await queue.callbackQueue(rep, NOW)).map((r) => `${r.tier}:${r.name}`);

beforeAll(async () => {
  tmp = await useTempDatabase();
  rec = await import("../../lib/visits/record");
  queue = await import("../../lib/queue");
  outcomes = await import("../../lib/outcomes");
  const { createUser } = await import("../../lib/accounts");
  const { createProspect } = await import("../../lib/prospects");
  rep = await createUser({ email: "rep@acme.test", password: "a long password", name: "Rep" });
  other = await createUser({ email: "other@acme.test", password: "a long password", name: "Other" });
  const make = async (first: string, followUpAt?: number) => (await createProspect(rep, { firstName: first, lastName: "Test", followUpAt })).slug;
  const slugs = {
    now: await make("Nora"),
    hour: await make("Hugo"),
    engaged: await make("Enzo"),
    dueOld: await make("Dora", NOW - 3 * 86_400_000),
    dueToday: await make("Tess", NOW - 2 * 3_600_000),
    later: await make("Liam", NOW + 5 * 86_400_000),
    quiet: await make("Quinn"),
  };
  await createProspect(other, { firstName: "Otto", lastName: "Other", followUpAt: NOW - 86_400_000 });
  await beacon(slugs.now, NOW - 30_000, "192.0.2.1");
  await beacon(slugs.hour, NOW - 40 * MIN, "192.0.2.2");
  await beacon(slugs.engaged, NOW - 3 * 3_600_000, "192.0.2.3");
  await beacon(slugs.engaged, NOW - 3 * 3_600_000 + 1000, "192.0.2.3", "video_progress", { percent: 75 });
  await beacon(slugs.quiet, NOW - 3 * 86_400_000, "192.0.2.4"); // long ago, no follow-up: not in the queue
});
afterAll(() => tmp.cleanup());

describe("the call-back queue", () => {
  it("ranks on the page now, last hour, engaged today, follow-ups due (oldest first), then later ones", async () => {
    expect(await names()).toEqual(["now:Nora Test", "hour:Hugo Test", "engaged:Enzo Test", "due:Dora Test", "due:Tess Test", "later:Liam Test"]);
  });

  it("says what they did and why they rank, with the points", async () => {
    const enzo = (await queue.callbackQueue(rep, NOW)).find((r) => r.name === "Enzo Test")!;
    expect(enzo.didWhat).toBe("watched 75% of the demo");
    expect(enzo.reasons).toEqual([
      { label: "Visited today", points: 10 },
      { label: "Watched 75% of the demo", points: 20 },
    ]);
    expect(enzo.score).toBe(30);
    const nora = (await queue.callbackQueue(rep, NOW)).find((r) => r.name === "Nora Test")!;
    expect(nora.reasons[0]).toEqual({ label: "On the page now", points: 40 });
  });

  it("shows a rep only their own prospects", async () => {
    expect((await queue.callbackQueue(other, NOW)).map((r) => r.name)).toEqual(["Otto Other"]);
  });

  it("an admin sees everyone's queue only after opting in to everyone's alerts", async () => {
    const { createUser } = await import("../../lib/accounts");
    const { updateAlertPreferences } = await import("../../db/queries/alerts");
    const boss = await createUser({ email: "boss@acme.test", password: "a long password", name: "Boss", role: "admin" });
    expect(await queue.callbackQueue(boss, NOW)).toEqual([]);
    const opted = (await updateAlertPreferences(boss.id, { alertScope: "all" }))!;
    const rows = await queue.callbackQueue(opted, NOW);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(["Nora Test", "Otto Other"]));
    expect(rows.find((r) => r.name === "Otto Other")).toMatchObject({ ownedByMe: false, ownerName: "Other" });
  });

  it("'left voicemail' moves the follow-up two working days on and logs the voicemail", async () => {
    const dora = (await queue.callbackQueue(rep, NOW)).find((r) => r.name === "Dora Test")!;
    const r = await outcomes.logOutcome(rep, dora.prospectId, { kind: "voicemail" }, NOW);
    // Tuesday → Thursday, 10:00 in the rep's zone (UTC).
    expect(r!.followUpAt).toBe(Date.UTC(2026, 11, 3, 10, 0, 0));
    const after = (await queue.callbackQueue(rep, NOW)).find((x) => x.name === "Dora Test")!;
    expect(after.tier).toBe("later");
    expect(after.lastVoicemailAt).toBe(NOW);
  });

  it("a voicemail on Friday is followed up on Tuesday", () => {
    const friday = Date.UTC(2026, 11, 4, 16, 0, 0);
    expect(outcomes.nextFollowUp(friday, "UTC", 2, true)).toBe(Date.UTC(2026, 11, 8, 10, 0, 0));
    expect(outcomes.nextFollowUp(friday, "America/New_York", 7, false)).toBe(Date.UTC(2026, 11, 11, 15, 0, 0));
  });

  it("a logged call clears the activity that put them there; a meeting takes them out until they visit again", async () => {
    const nora = (await queue.callbackQueue(rep, NOW)).find((r) => r.name === "Nora Test")!;
    await outcomes.logOutcome(rep, nora.prospectId, { kind: "meeting" }, NOW);
    expect(await names()).not.toContain("now:Nora Test");
    expect((await queue.callbackQueue(rep, NOW)).some((r) => r.name === "Nora Test")).toBe(false);
    await beacon(nora.slug, NOW + 60 * MIN, "192.0.2.9");
    expect((await queue.callbackQueue(rep, NOW + 60 * MIN + 1000))[0].name).toBe("Nora Test");
  });

  it("a note keeps the follow-up and the standing; an outcome for someone else's prospect is refused", async () => {
    const tess = (await queue.callbackQueue(rep, NOW)).find((r) => r.name === "Tess Test")!;
    await outcomes.logOutcome(rep, tess.prospectId, { kind: "note", note: "Prefers mornings" }, NOW);
    expect((await queue.callbackQueue(rep, NOW)).find((r) => r.name === "Tess Test")!.tier).toBe("due");
    expect(await outcomes.logOutcome(other, tess.prospectId, { kind: "reached" }, NOW)).toBeUndefined();
    expect((await outcomes.outcomesOf(rep, tess.prospectId))!.map((o) => o.note)).toEqual(["Prefers mornings"]);
  });

  it("refuses a note without text and an unknown outcome", () => {
    expect(outcomes.outcomeSchema.safeParse({ kind: "note" }).success).toBe(false);
    expect(outcomes.outcomeSchema.safeParse({ kind: "hung_up" }).success).toBe(false);
  });
});
