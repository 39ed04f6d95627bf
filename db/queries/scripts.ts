/** Voicemail scripts: every statement about them. */
import { and, asc, desc, eq, isNotNull, isNull, lt, or, type SQL } from "drizzle-orm";
import { getDb, rowsChanged, write } from "../index";
import { scripts, voicemails } from "../tables";

export type ScriptRow = typeof scripts.$inferSelect;
export type NewScript = Pick<ScriptRow, "id" | "ownerId" | "name" | "style" | "body" | "shared">;

export async function insertScript(s: NewScript, now = Date.now()): Promise<ScriptRow> {
  return (await write((db) => db
    .insert(scripts)
    .values({ ...s, createdAt: now, updatedAt: now })
    .returning()))[0];
}

export async function findScriptById(id: string): Promise<ScriptRow | undefined> {
  return (await getDb().select().from(scripts).where(eq(scripts.id, id)).limit(1))[0];
}

export type ScriptListFilter = {
  /** Only scripts this user may see (shared ones and their own); undefined: every script (admins). */
  viewerId?: string;
  archived: "active" | "archived" | "all";
};

function conditions(filter: ScriptListFilter): SQL[] {
  const out: SQL[] = [];
  if (filter.viewerId) out.push(or(eq(scripts.shared, true), eq(scripts.ownerId, filter.viewerId))!);
  if (filter.archived === "active") out.push(isNull(scripts.archivedAt));
  if (filter.archived === "archived") out.push(isNotNull(scripts.archivedAt));
  return out;
}

/** One page of scripts, newest first, after the (createdAt, id) position of `after`. */
export async function listScriptsPage(filter: ScriptListFilter, after: { createdAt: number; id: string } | undefined, limit: number): Promise<ScriptRow[]> {
  const where = conditions(filter);
  if (after) where.push(or(lt(scripts.createdAt, after.createdAt), and(eq(scripts.createdAt, after.createdAt), lt(scripts.id, after.id)))!);
  return await getDb()
    .select()
    .from(scripts)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(scripts.createdAt), desc(scripts.id))
    .limit(limit);
}

/** Every script matching the filter, by name (the console's list; a workspace has tens, not thousands). */
export async function listScriptsByName(filter: ScriptListFilter, limit = 500): Promise<ScriptRow[]> {
  const where = conditions(filter);
  return await getDb()
    .select()
    .from(scripts)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(scripts.name), asc(scripts.id))
    .limit(limit);
}

export async function updateScriptRow(id: string, changes: Partial<Pick<ScriptRow, "name" | "style" | "body" | "shared" | "archivedAt">>, now = Date.now()): Promise<ScriptRow | undefined> {
  return (await write((db) => db
    .update(scripts)
    .set({ ...changes, updatedAt: now })
    .where(eq(scripts.id, id))
    .returning()))[0];
}

export async function deleteScriptRow(id: string): Promise<boolean> {
  return rowsChanged(await write((db) => db.delete(scripts).where(eq(scripts.id, id)))) > 0;
}

/** The script id of the rep's most recently logged voicemail that followed one, if any. */
export async function lastScriptIdUsedBy(userId: string): Promise<string | undefined> {
  return (await getDb()
    .select({ scriptId: voicemails.scriptId })
    .from(voicemails)
    .where(and(eq(voicemails.userId, userId), isNotNull(voicemails.scriptId)))
    .orderBy(desc(voicemails.leftAt))
    .limit(1))[0]?.scriptId ?? undefined;
}
