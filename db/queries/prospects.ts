import { desc, eq } from "drizzle-orm";
import { getDb } from "../index";
import { prospects, users } from "../schema";
import type { UserRow } from "./users";

export type ProspectRow = typeof prospects.$inferSelect;

export function insertProspect(row: Omit<typeof prospects.$inferInsert, "updatedAt" | "createdAt">, now = Date.now()): ProspectRow {
  return getDb()
    .insert(prospects)
    .values({ ...row, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

export function slugExists(slug: string): boolean {
  return getDb().select({ id: prospects.id }).from(prospects).where(eq(prospects.slug, slug)).get() !== undefined;
}

/** The prospect behind a public slug, with the rep who owns it. */
export function findProspectBySlug(slug: string): { prospect: ProspectRow; owner: UserRow } | undefined {
  return getDb()
    .select({ prospect: prospects, owner: users })
    .from(prospects)
    .innerJoin(users, eq(users.id, prospects.ownerId))
    .where(eq(prospects.slug, slug))
    .get();
}

/** A rep's own prospects, newest first; all prospects when ownerId is undefined (admins). */
export function listProspects(ownerId: string | undefined, limit = 100): ProspectRow[] {
  const q = getDb().select().from(prospects);
  return (ownerId ? q.where(eq(prospects.ownerId, ownerId)) : q).orderBy(desc(prospects.createdAt)).limit(limit).all();
}
