import { transaction } from "../index";
import { visitEvents, visits } from "../tables";

/**
 * Someone typed an address no prospect has: a visit of kind "miss", filed under the nearest
 * prospect (if any) so its rep sees "someone tried /rob-masen", with the nearest slugs as an event.
 */
export async function insertMiss(row: { id: string; eventId: string; requestedPath: string; nearestProspectId: string | null; nearestSlugs: string[]; userAgent: string | null; at: number }): Promise<void> {
  await transaction(async (tx) => {
    await tx.insert(visits)
      .values({
        id: row.id,
        prospectId: row.nearestProspectId,
        requestedPath: row.requestedPath,
        kind: "miss",
        startedAt: row.at,
        lastSeenAt: row.at,
        userAgent: row.userAgent,
      });
    await tx.insert(visitEvents).values({ id: row.eventId, visitId: row.id, type: "miss", at: row.at, data: { nearest: row.nearestSlugs } });
  });
}
