/** The alert pipeline on a real SQLite file: which beacons alert whom, once, and when quietly. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase, type TempDatabase } from "../support/temp-db";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
let tmp: TempDatabase;
let rec: typeof import("../../lib/visits/record");
let alerts: typeof import("../../db/queries/alerts");
let ids: { rep: string; other: string; admin: string; prospect: string; muted: string };

const T0 = Date.UTC(2026, 10, 24, 15, 0, 0); // 15:00 UTC
const ctx = (now: number, ip = "203.0.113.7", signedInRep = false) => ({ userAgent: IPHONE, ip, signedInRep, now });
const kinds = async (userId: string) => (await alerts.alertsAfter(userId, 0, 1000)).map((a) => a.kind);

beforeAll(async () => {
  tmp = await useTempDatabase();
  rec = await import("../../lib/visits/record");
  alerts = await import("../../db/queries/alerts");
  const { createUser } = await import("../../lib/accounts");
  const { createProspect } = await import("../../lib/prospects");
  const rep = await createUser({ email: "rep@acme.test", password: "a long password", name: "Rep" });
  const other = await createUser({ email: "other@acme.test", password: "a long password", name: "Other" });
  const admin = await createUser({ email: "boss@acme.test", password: "a long password", name: "Boss", role: "admin" });
  const prospect = (await createProspect(rep, { firstName: "Rob", lastName: "Mason", company: "Northwind", phone: "+1 555 010 2030" })).id;
  const muted = (await createProspect(rep, { firstName: "Mute", lastName: "Me" })).id;
  await alerts.setProspectMuted(muted, T0);
  ids = { rep: rep.id, other: other.id, admin: admin.id, prospect, muted };
});
afterAll(() => tmp.cleanup());

describe("alerts from visits", () => {
  it("a person's first view alerts the owner once, with who and how to call", async () => {
    await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, ctx(T0));
    await rec.recordBeacon({ slug: "rob-mason", type: "heartbeat", visibleMs: 15000 }, ctx(T0 + 15_000));
    await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 2000 }, ctx(T0 + 60_000)); // a reload: same visit
    const list = await alerts.alertsAfter(ids.rep, 0, 100);
    expect(list.map((a) => a.kind)).toEqual(["visit.started"]);
    expect(list[0].message).toBe("Rob Mason (Northwind) is on their page now. Call +1 555 010 2030");
    expect(list[0].prospectId).toBe(ids.prospect);
    expect(await kinds(ids.other)).toEqual([]);
    expect(await kinds(ids.admin)).toEqual([]); // admins opt in to everyone's alerts
  });

  it("follow-ups only for what matters, once per visit: video past half, each kind of call to action", async () => {
    await rec.recordBeacon({ slug: "rob-mason", type: "video_play", visibleMs: 0 }, ctx(T0 + 70_000));
    await rec.recordBeacon({ slug: "rob-mason", type: "video_progress", visibleMs: 0, data: { percent: 25 } }, ctx(T0 + 80_000));
    expect(await kinds(ids.rep)).toEqual(["visit.started"]);
    await rec.recordBeacon({ slug: "rob-mason", type: "video_progress", visibleMs: 0, data: { percent: 50 } }, ctx(T0 + 90_000));
    await rec.recordBeacon({ slug: "rob-mason", type: "video_progress", visibleMs: 0, data: { percent: 75 } }, ctx(T0 + 95_000));
    await rec.recordBeacon({ slug: "rob-mason", type: "cta_click", visibleMs: 0, data: { cta: "call" } }, ctx(T0 + 100_000));
    await rec.recordBeacon({ slug: "rob-mason", type: "cta_click", visibleMs: 0, data: { cta: "call" } }, ctx(T0 + 101_000));
    await rec.recordBeacon({ slug: "rob-mason", type: "offer_code_copied", visibleMs: 0 }, ctx(T0 + 102_000));
    const list = await alerts.alertsAfter(ids.rep, 0, 100);
    expect(list.map((a) => a.kind)).toEqual(["visit.started", "visit.engaged", "cta.clicked"]);
    expect(list[1].message).toContain("watched 50% of the demo");
    expect(list[2].message).toContain("tapped Call");
  });

  it("a new visit after 30 minutes alerts again; a return after a day says so", async () => {
    await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 0 }, ctx(T0 + 45 * 60_000));
    await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 0 }, ctx(T0 + 3 * 86_400_000));
    const started = (await alerts.alertsAfter(ids.rep, 0, 100)).filter((a) => a.kind === "visit.started");
    expect(started).toHaveLength(3);
    expect(started[1].message).toContain("2nd visit");
    expect(started[2].message).toContain("back after 3 days");
  });

  it("never for previews, bots, a rep's own look, or a muted prospect", async () => {
    const before = (await alerts.alertsAfter(ids.rep, 0, 1000)).length;
    await rec.recordAutomated(ids.prospect, SLACK, T0 + 5 * 86_400_000);
    await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 0 }, { ...ctx(T0 + 5 * 86_400_000, "198.51.100.1"), userAgent: "curl/8.4.0" });
    await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 0 }, ctx(T0 + 5 * 86_400_000, "198.51.100.2", true));
    await rec.recordBeacon({ slug: "mute-me", type: "view", visibleMs: 0 }, ctx(T0 + 5 * 86_400_000, "198.51.100.3"));
    expect((await alerts.alertsAfter(ids.rep, 0, 1000)).length).toBe(before);
  });

  it("an admin who opts in gets everyone's alerts; the feed position only grows", async () => {
    await alerts.updateAlertPreferences(ids.admin, { alertScope: "all" });
    await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 0 }, ctx(T0 + 6 * 86_400_000, "192.0.2.44"));
    expect(await kinds(ids.admin)).toEqual(["visit.started"]);
    const all = await alerts.alertsAfter(ids.rep, 0, 1000);
    for (let i = 1; i < all.length; i++) expect(all[i].seq).toBeGreaterThan(all[i - 1].seq);
    const latest = await alerts.latestAlertSeq(ids.rep);
    expect(await alerts.alertsAfter(ids.rep, latest, 10)).toEqual([]);
    await alerts.updateAlertPreferences(ids.admin, { alertScope: "own" });
  });

  it("during quiet hours the alert is recorded, marked quiet", async () => {
    // 22:00–07:00 in New York; 03:00 UTC on a November night is 22:00 there.
    await alerts.updateAlertPreferences(ids.rep, { timeZone: "America/New_York", quietStart: 22 * 60, quietEnd: 7 * 60 });
    const night = Date.UTC(2026, 10, 27, 3, 30);
    await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 0 }, ctx(night, "192.0.2.99"));
    const last = (await alerts.recentAlerts(ids.rep, 1))[0];
    expect(last.kind).toBe("visit.started");
    expect(last.quiet).toBe(true);
    const day = Date.UTC(2026, 10, 27, 15, 0);
    await rec.recordBeacon({ slug: "rob-mason", type: "view", visibleMs: 0 }, ctx(day, "192.0.2.100"));
    expect((await alerts.recentAlerts(ids.rep, 1))[0].quiet).toBe(false);
  });
});

describe("the digest after quiet hours", () => {
  it("holds while quiet, then one digest sums up what happened, once", async () => {
    const { sendDueDigests } = await import("../../lib/alerts/digest");
    // From the quiet-hours test above: the rep is quiet 22:00–07:00 in New York, with one alert held back.
    const stillQuiet = Date.UTC(2026, 10, 27, 4, 0); // 23:00 in New York
    expect(await sendDueDigests(stillQuiet)).toEqual([]);
    const morning = Date.UTC(2026, 10, 27, 13, 0); // 08:00
    const [digest] = await sendDueDigests(morning);
    expect(digest.kind).toBe("digest");
    expect(digest.userId).toBe(ids.rep);
    expect(digest.quiet).toBe(false);
    expect(digest.message).toBe("While your quiet hours were on: 1 visit — Rob Mason (Northwind)");
    expect(await sendDueDigests(morning + 60_000)).toEqual([]);
  });
});
