import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRow } from "../../db/queries/users";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

let tmp: TempDatabase;
let plays: typeof import("../../lib/plays/plays");
let resolve: typeof import("../../lib/plays/resolve");
let pages: typeof import("../../lib/pages");
let prospects: typeof import("../../lib/prospects");
let q: typeof import("../../db/queries/plays");
let Forbidden: typeof import("../../lib/ownership").Forbidden;
let admin: UserRow;
let repA: UserRow;
let repB: UserRow;

beforeAll(async () => {
  tmp = await useTempDatabase();
  plays = await import("../../lib/plays/plays");
  resolve = await import("../../lib/plays/resolve");
  pages = await import("../../lib/pages");
  prospects = await import("../../lib/prospects");
  q = await import("../../db/queries/plays");
  ({ Forbidden } = await import("../../lib/ownership"));
  const { createUser } = await import("../../lib/accounts");
  admin = await createUser({ email: "ada@acme.test", password: "a long password", name: "Ada Admin", role: "admin" });
  repA = await createUser({ email: "a@acme.test", password: "a long password", name: "Sam Rivera", title: "Account Executive", phone: "+15550102030" });
  repB = await createUser({ email: "b@acme.test", password: "a long password", name: "Bea Rep" });
});
afterAll(() => tmp.cleanup());

describe("plays: versions and visibility", () => {
  it("keeps every version of the content; name and archiving make none", async () => {
    const p = await plays.createPlay(repA, { name: "Intro", message: "Hi {{firstName}}" });
    expect(p.version).toBe(1);
    const v2 = (await plays.updatePlay(repA, p.id, { message: "Hello {{firstName}}" }))!;
    expect(v2.version).toBe(2);
    const same = (await plays.updatePlay(repA, p.id, { message: "Hello {{firstName}}", name: "Intro call" }))!;
    expect(same.version).toBe(2);
    expect(same.name).toBe("Intro call");
    const archived = (await plays.updatePlay(repA, p.id, { archived: true }))!;
    expect(archived.version).toBe(2);
    expect(archived.archivedAt).not.toBeNull();
    expect((await q.findPlayVersion(p.id, 1))?.message).toBe("Hi {{firstName}}");
    expect((await q.findPlayVersion(p.id, 2))?.message).toBe("Hello {{firstName}}");
  });

  it("refuses unknown merge fields when saved, naming them by field", () => {
    const r = plays.playInputSchema.safeParse({ name: "x", message: "Hi {{frstName}}", blocks: [{ type: "offer", title: "For {{compny}}" }] });
    expect(r.success).toBe(false);
    const fields = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(fields.message).toBe("Unknown merge field {{frstName}} — did you mean {{firstName}}?");
    expect(fields["blocks.0.title"]).toBe("Unknown merge field {{compny}} — did you mean {{company}}?");
  });

  it("a rep sees shared plays and their own; another rep's private play is hidden", async () => {
    const own = await plays.createPlay(repA, { name: "Mine" });
    const shared = await plays.createPlay(admin, { name: "Team play", shared: true });
    const adminPrivate = await plays.createPlay(admin, { name: "Admin's" });
    expect(await plays.playFor(repA, own.id)).toBeDefined();
    expect(await plays.playFor(repB, own.id)).toBeUndefined();
    expect(await plays.playFor(repB, shared.id)).toBeDefined();
    expect(await plays.playFor(repB, adminPrivate.id)).toBeUndefined();
    expect(await plays.playFor(admin, own.id)).toBeDefined();
    await expect(plays.createPlay(repA, { name: "Sneaky", shared: true })).rejects.toThrow(Forbidden);
    await expect(plays.updatePlay(repA, own.id, { shared: true })).rejects.toThrow(Forbidden);
    await expect(plays.updatePlay(repA, shared.id, { message: "x" })).rejects.toThrow(Forbidden);
    const copy = (await plays.duplicatePlay(repA, shared.id))!;
    expect(copy).toMatchObject({ name: "Team play (copy)", ownerId: repA.id, shared: false, version: 1 });
  });

  it("pages the list with a cursor, newest first", async () => {
    for (let i = 0; i < 5; i++) await plays.createPlay(repB, { name: `B${i}` }, Date.UTC(2026, 0, 1, 0, 0, i));
    const first = await plays.pageOfPlays(repB, "active", undefined, 3);
    expect(first.rows).toHaveLength(3);
    const second = await plays.pageOfPlays(repB, "active", plays.decodePlayCursor(first.next) as never, 50);
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe((await plays.playsByName(repB, "active")).length);
  });

  it("refuses to delete a play a page follows", async () => {
    const p = await plays.createPlay(repA, { name: "Used" });
    await prospects.createProspect(repA, { firstName: "Una", lastName: "Used", playId: p.id });
    expect(await plays.deletePlay(repA, p.id)).toBe("in_use");
    const unused = await plays.createPlay(repA, { name: "Unused" });
    expect(await plays.deletePlay(repA, unused.id)).toBe("deleted");
    expect(await plays.playFor(repA, unused.id)).toBeUndefined();
  });

  it("a prospect may use only a play its rep may see, and not an archived one", async () => {
    const other = await plays.createPlay(repB, { name: "B private" });
    await expect(prospects.createProspect(repA, { firstName: "X", lastName: "Y", playId: other.id })).rejects.toThrow(/No play with this id/);
    const old = await plays.createPlay(repA, { name: "Old" });
    await plays.updatePlay(repA, old.id, { archived: true });
    await expect(prospects.createProspect(repA, { firstName: "X", lastName: "Z", playId: old.id })).rejects.toThrow(/archived/);
  });
});

