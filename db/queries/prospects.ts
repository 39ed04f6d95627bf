import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { getDb, rowsChanged, transaction, write, type Db, externalChangeVersion } from "../index";
import { prospects, prospectSlugs, users } from "../tables";
import type { UserRow } from "./users";

export type ProspectRow = typeof prospects.$inferSelect;
export type NewProspect = Omit<typeof prospects.$inferInsert, "updatedAt" | "createdAt">;
export type ProspectChanges = Partial<Omit<ProspectRow, "id" | "ownerId" | "createdAt" | "updatedAt">>;
type Tx = Db;

/**
 * Runs `fn` in one IMMEDIATE transaction: the write lock is taken first, so a slug checked free
 * inside it is still free when inserted, whatever other requests do meanwhile.
 */
export async function inWriteTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return transaction(fn);
}

export async function insertProspect(row: NewProspect, now = Date.now()): Promise<ProspectRow> {
  return (await write((db) => db.insert(prospects).values({ ...row, createdAt: now, updatedAt: now }).returning()))[0];
}

/** Whether a slug is in use, now or as a prospect's earlier address. */
export async function slugExists(slug: string, tx: Tx | Db = getDb()): Promise<boolean> {
  if ((await tx.select({ id: prospects.id }).from(prospects).where(eq(prospects.slug, slug)).limit(1))[0]) return true;
  return (await tx.select({ slug: prospectSlugs.slug }).from(prospectSlugs).where(eq(prospectSlugs.slug, slug)).limit(1))[0] !== undefined;
}

/** Which of these slugs are in use, now or as a prospect's earlier address (with whose). */
export async function existingSlugs(slugs: string[]): Promise<{ slug: string; prospectId: string }[]> {
  if (slugs.length === 0) return [];
  const db = getDb();
  const current = await db.select({ slug: prospects.slug, prospectId: prospects.id }).from(prospects).where(inArray(prospects.slug, slugs));
  const earlier = await db.select({ slug: prospectSlugs.slug, prospectId: prospectSlugs.prospectId }).from(prospectSlugs).where(inArray(prospectSlugs.slug, slugs));
  return [...current, ...earlier];
}

/** The prospect behind a current slug, with the rep who owns it. */
export async function findProspectBySlug(slug: string): Promise<{ prospect: ProspectRow; owner: UserRow } | undefined> {
  return (await getDb()
    .select({ prospect: prospects, owner: users })
    .from(prospects)
    .innerJoin(users, eq(users.id, prospects.ownerId))
    .where(eq(prospects.slug, slug)).limit(1))[0];
}

export async function findProspectById(id: string): Promise<ProspectRow | undefined> {
  return (await getDb().select().from(prospects).where(eq(prospects.id, id)).limit(1))[0];
}

/** A rep's own prospects, newest first; all prospects when ownerId is undefined (admins). */
export async function listProspects(ownerId: string | undefined, limit = 100): Promise<ProspectRow[]> {
  const q = getDb().select().from(prospects);
  return await (ownerId ? q.where(eq(prospects.ownerId, ownerId)) : q).orderBy(desc(prospects.createdAt), desc(prospects.id)).limit(limit);
}

/** One page of prospects, newest first, after the (createdAt, id) position of `after`. */
export async function listProspectsPage(ownerId: string | undefined, after: { createdAt: number; id: string } | undefined, limit: number): Promise<ProspectRow[]> {
  const conditions = [];
  if (ownerId) conditions.push(eq(prospects.ownerId, ownerId));
  if (after) conditions.push(or(lt(prospects.createdAt, after.createdAt), and(eq(prospects.createdAt, after.createdAt), lt(prospects.id, after.id))));
  return await getDb()
    .select()
    .from(prospects)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(prospects.createdAt), desc(prospects.id))
    .limit(limit);
}

/** Updates a prospect; when its slug changes, the old one is kept as a redirect. */
export async function updateProspectRow(id: string, changes: ProspectChanges, now = Date.now()): Promise<ProspectRow | undefined> {
  return transaction((tx) => updateInTransaction(tx, id, changes, now));
}

async function updateInTransaction(tx: Db, id: string, changes: ProspectChanges, now: number): Promise<ProspectRow | undefined> {
  const current = (await tx.select().from(prospects).where(eq(prospects.id, id)).limit(1))[0];
  if (!current) return undefined;
  if (changes.slug && changes.slug !== current.slug) {
    // Taking back one of its own old slugs: it is current again, not an alias.
    await tx.delete(prospectSlugs).where(and(eq(prospectSlugs.slug, changes.slug), eq(prospectSlugs.prospectId, id)));
    await tx.insert(prospectSlugs).values({ slug: current.slug, prospectId: id, createdAt: now });
  }
  return (await tx.update(prospects).set({ ...changes, updatedAt: now }).where(eq(prospects.id, id)).returning())[0];
}

export async function deleteProspectRow(id: string): Promise<boolean> {
  return rowsChanged(await write((db) => db.delete(prospects).where(eq(prospects.id, id)))) > 0;
}

/** Every slug that leads somewhere — current and earlier — with the current slug it leads to. */
export async function allSlugTargets(): Promise<{ slug: string; prospectId: string; canonical: string }[]> {
  const db = getDb();
  const current = await db.select({ slug: prospects.slug, prospectId: prospects.id, canonical: prospects.slug }).from(prospects);
  const earlier = await db
    .select({ slug: prospectSlugs.slug, prospectId: prospectSlugs.prospectId, canonical: prospects.slug })
    .from(prospectSlugs)
    .innerJoin(prospects, eq(prospects.id, prospectSlugs.prospectId));
  return [...current, ...earlier];
}

/** Changes whenever another connection commits (SQLite's data_version): a cheap staleness check for caches. */
export function externalDataVersion(): number {
  return externalChangeVersion();
}
