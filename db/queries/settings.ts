import { eq } from "drizzle-orm";
import { getDb, transaction } from "../index";
import { workspaceSettings } from "../tables";

export type WorkspaceSettings = typeof workspaceSettings.$inferSelect;
export type WorkspaceChanges = Partial<Omit<WorkspaceSettings, "id" | "updatedAt">>;

export async function getWorkspaceSettings(): Promise<WorkspaceSettings | undefined> {
  return (await getDb().select().from(workspaceSettings).where(eq(workspaceSettings.id, 1)).limit(1))[0];
}

/** Creates the single settings row or updates it. */
export async function saveWorkspaceSettings(changes: WorkspaceChanges & { companyName?: string }, now = Date.now()): Promise<WorkspaceSettings> {
  return transaction(async (db) => {
  const existing = await getWorkspaceSettings();
  if (!existing) {
    return (await db
      .insert(workspaceSettings)
      .values({ companyName: "Ringback", ...changes, id: 1, updatedAt: now })
      .returning())[0];
  }
  return (await db.update(workspaceSettings).set({ ...changes, updatedAt: now }).where(eq(workspaceSettings.id, 1)).returning())[0];
  });
}
