/** Plays (page templates) and their versions: every statement about them. */
import { and, asc, desc, eq, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb, transaction } from "../index";
import { plays, playVersions, prospects, visits } from "../tables";

export type PlayMetaRow = typeof plays.$inferSelect;
export type PlayVersionRow = typeof playVersions.$inferSelect;
export type PlayContent = Pick<PlayVersionRow, "message" | "blocks" | "ctas" | "promiseDays">;
/** A play with its current version's content and how many pages follow it. */
export type PlayRow = PlayMetaRow & PlayContent & { pages: number };

const pagesUsing = sql<number>`(SELECT count(*) FROM ${prospects} WHERE ${prospects.playId} = ${plays.id})`.mapWith(Number);

const selection = {
  id: plays.id,
  ownerId: plays.ownerId,
  name: plays.name,
  shared: plays.shared,
  version: plays.version,
  archivedAt: plays.archivedAt,
  createdAt: plays.createdAt,
  updatedAt: plays.updatedAt,
  message: playVersions.message,
  blocks: playVersions.blocks,
  ctas: playVersions.ctas,
  promiseDays: playVersions.promiseDays,
  pages: pagesUsing,
};

function withContent() {
  return getDb()
    .select(selection)
    .from(plays)
    .innerJoin(playVersions, and(eq(playVersions.playId, plays.id), eq(playVersions.version, plays.version)));
}

/** A new play and its version 1, in one transaction. */
export async function insertPlay(meta: { id: string; ownerId: string; name: string; shared: boolean }, content: PlayContent, now = Date.now()): Promise<PlayRow> {
  await transaction(async (tx) => {
    await tx.insert(plays).values({ ...meta, version: 1, createdAt: now, updatedAt: now });
    await tx.insert(playVersions).values({ playId: meta.id, version: 1, ...content, createdBy: meta.ownerId, createdAt: now });
  });
  return (await findPlayById(meta.id))!;
}

export async function findPlayById(id: string): Promise<PlayRow | undefined> {
  return (await withContent().where(eq(plays.id, id)))[0];
}

export async function findPlayVersion(playId: string, version: number): Promise<PlayVersionRow | undefined> {
  return (await getDb()
    .select()
    .from(playVersions)
    .where(and(eq(playVersions.playId, playId), eq(playVersions.version, version))).limit(1))[0];
}

export type PlayListFilter = {
  /** Only plays this user may see (shared ones and their own); undefined: every play (admins). */
  viewerId?: string;
  archived: "active" | "archived" | "all";
};

function conditions(filter: PlayListFilter): SQL[] {
  const out: SQL[] = [];
  if (filter.viewerId) out.push(or(eq(plays.shared, true), eq(plays.ownerId, filter.viewerId))!);
  if (filter.archived === "active") out.push(isNull(plays.archivedAt));
  if (filter.archived === "archived") out.push(isNotNull(plays.archivedAt));
  return out;
}

/** One page of plays, newest first, after the (createdAt, id) position of `after`. */
export async function listPlaysPage(filter: PlayListFilter, after: { createdAt: number; id: string } | undefined, limit: number): Promise<PlayRow[]> {
  const where = conditions(filter);
  if (after) where.push(or(lt(plays.createdAt, after.createdAt), and(eq(plays.createdAt, after.createdAt), lt(plays.id, after.id)))!);
  return await withContent()
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(plays.createdAt), desc(plays.id))
    .limit(limit);
}

/** Every play matching the filter, by name (the console's pickers; a workspace has tens, not thousands). */
export async function listPlaysByName(filter: PlayListFilter, limit = 500): Promise<PlayRow[]> {
  const where = conditions(filter);
  return await withContent()
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(plays.name), asc(plays.id))
    .limit(limit);
}

/**
 * Changes a play. New content becomes a new version (the old one is kept for the visits that saw
 * it); name, sharing and archiving change the play itself.
 */
export async function updatePlayRow(id: string, meta: Partial<Pick<PlayMetaRow, "name" | "shared" | "archivedAt">>, content: PlayContent | undefined, userId: string, now = Date.now()): Promise<PlayRow | undefined> {
  const done = await transaction(
    async (tx) => {
      const current = (await tx.select({ version: plays.version }).from(plays).where(eq(plays.id, id)).limit(1))[0];
      if (!current) return false;
      let version = current.version;
      if (content) {
        version += 1;
        await tx.insert(playVersions).values({ playId: id, version, ...content, createdBy: userId, createdAt: now });
      }
      await tx.update(plays)
        .set({ ...meta, version, updatedAt: now })
        .where(eq(plays.id, id));
      return true;
    });
  return done ? (await findPlayById(id)) : undefined;
}

/** Deletes a play nothing refers to; a play some page follows, or some visit saw, is "in_use". */
export async function deletePlayRow(id: string): Promise<"deleted" | "in_use" | "missing"> {
  return transaction(
    async (tx) => {
      if (!(await tx.select({ id: plays.id }).from(plays).where(eq(plays.id, id)).limit(1))[0]) return "missing";
      const used =
        (await tx.select({ id: prospects.id }).from(prospects).where(eq(prospects.playId, id)).limit(1))[0] ??
        (await tx.select({ id: visits.id }).from(visits).where(eq(visits.playId, id)).limit(1))[0];
      if (used) return "in_use";
      await tx.delete(plays).where(eq(plays.id, id));
      return "deleted";
    });
}
