/**
 * E-mail alerts against a real production server and a real SMTP server (smtp-server on
 * 127.0.0.1): "Send me a test e-mail" arrives; an alert e-mail (enqueued in this process on the
 * server's own database file, as the visit pipeline will) arrives with the message as subject and
 * hostile text inert in the HTML; a rep with e-mail alerts off gets nothing; SMTP down, then up:
 * delivered once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SMTPServer } from "smtp-server";
import { freePort, runCli, setUpAdmin, signIn, startServer, type Client, type TestServer } from "../support/server";

type Mail = { envelopeTo: string[]; headers: Record<string, string>; text: string; html: string; raw: string };

/** Just enough MIME for our own messages: unfolded headers, and the text and HTML parts decoded. */
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === "b" ? Buffer.from(data, "base64").toString("utf8") : decodeQp(data.replace(/_/g, " ")),
  );
}
function decodeQp(text: string): string {
  const bytes: number[] = [];
  const s = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "=" && /^[0-9A-F]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}
function splitHead(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, at).replace(/\r?\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body: raw.slice(at).replace(/^\r?\n\r?\n/, "") };
}
function decodePart(headers: Record<string, string>, body: string): string {
  const enc = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") return decodeQp(body);
  return body;
}
function parseMail(raw: string, envelopeTo: string[]): Mail {
  const { headers, body } = splitHead(raw);
  for (const k of Object.keys(headers)) headers[k] = decodeWords(headers[k]);
  let text = "";
  let html = "";
  const boundary = headers["content-type"]?.match(/boundary="?([^";]+)"?/)?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [raw];
  for (const part of parts) {
    const p = splitHead(part.replace(/^\r?\n/, ""));
    const type = p.headers["content-type"] ?? "";
    if (type.startsWith("text/plain")) text = decodePart(p.headers, p.body);
    if (type.startsWith("text/html")) html = decodePart(p.headers, p.body);
  }
  return { envelopeTo, headers, text, html, raw };
}

let smtpPort: number;
let smtp: SMTPServer | undefined;
const inbox: Mail[] = [];

async function startSmtp(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _session, cb) => cb(null, { user: auth.username }),
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push(parseMail(Buffer.concat(chunks).toString("utf8"), session.envelope.rcptTo.map((r) => r.address)));
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp!.once("error", reject);
    smtp!.listen(smtpPort, "127.0.0.1", () => resolve());
  });
}
async function stopSmtp(): Promise<void> {
  const s = smtp;
  smtp = undefined;
  if (s) await new Promise<void>((r) => s.close(() => r()));
}

async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const mailFor = (deliveryId: string) => () => inbox.find((m) => m.headers["x-ringback-delivery"] === deliveryId);

let server: TestServer;
let admin: Client;
let rep: Client;
let repId: string;
let lib: { outbox: typeof import("../../lib/alerts/outbox"); q: typeof import("../../db/queries/outbox"); db: typeof import("../../db/index"); schema: typeof import("../../db/tables") };
const saved = { DATABASE_PATH: process.env.DATABASE_PATH, DATABASE_URL: process.env.DATABASE_URL, SMTP_URL: process.env.SMTP_URL };

beforeAll(async () => {
  smtpPort = await freePort();
  await startSmtp();
  const smtpUrl = `smtp://ringback:secret@127.0.0.1:${smtpPort}`;
  server = await startServer({ env: { SMTP_URL: smtpUrl, ALERT_FROM: "Ringback Alerts <alerts@acme.test>", OUTBOX_POLL_MS: "100", WEBHOOK_RETRY_BASE_SECONDS: "0.2", WEBHOOK_TIMEOUT_SECONDS: "3" } });
  admin = await setUpAdmin(server.url, { addExample: false });
  runCli(["user:create", "--email", "rep@acme.test", "--password", "a long passphrase", "--name", "Rita Rep"], { DATABASE_PATH: server.dbPath });
  rep = await signIn(server.url, "rep@acme.test", "a long passphrase");
  repId = (await (await rep.fetch("/api/console/profile")).json()).user.id;

  // This process writes alerts' e-mails into the server's own database, as the visit pipeline will.
  process.env.DATABASE_PATH = server.dbPath;
  // On PostgreSQL (integration-pg) the server's database is a URL, and this process uses it too.
  process.env.DATABASE_URL = server.env.DATABASE_URL ?? "";
  process.env.SMTP_URL = smtpUrl;
  vi.resetModules();
  lib = { outbox: await import("../../lib/alerts/outbox"), q: await import("../../db/queries/outbox"), db: await import("../../db/index"), schema: await import("../../db/tables") };
});

