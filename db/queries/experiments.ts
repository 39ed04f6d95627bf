/** Experiments on the voicemail funnel: every statement about them, their assignments and their messages. */
import { and, asc, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { getDb } from "../index";
import { experimentAssignments, experiments, prospects, users, voicemails, workspaceSettings } from "../schema";

export type ExperimentRow = typeof experiments.$inferSelect;
export type NewExperiment = Omit<ExperimentRow, "createdAt" | "updatedAt" | "stoppedAt" | "winnerArmId">;
export type AssignmentRow = typeof experimentAssignments.$inferSelect;

export function insertExperiment(row: NewExperiment, now = Date.now()): ExperimentRow {
  return getDb()
    .insert(experiments)
    .values({ ...row, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

export function findExperimentById(id: string): ExperimentRow | undefined {
  return getDb().select().from(experiments).where(eq(experiments.id, id)).get();
}

/** Experiments running at `now` (started, not stopped), oldest first: a handful at most. */
export function runningExperiments(now: number): ExperimentRow[] {
  return getDb()
    .select()
    .from(experiments)
    .where(and(isNull(experiments.stoppedAt), lte(experiments.startsAt, now)))
    .orderBy(asc(experiments.createdAt))
    .all();
}

/** Every experiment not stopped (started or starting later). */
export function unstoppedExperiments(): ExperimentRow[] {
  return getDb().select().from(experiments).where(isNull(experiments.stoppedAt)).all();
}

/** All experiments, newest first (a workspace has tens, not thousands). */
export function listExperimentRows(limit = 500): ExperimentRow[] {
  return getDb().select().from(experiments).orderBy(desc(experiments.createdAt), desc(experiments.id)).limit(limit).all();
}

export function findAssignment(experimentId: string, prospectId: string): AssignmentRow | undefined {
  return getDb()
    .select()
    .from(experimentAssignments)
    .where(and(eq(experimentAssignments.experimentId, experimentId), eq(experimentAssignments.prospectId, prospectId)))
    .get();
}

/**
 * Keeps the first assignment of a prospect (a race between two servers or tabs leaves one, never
 * two) and, for a play experiment, points the page at the arm's play in the same transaction.
 * Returns the assignment that stands.
 */
export function insertAssignment(row: AssignmentRow, setPlay: boolean, now = Date.now()): AssignmentRow {
  return getDb().transaction(
    (tx) => {
      const inserted = tx.insert(experimentAssignments).values(row).onConflictDoNothing().returning().get();
      if (inserted && setPlay) tx.update(prospects).set({ playId: row.armId, updatedAt: now }).where(eq(prospects.id, row.prospectId)).run();
      return inserted ?? tx.select().from(experimentAssignments).where(and(eq(experimentAssignments.experimentId, row.experimentId), eq(experimentAssignments.prospectId, row.prospectId))).get()!;
    },
    { behavior: "immediate" },
  );
}

/** The rep chose another arm than Ringback's: recorded as an override, keeping what was chosen. */
export function overrideAssignment(experimentId: string, prospectId: string, armId: string, userId: string, setPlay: boolean, now = Date.now()): void {
  getDb().transaction(
    (tx) => {
      tx.update(experimentAssignments)
        .set({ armId, reason: "override", chosenArmId: sql`coalesce(${experimentAssignments.chosenArmId}, ${experimentAssignments.armId})`, userId })
        .where(and(eq(experimentAssignments.experimentId, experimentId), eq(experimentAssignments.prospectId, prospectId)))
        .run();
      if (setPlay) tx.update(prospects).set({ playId: armId, updatedAt: now }).where(eq(prospects.id, prospectId)).run();
    },
    { behavior: "immediate" },
  );
}

/** Per arm: prospects assigned, and messages left carrying it. */
export function armCounts(experimentId: string, kind: "script" | "play"): { assigned: Map<string, number>; messages: Map<string, number> } {
  const db = getDb();
  const assigned = db
    .select({ armId: experimentAssignments.armId, n: sql<number>`count(*)` })
    .from(experimentAssignments)
    .where(eq(experimentAssignments.experimentId, experimentId))
    .groupBy(experimentAssignments.armId)
    .all();
  const armCol = kind === "script" ? voicemails.scriptId : voicemails.playId;
  const messages = db
    .select({ armId: sql<string>`${armCol}`, n: sql<number>`count(*)` })
    .from(voicemails)
    .where(eq(voicemails.experimentId, experimentId))
    .groupBy(armCol)
    .all();
  return { assigned: new Map(assigned.map((r) => [r.armId, r.n])), messages: new Map(messages.map((r) => [r.armId, r.n])) };
}

export type ExperimentMessageRow = { id: string; prospectId: string; userId: string; userName: string; armId: string; leftAt: number; firstName: string; lastName: string; company: string | null };

/** The messages of an experiment, oldest first, with the arm each carried. */
export function experimentMessages(experimentId: string, kind: "script" | "play"): ExperimentMessageRow[] {
  const armCol = kind === "script" ? voicemails.scriptId : voicemails.playId;
  return getDb()
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
    .orderBy(asc(voicemails.leftAt), asc(voicemails.id))
    .all();
}

/** Marks a logged message as carrying an experiment's arm. */
export function setVoicemailExperiment(voicemailId: string, experimentId: string | null): void {
  getDb().update(voicemails).set({ experimentId }).where(eq(voicemails.id, voicemailId)).run();
}

/** Stops it; with a winner, that arm becomes the workspace's default script or play (one transaction). */
export function stopExperimentRow(id: string, winnerArmId: string | null, kind: "script" | "play", now = Date.now()): ExperimentRow | undefined {
  return getDb().transaction(
    (tx) => {
      const row = tx.update(experiments).set({ stoppedAt: now, winnerArmId, updatedAt: now }).where(and(eq(experiments.id, id), isNull(experiments.stoppedAt))).returning().get();
      if (row && winnerArmId) {
        tx.update(workspaceSettings)
          .set(kind === "script" ? { defaultScriptId: winnerArmId, updatedAt: now } : { defaultPlayId: winnerArmId, updatedAt: now })
          .where(eq(workspaceSettings.id, 1))
          .run();
      }
      return row;
    },
    { behavior: "immediate" },
  );
}

export function deleteExperimentRow(id: string): boolean {
  return getDb().delete(experiments).where(eq(experiments.id, id)).run().changes > 0;
}

/** The names of these users, for the experiment's "who" line. */
export function userNames(ids: string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  return new Map(getDb().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)).all().map((u) => [u.id, u.name]));
}
