/** The message log: voicemails left, a prospect's or a rep's, searched; and "Who's calling?" lookups. */
import { and, desc, eq, gt, gte, inArray, like, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb, write } from "../index";
import { likeAnyCase } from "../sql";
import { plays, prospects, users, visits, voicemails } from "../tables";
import type { ProspectRow } from "./prospects";

/** A message-log row as lib/ sees it (the funnel's settled facts are db/queries/funnel.ts's own). */
export type VoicemailRow = Omit<typeof voicemails.$inferSelect, "settledWindows" | "settledVisitedAt" | "settledCallReturned" | "settledMeeting">;
export type VoicemailListRow = VoicemailRow & { userName: string };
export type NewVoicemail = Omit<typeof voicemails.$inferInsert, "createdAt">;
export type VoicemailCursor = { leftAt: number; id: string };

/** The play a prospect's page shows now, and its current version (null: none). */
export async function currentPlayOf(prospectId: string): Promise<{ playId: string; playVersion: number } | null> {
  const row = (await getDb()
    .select({ playId: plays.id, playVersion: plays.version })
    .from(prospects)
    .innerJoin(plays, eq(plays.id, prospects.playId))
    .where(eq(prospects.id, prospectId)).limit(1))[0];
  return row ?? null;
}

export async function insertVoicemail(row: NewVoicemail): Promise<VoicemailRow> {
  return (await write((db) => db.insert(voicemails).values(row).returning()))[0];
}

export async function findVoicemail(id: string): Promise<VoicemailRow | undefined> {
  return (await getDb().select().from(voicemails).where(eq(voicemails.id, id)).limit(1))[0];
}

/** The entries of a prospect that have a kept recording. */
export async function recordingsOfProspect(prospectId: string): Promise<{ id: string; recording: string }[]> {
  return await getDb()
    .select({ id: voicemails.id, recording: sql<string>`${voicemails.recording}` })
    .from(voicemails)
    .where(and(eq(voicemails.prospectId, prospectId), sql`${voicemails.recording} is not null`));
}

export async function setVoicemailRecording(id: string, format: string | null): Promise<void> {
  await write((db) => db.update(voicemails).set({ recording: format }).where(eq(voicemails.id, id)));
}

const before = (c: VoicemailCursor | undefined) => (c ? or(lt(voicemails.leftAt, c.leftAt), and(eq(voicemails.leftAt, c.leftAt), lt(voicemails.id, c.id))) : undefined);

/** A prospect's voicemails, newest first, after the cursor. */
export async function listProspectVoicemails(prospectId: string, after: VoicemailCursor | undefined, limit: number): Promise<VoicemailListRow[]> {
  return await getDb()
    .select({ ...voicemailColumns, userName: users.name })
    .from(voicemails)
    .innerJoin(users, eq(users.id, voicemails.userId))
    .where(and(eq(voicemails.prospectId, prospectId), before(after)))
    .orderBy(desc(voicemails.leftAt), desc(voicemails.id))
    .limit(limit);
}

const voicemailColumns = {
  id: voicemails.id,
  prospectId: voicemails.prospectId,
  userId: voicemails.userId,
  style: voicemails.style,
  script: voicemails.script,
  leftAt: voicemails.leftAt,
  durationSeconds: voicemails.durationSeconds,
  outcome: voicemails.outcome,
  scriptId: voicemails.scriptId,
  text: voicemails.text,
  playId: voicemails.playId,
  playVersion: voicemails.playVersion,
  note: voicemails.note,
  recording: voicemails.recording,
  experimentId: voicemails.experimentId,
  campaignEnrolmentId: voicemails.campaignEnrolmentId,
  campaignStep: voicemails.campaignStep,
  createdAt: voicemails.createdAt,
};