afterAll(async () => {
  await lib?.db.closeDatabase();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await server?.stop();
  await stopSmtp();
});

const HOSTILE = `Rob "<img src=x onerror=alert(1)>" Mason & <script>alert(1)</script> is on his page now.`;
const alertOf = (message: string) => ({ id: `alr_${Math.random().toString(36).slice(2)}`, userId: repId, prospectId: null, kind: "visit.started", message, createdAt: Date.now() });

describe("e-mail alerts", () => {
  it("'Send me a test e-mail' reaches the signed-in rep, from ALERT_FROM", async () => {
    const res = await rep.fetch("/api/console/alerts/test-email", { method: "POST" });
    expect(res.status).toBe(202);
    const { deliveryId, to } = await res.json();
    expect(to).toBe("rep@acme.test");
    const mail = await waitFor("the test e-mail", mailFor(deliveryId));
    expect(mail.envelopeTo).toEqual(["rep@acme.test"]);
    expect(mail.headers.from).toBe("Ringback Alerts <alerts@acme.test>");
    expect(mail.headers.to).toBe("rep@acme.test");
    expect(mail.headers.subject).toBe("Test e-mail from Ringback: alerts reach you here.");
    expect(mail.text).toContain(`${server.url}/settings`);
    expect(mail.headers["message-id"]).toBe(`<${deliveryId}@ringback>`);
  });

  it("an alert arrives with the message as subject and in both parts; hostile text is inert in the HTML", async () => {
    const before = (await lib.db.getDb().select().from(lib.schema.outbox)).length;
    const link = `${server.url}/prospects/pro_123?x=<y>`;
    await lib.db.transaction(async () => lib.outbox.enqueueAlertEmail(alertOf(HOSTILE), link));
    const rows = await lib.db.getDb().select().from(lib.schema.outbox);
    expect(rows.length).toBe(before + 1);
    const row = rows[rows.length - 1];
    const mail = await waitFor("the alert e-mail", mailFor(row.id));
    expect(mail.envelopeTo).toEqual(["rep@acme.test"]);
    expect(mail.headers.from).toBe("Ringback Alerts <alerts@acme.test>");
    expect(mail.headers.subject).toBe(HOSTILE);
    expect(mail.text).toContain(HOSTILE);
    expect(mail.text).toContain(`${server.url}/prospects/pro_123`);
    expect(mail.html).toContain("Rob &quot;&lt;img src=x onerror=alert(1)&gt;&quot; Mason &amp; &lt;script&gt;alert(1)&lt;/script&gt; is on his page now.");
    expect(mail.html).not.toMatch(/<img|<script/i);
    expect(mail.html).toContain(`href="${server.url}/prospects/pro_123?x=%3Cy%3E"`);
  });

  it("a person's real visit e-mails the rep who owns the page, linking to the prospect in the console", async () => {
    // Links in e-mails need the public address (Settings → Workspace, or PUBLIC_BASE_URL).
    expect((await admin.fetch("/api/console/workspace", { method: "PATCH", json: { publicBaseUrl: server.url } })).status).toBe(200);
    const created = await rep.fetch("/api/console/prospects", { method: "POST", json: { firstName: "Vic", lastName: "Visitor", company: "Globex", phone: "+1 555 010 2077" } });
    expect(created.status).toBe(201);
    const vic = (await created.json()) as { id: string; slug: string };
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    const beacon = await fetch(server.url + "/api/collect", { method: "POST", headers: { "User-Agent": iphone, "Content-Type": "text/plain" }, body: JSON.stringify({ slug: vic.slug, type: "view", visibleMs: 2000 }) });
    expect(beacon.status).toBe(202);
    const mail = await waitFor("the alert e-mail for Vic's visit", () => inbox.find((m) => m.headers.subject?.startsWith("Vic Visitor")));
    expect(mail.envelopeTo).toEqual(["rep@acme.test"]);
    expect(mail.headers.subject).toBe("Vic Visitor (Globex) is on their page now. Call +1 555 010 2077");
    expect(mail.text).toContain(`Open in Ringback: ${server.url}/prospects/${vic.id}`);
  });

  it("a rep with e-mail alerts off gets nothing", async () => {
    const { db, schema, outbox } = lib;
    const { eq } = await import("drizzle-orm");
    await db.write((d) => d.update(schema.users).set({ emailAlerts: false }).where(eq(schema.users.id, repId)));
    try {
      const before = (await db.getDb().select().from(schema.outbox)).length;
      await outbox.enqueueAlertEmail(alertOf("Ann Lee is on her page now."), `${server.url}/`);
      await outbox.enqueueDigestEmail(repId, ["Ann Lee visited"], `${server.url}/`);
      expect((await db.getDb().select().from(schema.outbox)).length).toBe(before);
    } finally {
      await db.write((d) => d.update(schema.users).set({ emailAlerts: true }).where(eq(schema.users.id, repId)));
    }
  });

  it("SMTP down, then up: the e-mail is delivered once, after the failed tries", async () => {
    await stopSmtp();
    await lib.outbox.enqueueDigestEmail(repId, ["Rob Mason visited twice", "Ann Lee tapped Call"], `${server.url}/`);
    const rows = await lib.db.getDb().select().from(lib.schema.outbox);
    const id = rows[rows.length - 1].id;
    const failed = await waitFor("a failed try", async () => {
      const r = await lib.q.findOutboxRowById(id);
      return r && r.attempts >= 1 ? r : undefined;
    });
    expect(failed!.status).toBe("pending");
    expect(failed!.lastError).toBeTruthy();

    await startSmtp();
    const mail = await waitFor("the digest after SMTP came back", mailFor(id));
    await waitFor("delivered in the outbox", async () => (await lib.q.findOutboxRowById(id))?.status === "delivered");
    await new Promise((r) => setTimeout(r, 500));
    expect(inbox.filter((m) => m.headers["x-ringback-delivery"] === id)).toHaveLength(1);
    expect(mail.headers.subject).toBe("While you were away: 2 updates");
    expect(mail.text).toContain("- Ann Lee tapped Call");
    expect((await lib.q.listAttempts((await lib.q.findOutboxRowById(id))!.seq)).length).toBeGreaterThanOrEqual(2);
  });
});

