/** Experiments on the voicemail funnel: every statement about them, their assignments and their messages. */
import { and, asc, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { getDb, rowsChanged, transaction, write } from "../index";
import { experimentAssignments, experiments, prospects, users, voicemails, workspaceSettings } from "../tables";

export type ExperimentRow = typeof experiments.$inferSelect;
export type NewExperiment = Omit<ExperimentRow, "createdAt" | "updatedAt" | "stoppedAt" | "winnerArmId">;
export type AssignmentRow = typeof experimentAssignments.$inferSelect;

export async function insertExperiment(row: NewExperiment, now = Date.now()): Promise<ExperimentRow> {
  return (await write((db) => db
    .insert(experiments)
    .values({ ...row, createdAt: now, updatedAt: now })
    .returning()))[0];
}

export async function findExperimentById(id: string): Promise<ExperimentRow | undefined> {
  return (await getDb().select().from(experiments).where(eq(experiments.id, id)).limit(1))[0];
}

/** Experiments running at `now` (started, not stopped), oldest first: a handful at most. */
export async function runningExperiments(now: number): Promise<ExperimentRow[]> {
  return await getDb()
    .select()
    .from(experiments)
    .where(and(isNull(experiments.stoppedAt), lte(experiments.startsAt, now)))
    .orderBy(asc(experiments.createdAt));
}

/** Every experiment not stopped (started or starting later). */
export async function unstoppedExperiments(): Promise<ExperimentRow[]> {
  return await getDb().select().from(experiments).where(isNull(experiments.stoppedAt));
}

/** All experiments, newest first (a workspace has tens, not thousands). */
export async function listExperimentRows(limit = 500): Promise<ExperimentRow[]> {
  return await getDb().select().from(experiments).orderBy(desc(experiments.createdAt), desc(experiments.id)).limit(limit);
}

export async function findAssignment(experimentId: string, prospectId: string): Promise<AssignmentRow | undefined> {
  return (await getDb()
    .select()
    .from(experimentAssignments)
    .where(and(eq(experimentAssignments.experimentId, experimentId), eq(experimentAssignments.prospectId, prospectId))).limit(1))[0];
}

/**
 * Keeps the first assignment of a prospect (a race between two servers or tabs leaves one, never
 * two) and, for a play experiment, points the page at the arm's play in the same transaction.
 * Returns the assignment that stands.
 */
export async function insertAssignment(row: AssignmentRow, setPlay: boolean, now = Date.now()): Promise<AssignmentRow> {
  return transaction(
    async (tx) => {
      const inserted = (await tx.insert(experimentAssignments).values(row).onConflictDoNothing().returning())[0];
      if (inserted && setPlay) await tx.update(prospects).set({ playId: row.armId, updatedAt: now }).where(eq(prospects.id, row.prospectId));
      return inserted ?? (await tx.select().from(experimentAssignments).where(and(eq(experimentAssignments.experimentId, row.experimentId), eq(experimentAssignments.prospectId, row.prospectId))).limit(1))[0]!;
    });
}

/** The rep chose another arm than Ringback's: recorded as an override, keeping what was chosen. */
export async function overrideAssignment(experimentId: string, prospectId: string, armId: string, userId: string, setPlay: boolean, now = Date.now()): Promise<void> {
  await transaction(
    async (tx) => {
      await tx.update(experimentAssignments)
        .set({ armId, reason: "override", chosenArmId: sql`coalesce(${experimentAssignments.chosenArmId}, ${experimentAssignments.armId})`, userId })
        .where(and(eq(experimentAssignments.experimentId, experimentId), eq(experimentAssignments.prospectId, prospectId)));
      if (setPlay) await tx.update(prospects).set({ playId: armId, updatedAt: now }).where(eq(prospects.id, prospectId));
    });
}

/** Per arm: prospects assigned, and messages left carrying it. */
export async function armCounts(experimentId: string, kind: "script" | "play"): Promise<{ assigned: Map<string, number>; messages: Map<string, number> }> {
  const db = getDb();
  const assigned = await db
    .select({ armId: experimentAssignments.armId, n: sql<number>`count(*)` })
    .from(experimentAssignments)
    .where(eq(experimentAssignments.experimentId, experimentId))
    .groupBy(experimentAssignments.armId);
  const armCol = kind === "script" ? voicemails.scriptId : voicemails.playId;
  const messages = await db
    .select({ armId: sql<string>`${armCol}`, n: sql<number>`count(*)` })
    .from(voicemails)
    .where(eq(voicemails.experimentId, experimentId))
    .groupBy(armCol);
  return { assigned: new Map(assigned.map((r) => [r.armId, r.n])), messages: new Map(messages.map((r) => [r.armId, r.n])) };
}

export type ExperimentMessageRow = { id: string; prospectId: string; userId: string; userName: string; armId: string; leftAt: number; firstName: string; lastName: string; company: string | null };

/** The messages of an experiment, oldest first, with the arm each carried. */
export async function experimentMessages(experimentId: string, kind: "script" | "play"): Promise<ExperimentMessageRow[]> {
  const armCol = kind === "script" ? voicemails.scriptId : voicemails.playId;
  return await getDb()
    .select({
      id: voicemails.id,
      prospectId: voicemails.prospectId,
      userId: voicemails.userId,
      userName: users.name,
      armId: sql<string>`${armCol}`,
      leftAt: voicemails.leftAt,
      firstName: prospects.firstName,
      lastName: prospects.lastName,
      company: prospects.company,
    })
    .from(voicemails)
    .innerJoin(prospects, eq(prospects.id, voicemails.prospectId))
    .innerJoin(users, eq(users.id, voicemails.userId))
    .where(eq(voicemails.experimentId, experimentId))
    .orderBy(asc(voicemails.leftAt), asc(voicemails.id));
}

/** Marks a logged message as carrying an experiment's arm. */
export async function setVoicemailExperiment(voicemailId: string, experimentId: string | null): Promise<void> {
  await write((db) => db.update(voicemails).set({ experimentId }).where(eq(voicemails.id, voicemailId)));
}

/** Stops it; with a winner, that arm becomes the workspace's default script or play (one transaction). */
export async function stopExperimentRow(id: string, winnerArmId: string | null, kind: "script" | "play", now = Date.now()): Promise<ExperimentRow | undefined> {
  return transaction(
    async (tx) => {
      const row = (await tx.update(experiments).set({ stoppedAt: now, winnerArmId, updatedAt: now }).where(and(eq(experiments.id, id), isNull(experiments.stoppedAt))).returning())[0];
      if (row && winnerArmId) {
        await tx.update(workspaceSettings)
          .set(kind === "script" ? { defaultScriptId: winnerArmId, updatedAt: now } : { defaultPlayId: winnerArmId, updatedAt: now })
          .where(eq(workspaceSettings.id, 1));
      }
      return row;
    });
}

export async function deleteExperimentRow(id: string): Promise<boolean> {
  return rowsChanged(await write((db) => db.delete(experiments).where(eq(experiments.id, id)))) > 0;
}

/** The names of these users, for the experiment's "who" line. */
export async function userNames(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  return new Map((await getDb().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name]));
}
