/** Plays (page templates) and their versions: every statement about them. */
import { and, asc, desc, eq, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "../index";
import { plays, playVersions, prospects, visits } from "../schema";

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
export function insertPlay(meta: { id: string; ownerId: string; name: string; shared: boolean }, content: PlayContent, now = Date.now()): PlayRow {
  const db = getDb();
  db.transaction((tx) => {
    tx.insert(plays).values({ ...meta, version: 1, createdAt: now, updatedAt: now }).run();
    tx.insert(playVersions).values({ playId: meta.id, version: 1, ...content, createdBy: meta.ownerId, createdAt: now }).run();
  });
  return findPlayById(meta.id)!;
}

export function findPlayById(id: string): PlayRow | undefined {
  return withContent().where(eq(plays.id, id)).get();
}

export function findPlayVersion(playId: string, version: number): PlayVersionRow | undefined {
  return getDb()
    .select()
    .from(playVersions)
    .where(and(eq(playVersions.playId, playId), eq(playVersions.version, version)))
    .get();
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
export function listPlaysPage(filter: PlayListFilter, after: { createdAt: number; id: string } | undefined, limit: number): PlayRow[] {
  const where = conditions(filter);
  if (after) where.push(or(lt(plays.createdAt, after.createdAt), and(eq(plays.createdAt, after.createdAt), lt(plays.id, after.id)))!);
  return withContent()
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(plays.createdAt), desc(plays.id))
    .limit(limit)
    .all();
}

/** Every play matching the filter, by name (the console's pickers; a workspace has tens, not thousands). */
export function listPlaysByName(filter: PlayListFilter, limit = 500): PlayRow[] {
  const where = conditions(filter);
  return withContent()
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(plays.name), asc(plays.id))
    .limit(limit)
    .all();
}

/**
 * Changes a play. New content becomes a new version (the old one is kept for the visits that saw
 * it); name, sharing and archiving change the play itself.
 */
export function updatePlayRow(id: string, meta: Partial<Pick<PlayMetaRow, "name" | "shared" | "archivedAt">>, content: PlayContent | undefined, userId: string, now = Date.now()): PlayRow | undefined {
  const db = getDb();
  const done = db.transaction(
    (tx) => {
      const current = tx.select({ version: plays.version }).from(plays).where(eq(plays.id, id)).get();
      if (!current) return false;
      let version = current.version;
      if (content) {
        version += 1;
        tx.insert(playVersions).values({ playId: id, version, ...content, createdBy: userId, createdAt: now }).run();
      }
      tx.update(plays)
        .set({ ...meta, version, updatedAt: now })
        .where(eq(plays.id, id))
        .run();
      return true;
    },
    { behavior: "immediate" },
  );
  return done ? findPlayById(id) : undefined;
}

/** Deletes a play nothing refers to; a play some page follows, or some visit saw, is "in_use". */
export function deletePlayRow(id: string): "deleted" | "in_use" | "missing" {
  const db = getDb();
  return db.transaction(
    (tx) => {
      if (!tx.select({ id: plays.id }).from(plays).where(eq(plays.id, id)).get()) return "missing";
      const used =
        tx.select({ id: prospects.id }).from(prospects).where(eq(prospects.playId, id)).limit(1).get() ??
        tx.select({ id: visits.id }).from(visits).where(eq(visits.playId, id)).limit(1).get();
      if (used) return "in_use";
      tx.delete(plays).where(eq(plays.id, id)).run();
      return "deleted";
    },
    { behavior: "immediate" },
  );
}