describe("a campaign's e-mail touch", () => {
  it("'Send' mails the prospect through SMTP, the rep as Reply-To, merge fields and the page link filled in; the campaign moves on", async () => {
    const created = await rep.fetch("/api/console/prospects", { method: "POST", json: { firstName: "Erin", lastName: "Email", company: "Umbrella", email: "erin@umbrella.test" } });
    expect(created.status).toBe(201);
    const erin = (await created.json()) as { id: string; slug: string };
    const campaign = await rep.fetch("/api/console/campaigns", { method: "POST", json: { name: "Mail first", steps: [{ day: 1, kind: "email", subject: "An idea for {{company}}", body: "Hi {{firstName}} <b>,\n\nI made you a page." }, { day: 3, kind: "call" }] } });
    expect(campaign.status).toBe(201);
    const campaignId = (await campaign.json()).id as string;
    expect((await rep.fetch(`/api/console/campaigns/${campaignId}/enrolments`, { method: "POST", json: { prospectIds: [erin.id] } })).status).toBe(201);
    const { eq } = await import("drizzle-orm");
    const { campaignEnrolments } = lib.schema;
    const enrolment = (await lib.db.getDb().select().from(campaignEnrolments).where(eq(campaignEnrolments.prospectId, erin.id)))[0]!;
    // On a weekend day 1 is Monday: bring the touch to now, as Monday morning would.
    await lib.db.write((d) => d.update(campaignEnrolments).set({ nextDueAt: Math.min(enrolment.nextDueAt!, Date.now() - 60_000) }).where(eq(campaignEnrolments.id, enrolment.id)));

    const res = await rep.fetch(`/api/console/prospects/${erin.id}/campaign-email`, { method: "POST", json: { enrolmentId: enrolment.id, via: "smtp" } });
    expect(res.status).toBe(201);
    const { deliveryId } = await res.json();
    const mail = await waitFor("the campaign e-mail", mailFor(deliveryId));
    expect(mail.envelopeTo).toEqual(["erin@umbrella.test"]);
    expect(mail.headers["reply-to"]).toBe("rep@acme.test");
    expect(mail.headers.subject).toBe("An idea for Umbrella");
    expect(mail.text).toContain("Hi Erin <b>,");
    expect(mail.text).toMatch(new RegExp(`/${erin.slug}\\b`));
    expect(mail.html).toContain("Hi Erin &lt;b&gt;,");
    const after = (await lib.db.getDb().select().from(campaignEnrolments).where(eq(campaignEnrolments.id, enrolment.id)))[0]!;
    expect(after.stepIndex).toBe(1);
    // Made once: a second "Send" finds nothing due.
    expect((await rep.fetch(`/api/console/prospects/${erin.id}/campaign-email`, { method: "POST", json: { enrolmentId: enrolment.id, via: "smtp" } })).status).toBe(409);
  });
});
