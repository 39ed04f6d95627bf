/**
 * Call mode's lists on a real SQLite file: which people come up, in what order, with what they did,
 * the last message and the script rendered for them; "Left voicemail" from call mode keeps the script,
 * the exact words and the take's length in one transaction; "No answer" sets tomorrow's follow-up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const NOW = Date.UTC(2026, 11, 1, 16, 0, 0); // Tuesday 16:00 UTC
const ORIGIN = "https://acme.com";
let tmp: TempDatabase;
let calls: typeof import("../../lib/voicemail/call-list");
let outcomes: typeof import("../../lib/outcomes");
let rep: import("../../db/queries/users").UserRow;
let admin: import("../../db/queries/users").UserRow;
const ids: Record<string, string> = {};

beforeAll(async () => {
  tmp = await useTempDatabase({ PUBLIC_BASE_URL: ORIGIN });
  calls = await import("../../lib/voicemail/call-list");
  outcomes = await import("../../lib/outcomes");
  const rec = await import("../../lib/visits/record");
  const { createUser } = await import("../../lib/accounts");
  const { createProspect } = await import("../../lib/prospects");
  rep = await createUser({ email: "rep@acme.test", password: "a long password", name: "Sam Rep" });
  admin = await createUser({ email: "boss@acme.test", password: "a long password", name: "Boss", role: "admin" });
  const make = async (first: string, last: string, extra: Record<string, unknown> = {}, owner = rep, at = NOW) => {
    const p = await createProspect(owner, { firstName: first, lastName: last, company: "Northwind", phone: "+1 555 010 " + String(1000 + Object.keys(ids).length), ...extra }, at);
    ids[first] = p.id;
    return p;
  };
  const rob = await make("Rob", "Mason", { phone: "+1 555 010 2030" }, rep, NOW - 5 * 86_400_000);
  await make("Ana", "Lopez", { company: "Globex" }, rep, NOW - 4 * 86_400_000);
  await make("Ben", "Okafor", {}, rep, NOW - 3 * 86_400_000);
  await make("Cleo", "Park", { followUpAt: NOW - 86_400_000 }, rep, NOW - 2 * 86_400_000);
  await make("Otto", "Other", {}, admin, NOW - 86_400_000);
  // Rob opened his page ten minutes ago and watched most of the demo.
  await rec.recordBeacon({ slug: rob.slug, type: "view", visibleMs: 0 } as never, { userAgent: IPHONE, ip: "192.0.2.9", signedInRep: false, now: NOW - 10 * 60_000 });
  await rec.recordBeacon({ slug: rob.slug, type: "video_progress", visibleMs: 30_000, data: { percent: 80 } } as never, { userAgent: IPHONE, ip: "192.0.2.9", signedInRep: false, now: NOW - 9 * 60_000 });
});

afterAll(async () => {
  await tmp?.cleanup();
});

const names = (cards: { name: string }[]) => cards.map((c) => c.name);

describe("call lists", () => {
  it("the queue: Rob (visited) and Cleo (follow-up due), with what Rob did and the script rendered for him", async () => {
    const { cards } = await calls.callList(rep, { list: "queue" }, ORIGIN, NOW);
    expect(names(cards)).toEqual(["Rob Mason", "Cleo Park"]);
    const rob = cards[0];
    expect(rob.standing).toBe("Visited in the last hour");
    expect(rob.didWhat).toBe("watched 80% of the demo");
    expect(rob.phoneDisplay).toMatch(/555.*010.*2030/);
    expect(rob.pageAddress).toBe("acme.com/rob-mason");
    expect(rob.lastVoicemail).toBeNull();
    expect(rob.script.id).toBe("scr_example_their_problem");
    expect(rob.script.text).toContain("acme dot com slash rob dash mason");
    expect(rob.script.seconds).toBeGreaterThan(0);
  });

  it("not called yet: the rep's own pages in the order they were made; never another rep's", async () => {
    expect(names((await calls.callList(rep, { list: "fresh" }, ORIGIN, NOW)).cards)).toEqual(["Rob Mason", "Ana Lopez", "Ben Okafor", "Cleo Park"]);
    expect(names((await calls.callList(admin, { list: "fresh" }, ORIGIN, NOW)).cards)).toEqual(["Otto Other"]);
  });

  it("narrows by words or by a number in any form", async () => {
    expect(names((await calls.callList(rep, { list: "all", q: "glob" }, ORIGIN, NOW)).cards)).toEqual(["Ana Lopez"]);
    expect(names((await calls.callList(rep, { list: "all", q: "(555) 010-2030" }, ORIGIN, NOW)).cards)).toEqual(["Rob Mason"]);
    expect(names((await calls.callList(rep, { list: "queue", q: "cleo" }, ORIGIN, NOW)).cards)).toEqual(["Cleo Park"]);
    expect(names((await calls.callList(rep, { list: "all", q: "Otto" }, ORIGIN, NOW)).cards)).toEqual([]);
  });

  it("an unknown list or a malformed play falls back instead of failing", () => {
    expect(calls.callListQuerySchema.parse({ list: "nope", play: "<script>" })).toEqual({ list: "queue", q: undefined, play: undefined });
  });

  it("Left voicemail from call mode keeps the script, the exact words and the take's length; Rob leaves 'not called yet'", async () => {
    const words = "Hi Rob, it's Sam at Acme — I put a short idea for Northwind at acme dot com slash rob dash mason.";
    const done = await outcomes.logOutcome(rep, ids.Rob, outcomes.outcomeSchema.parse({ kind: "voicemail", scriptId: "scr_example_dangle_carrot", text: words, seconds: 24 }), NOW, ORIGIN);
    expect(done?.voicemailId).toMatch(/^vm_/);
    const rob = (await calls.callList(rep, { list: "all", q: "rob" }, ORIGIN, NOW + 1000)).cards[0];
    expect(rob.lastVoicemail).toEqual({ text: words, leftAt: NOW, scriptName: "Example: Dangle the carrot", seconds: 24 });
    expect(rob.lastOutcome?.label).toBe("Left voicemail");
    expect(names((await calls.callList(rep, { list: "fresh" }, ORIGIN, NOW)).cards)).not.toContain("Rob Mason");
    // The next script suggested to this rep is the one they used last.
    expect((await calls.callList(rep, { list: "all", q: "ana" }, ORIGIN, NOW)).cards[0].script.id).toBe("scr_example_dangle_carrot");
  });

  it("No answer: tried again the next working day; closed people leave the lists", async () => {
    const done = await outcomes.logOutcome(rep, ids.Ben, outcomes.outcomeSchema.parse({ kind: "no_answer" }), NOW, ORIGIN);
    expect(new Date(done!.followUpAt!).toISOString().slice(0, 10)).toBe("2026-12-02");
    await outcomes.logOutcome(rep, ids.Ana, outcomes.outcomeSchema.parse({ kind: "wrong_number" }), NOW, ORIGIN);
    expect(names((await calls.callList(rep, { list: "all" }, ORIGIN, NOW)).cards)).toEqual(["Rob Mason", "Ben Okafor", "Cleo Park"]);
  });

  it("words, a script or a length belong to a voicemail only", () => {
    const bad = outcomes.outcomeSchema.safeParse({ kind: "reached", text: "hello", seconds: 3 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["text", "Only a voicemail has a script, words or a length."],
      ["seconds", "Only a voicemail has a script, words or a length."],
    ]);
    expect(outcomes.outcomeSchema.safeParse({ kind: "voicemail", seconds: 0 }).success).toBe(false);
  });
});