describe("resolving a page", () => {
  const NOW = Date.UTC(2026, 10, 23, 12); // a Monday

  it("fills the play in for the prospect; the prospect's own parts win", async () => {
    const play = await plays.createPlay(repA, {
      name: "Demo",
      message: "Hi {{firstName}}, a minute for {{company|your team}}? — {{repFirstName}}",
      blocks: [{ type: "offer", title: "For {{company|you}}", text: "{{repName}} set this aside" }],
      ctas: { call: true, email: false, book: true },
      promiseDays: 3,
    });
    const rob = await prospects.createProspect(repA, { firstName: "Rob", lastName: "Mason", company: "Northwind", playId: play.id }, NOW);
    const page = (await pages.resolvedPageBySlug(rob.slug, NOW))!.page;
    expect(page.message).toBe("Hi Rob, a minute for Northwind? — Sam");
    expect(page.blocks).toEqual([{ type: "offer", title: "For Northwind", text: "Sam Rivera set this aside" }]);
    expect(page.ctas).toEqual({ call: true, email: false, book: true });
    expect(page.promise).toBe("I'll call you on Thursday.");
    expect(page.play).toEqual({ id: play.id, version: 1 });

    const jane = await prospects.createProspect(repA, { firstName: "Jane", message: "Jane, my own words.", followUpAt: "2026-11-24", ctas: { call: false, email: true, book: false }, blocks: [{ type: "offer", title: "Just for Jane" }], playId: play.id }, NOW);
    const own = (await pages.resolvedPageBySlug(jane.slug, NOW))!.page;
    expect(own.message).toBe("Jane, my own words.");
    expect(own.blocks).toEqual([{ type: "offer", title: "Just for Jane" }]);
    expect(own.ctas).toEqual({ call: false, email: true, book: false });
    expect(own.promise).toBe("I'll call you on Tuesday.");
    expect((await pages.resolvedPageBySlug(jane.slug, NOW))!.page.message).not.toContain("{{");
  });

  it("uses the fallback for an empty company, and shows the latest version", async () => {
    const play = await plays.createPlay(repA, { name: "Fallback", message: "For {{company|your team}}" });
    const p = await prospects.createProspect(repA, { firstName: "Nobody", lastName: "Inparticular", playId: play.id });
    expect((await pages.resolvedPageBySlug(p.slug))!.page.message).toBe("For your team");
    await plays.updatePlay(repA, play.id, { message: "Now for {{company|your team}}" });
    expect((await pages.resolvedPageBySlug(p.slug))!.page).toMatchObject({ message: "Now for your team", play: { id: play.id, version: 2 } });
  });

  it("counts working days over weekends, and drops a promise once past", () => {
    const friday = Date.UTC(2026, 10, 27, 10);
    expect(new Date(resolve.workingDaysAfter(friday, 1)).toISOString()).toBe("2026-11-30T23:59:59.999Z");
    expect(new Date(resolve.workingDaysAfter(friday, 3)).toISOString()).toBe("2026-12-02T23:59:59.999Z");
    expect(resolve.promiseSentence(NOW - 1, NOW)).toBeNull();
  });

  it("a page without a play is what it always was", async () => {
    const page = resolve.resolvePage({ firstName: "A", lastName: "B", company: null, message: null, blocks: [], followUpAt: null, createdAt: NOW }, undefined, await pages.mergeContextFor({ firstName: "A", lastName: "B", company: null }, repA), NOW);
    expect(page).toEqual({ message: null, blocks: [], ctas: { call: true, email: true, book: true }, promise: null, play: null });
  });
});
