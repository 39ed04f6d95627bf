import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { getDb, type Db } from "../index";
import { prospects, prospectSlugs, users } from "../schema";
import type { UserRow } from "./users";

export type ProspectRow = typeof prospects.$inferSelect;
export type NewProspect = Omit<typeof prospects.$inferInsert, "updatedAt" | "createdAt">;
export type ProspectChanges = Partial<Omit<ProspectRow, "id" | "ownerId" | "createdAt" | "updatedAt">>;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Runs `fn` in one IMMEDIATE transaction: the write lock is taken first, so a slug checked free
 * inside it is still free when inserted, whatever other requests do meanwhile.
 */
export function inWriteTransaction<T>(fn: (tx: Tx) => T): T {
  return getDb().transaction(fn, { behavior: "immediate" });
}

export function insertProspect(row: NewProspect, now = Date.now(), tx: Tx | Db = getDb()): ProspectRow {
  return tx
    .insert(prospects)
    .values({ ...row, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

/** Whether a slug is in use, now or as a prospect's earlier address. */
export function slugExists(slug: string, tx: Tx | Db = getDb()): boolean {
  if (tx.select({ id: prospects.id }).from(prospects).where(eq(prospects.slug, slug)).get()) return true;
  return tx.select({ slug: prospectSlugs.slug }).from(prospectSlugs).where(eq(prospectSlugs.slug, slug)).get() !== undefined;
}

/** The prospect behind a current slug, with the rep who owns it. */
export function findProspectBySlug(slug: string): { prospect: ProspectRow; owner: UserRow } | undefined {
  return getDb()
    .select({ prospect: prospects, owner: users })
    .from(prospects)
    .innerJoin(users, eq(users.id, prospects.ownerId))
    .where(eq(prospects.slug, slug))
    .get();
}

export function findProspectById(id: string): ProspectRow | undefined {
  return getDb().select().from(prospects).where(eq(prospects.id, id)).get();
}

/** A rep's own prospects, newest first; all prospects when ownerId is undefined (admins). */
export function listProspects(ownerId: string | undefined, limit = 100): ProspectRow[] {
  const q = getDb().select().from(prospects);
  return (ownerId ? q.where(eq(prospects.ownerId, ownerId)) : q).orderBy(desc(prospects.createdAt), desc(prospects.id)).limit(limit).all();
}

/** One page of prospects, newest first, after the (createdAt, id) position of `after`. */
export function listProspectsPage(ownerId: string | undefined, after: { createdAt: number; id: string } | undefined, limit: number): ProspectRow[] {
  const conditions = [];
  if (ownerId) conditions.push(eq(prospects.ownerId, ownerId));
  if (after) conditions.push(or(lt(prospects.createdAt, after.createdAt), and(eq(prospects.createdAt, after.createdAt), lt(prospects.id, after.id))));
  return getDb()
    .select()
    .from(prospects)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(prospects.createdAt), desc(prospects.id))
    .limit(limit)
    .all();
}

/** Updates a prospect; when its slug changes, the old one is kept as a redirect. */
export function updateProspectRow(id: string, changes: ProspectChanges, now = Date.now(), tx: Tx | Db = getDb()): ProspectRow | undefined {
  const current = tx.select().from(prospects).where(eq(prospects.id, id)).get();
  if (!current) return undefined;
  if (changes.slug && changes.slug !== current.slug) {
    // Taking back one of its own old slugs: it is current again, not an alias.
    tx.delete(prospectSlugs).where(and(eq(prospectSlugs.slug, changes.slug), eq(prospectSlugs.prospectId, id))).run();
    tx.insert(prospectSlugs).values({ slug: current.slug, prospectId: id, createdAt: now }).run();
  }
  return tx.update(prospects).set({ ...changes, updatedAt: now }).where(eq(prospects.id, id)).returning().get();
}

export function deleteProspectRow(id: string): boolean {
  return getDb().delete(prospects).where(eq(prospects.id, id)).run().changes > 0;
}

/** Every slug that leads somewhere — current and earlier — with the current slug it leads to. */
export function allSlugTargets(): { slug: string; prospectId: string; canonical: string }[] {
  const db = getDb();
  const current = db.select({ slug: prospects.slug, prospectId: prospects.id, canonical: prospects.slug }).from(prospects).all();
  const earlier = db
    .select({ slug: prospectSlugs.slug, prospectId: prospectSlugs.prospectId, canonical: prospects.slug })
    .from(prospectSlugs)
    .innerJoin(prospects, eq(prospects.id, prospectSlugs.prospectId))
    .all();
  return [...current, ...earlier];
}

/** Changes whenever another connection commits (SQLite's data_version): a cheap staleness check for caches. */
export function externalDataVersion(): number {
  return Number(getDb().get<{ data_version: number }>(sql`PRAGMA data_version`)?.data_version ?? 0);
}