export type MessageLogFilter = {
  /** Only voicemails for this rep's prospects; undefined: everyone's (admins). */
  ownerId: string | undefined;
  /** Words, a name or a company: matched anywhere (LIKE, case-insensitive for ASCII). */
  words?: string;
  /** A phone number in E.164: matched exactly (indexed). */
  phone?: string;
  from?: number;
  to?: number;
  scriptId?: string;
};

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The message log: voicemails with their prospect, newest first, filtered. */
export async function searchMessageLog(f: MessageLogFilter, after: VoicemailCursor | undefined, limit: number): Promise<(VoicemailListRow & { prospect: ProspectRow })[]> {
  const conds: (SQL | undefined)[] = [f.ownerId ? eq(prospects.ownerId, f.ownerId) : undefined, before(after)];
  if (f.from !== undefined) conds.push(gte(voicemails.leftAt, f.from));
  if (f.to !== undefined) conds.push(lt(voicemails.leftAt, f.to));
  if (f.scriptId) conds.push(eq(voicemails.scriptId, f.scriptId));
  const textMatch = (() => {
    if (!f.words) return undefined;
    const pat = `%${escapeLike(f.words)}%`;
    const l = (col: Parameters<typeof like>[0]) => likeAnyCase(col, pat);
    return or(l(prospects.firstName), l(prospects.lastName), l(sql`${prospects.firstName} || ' ' || ${prospects.lastName}`), l(prospects.company), l(voicemails.text), l(voicemails.note));
  })();
  if (f.phone && textMatch) conds.push(or(eq(prospects.phone, f.phone), textMatch));
  else if (f.phone) conds.push(eq(prospects.phone, f.phone));
  else if (textMatch) conds.push(textMatch);
  return await getDb()
    .select({ ...voicemailColumns, userName: users.name, prospect: prospects })
    .from(voicemails)
    .innerJoin(prospects, eq(prospects.id, voicemails.prospectId))
    .innerJoin(users, eq(users.id, voicemails.userId))
    .where(and(...conds))
    .orderBy(desc(voicemails.leftAt), desc(voicemails.id))
    .limit(limit);
}

/** Prospects with this number (E.164), own or everyone's — an indexed equality on prospects.phone. */
export async function prospectsByPhone(phone: string, ownerId: string | undefined, limit = 20): Promise<ProspectRow[]> {
  return await getDb()
    .select()
    .from(prospects)
    .where(and(eq(prospects.phone, phone), ownerId ? eq(prospects.ownerId, ownerId) : undefined))
    .orderBy(desc(prospects.createdAt))
    .limit(limit);
}

/** Prospects whose first name, last name, "first last" or company starts with the words. */
export async function prospectsByNamePrefix(prefix: string, ownerId: string | undefined, limit = 10): Promise<ProspectRow[]> {
  const pat = `${escapeLike(prefix)}%`;
  const l = (col: Parameters<typeof like>[0]) => likeAnyCase(col, pat);
  return await getDb()
    .select()
    .from(prospects)
    .where(and(ownerId ? eq(prospects.ownerId, ownerId) : undefined, or(l(prospects.firstName), l(prospects.lastName), l(sql`${prospects.firstName} || ' ' || ${prospects.lastName}`), l(prospects.company))))
    .orderBy(prospects.firstName, prospects.lastName)
    .limit(limit);
}

/** The last voicemail left for each of these prospects, with its words. */
export async function lastVoicemailsWithText(prospectIds: string[]): Promise<Map<string, VoicemailRow>> {
  const out = new Map<string, VoicemailRow>();
  if (prospectIds.length === 0) return out;
  const rows = await getDb().select().from(voicemails).where(inArray(voicemails.prospectId, prospectIds)).orderBy(desc(voicemails.leftAt), desc(voicemails.id));
  for (const r of rows) if (!out.has(r.prospectId)) out.set(r.prospectId, r);
  return out;
}

/** A prospect's human visits after a moment (newest first, at most `limit`), and the newest human visit of all. */
export async function humanVisitsSince(prospectId: string, since: number, limit = 20): Promise<{ ids: string[]; count: number; lastAt: number | null }> {
  const db = getDb();
  const last = (await db.select({ at: sql<number | null>`max(${visits.startedAt})` }).from(visits).where(and(eq(visits.prospectId, prospectId), eq(visits.kind, "human"))).limit(1))[0];
  const recent = await db
    .select({ id: visits.id })
    .from(visits)
    .where(and(eq(visits.prospectId, prospectId), eq(visits.kind, "human"), gt(visits.startedAt, since)))
    .orderBy(desc(visits.startedAt))
    .limit(limit);
  const count = (await db.select({ n: sql<number>`count(*)` }).from(visits).where(and(eq(visits.prospectId, prospectId), eq(visits.kind, "human"), gt(visits.startedAt, since))).limit(1))[0];
  return { ids: recent.map((r) => r.id), count: Number(count?.n ?? 0), lastAt: last?.at ?? null };
}

