/**
 * The statements a call-list import needs: everyone's contact keys (to find duplicates), a cheap
 * fingerprint of the prospects table (to tell whether a plan made outside the write transaction
 * still holds inside it), bulk inserts and updates.
 */
import { desc, eq, sql } from "drizzle-orm";
import { getDb, transaction, write, type Db, sqlGet } from "../index";
import { prospects } from "../tables";
import type { NewProspect, ProspectRow } from "./prospects";

type Tx = Db;

export type ProspectContact = Pick<ProspectRow, "id" | "ownerId" | "slug" | "firstName" | "lastName" | "company" | "email" | "phone" | "privateNote">;

/** Every prospect's contact keys and the fields an import may update. */
export async function allProspectContacts(tx: Tx | Db = getDb()): Promise<ProspectContact[]> {
  return await tx
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
    .from(prospects);
}

/**
 * Changes whenever a prospect is added, deleted or changed, or a slug is kept as a redirect: row
 * counts and the latest change time. Compared before and inside the write transaction.
 */
export async function prospectsFingerprint(tx: Tx | Db = getDb()): Promise<string> {
  const p = await sqlGet<{ n: number; latest: number | null }>(sql`SELECT count(*) AS n, max(updated_at) AS latest FROM prospects`);
  const s = await sqlGet<{ n: number; latest: number | null }>(sql`SELECT count(*) AS n, max(created_at) AS latest FROM prospect_slugs`);
  return `${p?.n}:${p?.latest}:${s?.n}:${s?.latest}`;
}

/** Inserts many prospects in statements of a few hundred rows (SQLite's variable limit). */
export async function insertProspects(rows: NewProspect[], now: number, tx: Tx): Promise<void> {
  const CHUNK = 200;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx.insert(prospects)
      .values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, createdAt: now, updatedAt: now })));
  }
}

export type ContactChanges = Partial<Pick<ProspectRow, "firstName" | "lastName" | "company" | "email" | "phone" | "privateNote">>;

export async function updateProspectContact(id: string, changes: ContactChanges, now: number, tx: Tx): Promise<void> {
  await tx.update(prospects).set({ ...changes, updatedAt: now }).where(eq(prospects.id, id));
}

/** Prospects for an export, newest first: one rep's, or everyone's (ownerId undefined). */
export async function prospectsForExport(ownerId: string | undefined): Promise<ProspectRow[]> {
  const q = getDb().select().from(prospects);
  return await (ownerId ? q.where(eq(prospects.ownerId, ownerId)) : q).orderBy(desc(prospects.createdAt), desc(prospects.id));
}


/** Runs `fn` in one read transaction: every statement in it sees the same committed state. */
export async function inReadTransaction<T>(fn: () => Promise<T>): Promise<T> {
  return transaction(() => fn(), "read");
}
