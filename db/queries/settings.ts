import { eq } from "drizzle-orm";
import { getDb } from "../index";
import { workspaceSettings } from "../schema";

export type WorkspaceSettings = typeof workspaceSettings.$inferSelect;
export type WorkspaceChanges = Partial<Omit<WorkspaceSettings, "id" | "updatedAt">>;

export function getWorkspaceSettings(): WorkspaceSettings | undefined {
  return getDb().select().from(workspaceSettings).where(eq(workspaceSettings.id, 1)).get();
}

/** Creates the single settings row or updates it. */
export function saveWorkspaceSettings(changes: WorkspaceChanges & { companyName?: string }, now = Date.now()): WorkspaceSettings {
  const db = getDb();
  const existing = getWorkspaceSettings();
  if (!existing) {
    return db
      .insert(workspaceSettings)
      .values({ companyName: "Ringback", ...changes, id: 1, updatedAt: now })
      .returning()
      .get();
  }
  return db.update(workspaceSettings).set({ ...changes, updatedAt: now }).where(eq(workspaceSettings.id, 1)).returning().get();
}
