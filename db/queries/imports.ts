/**
 * The statements a call-list import needs: everyone's contact keys (to find duplicates), a cheap
 * fingerprint of the prospects table (to tell whether a plan made outside the write transaction
 * still holds inside it), bulk inserts and updates.
 */
import { desc, eq, sql } from "drizzle-orm";
import { getDb, type Db } from "../index";
import { prospects } from "../schema";
import type { NewProspect, ProspectRow } from "./prospects";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type ProspectContact = Pick<ProspectRow, "id" | "ownerId" | "slug" | "firstName" | "lastName" | "company" | "email" | "phone" | "privateNote">;

/** Every prospect's contact keys and the fields an import may update. */
export function allProspectContacts(tx: Tx | Db = getDb()): ProspectContact[] {
  return tx
    .select({
      id: prospects.id,
      ownerId: prospects.ownerId,
      slug: prospects.slug,
      firstName: prospects.firstName,
      lastName: prospects.lastName,
      company: prospects.company,
      email: prospects.email,
      phone: prospects.phone,
      privateNote: prospects.privateNote,
    })
    .from(prospects)
    .all();
}

/**
 * Changes whenever a prospect is added, deleted or changed, or a slug is kept as a redirect: row
 * counts and the latest change time. Compared before and inside the write transaction.
 */
export function prospectsFingerprint(tx: Tx | Db = getDb()): string {
  const p = tx.get<{ n: number; latest: number | null }>(sql`SELECT count(*) AS n, max(updated_at) AS latest FROM prospects`);
  const s = tx.get<{ n: number; latest: number | null }>(sql`SELECT count(*) AS n, max(created_at) AS latest FROM prospect_slugs`);
  return `${p?.n}:${p?.latest}:${s?.n}:${s?.latest}`;
}

/** Inserts many prospects in statements of a few hundred rows (SQLite's variable limit). */
export function insertProspects(rows: NewProspect[], now: number, tx: Tx): void {
  const CHUNK = 200;
  for (let i = 0; i < rows.length; i += CHUNK) {
    tx.insert(prospects)
      .values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, createdAt: now, updatedAt: now })))
      .run();
  }
}

export type ContactChanges = Partial<Pick<ProspectRow, "firstName" | "lastName" | "company" | "email" | "phone" | "privateNote">>;

export function updateProspectContact(id: string, changes: ContactChanges, now: number, tx: Tx): void {
  tx.update(prospects).set({ ...changes, updatedAt: now }).where(eq(prospects.id, id)).run();
}

/** Prospects for an export, newest first: one rep's, or everyone's (ownerId undefined). */
export function prospectsForExport(ownerId: string | undefined): ProspectRow[] {
  const q = getDb().select().from(prospects);
  return (ownerId ? q.where(eq(prospects.ownerId, ownerId)) : q).orderBy(desc(prospects.createdAt), desc(prospects.id)).all();
}


/** Runs `fn` in one read transaction: every statement in it sees the same committed state. */
export function inReadTransaction<T>(fn: () => T): T {
  return getDb().transaction(() => fn(), { behavior: "deferred" });
}
