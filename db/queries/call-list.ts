import { and, asc, eq, inArray, isNull, like, or, sql } from "drizzle-orm";
import { getDb } from "../index";
import { likeAnyCase } from "../sql";
import { prospectActivity, prospects, voicemails } from "../tables";
import type { ProspectRow } from "./prospects";
import { escapeLike } from "./voicemails";

export type ActivityRow = typeof prospectActivity.$inferSelect;

/**
 * Prospects for call mode outside the queue, oldest page first (a call list is worked in the order it
 * was made): a rep's own (or everyone's for `ownerId` undefined), optionally only those never called
 * (no outcome logged and no voicemail left), on one play, or matching words or a number.
 */
export async function callListProspects(f: { ownerId: string | undefined; uncalledOnly: boolean; playId?: string; words?: string; phone?: string; limit: number }): Promise<ProspectRow[]> {
  const pat = f.words ? `${escapeLike(f.words)}%` : null;
  const l = (col: Parameters<typeof like>[0]) => likeAnyCase(col, pat ?? "");
  const uncalled = f.uncalledOnly
    ? and(isNull(prospectActivity.lastOutcomeAt), sql`not exists (select 1 from ${voicemails} where ${voicemails.prospectId} = ${prospects.id})`)
    : undefined;
  const open = sql`(${prospectActivity.closedAt} is null or coalesce(${prospectActivity.lastSeenAt}, 0) > ${prospectActivity.closedAt})`;
  return (await getDb()
    .select({ p: prospects })
    .from(prospects)
    .leftJoin(prospectActivity, eq(prospectActivity.prospectId, prospects.id))
    .where(
      and(
        f.ownerId ? eq(prospects.ownerId, f.ownerId) : undefined,
        open,
        uncalled,
        f.playId ? eq(prospects.playId, f.playId) : undefined,
        f.phone ? eq(prospects.phone, f.phone) : undefined,
        pat ? or(l(prospects.firstName), l(prospects.lastName), l(sql`${prospects.firstName} || ' ' || ${prospects.lastName}`), l(prospects.company)) : undefined,
      ),
    )
    .orderBy(asc(prospects.createdAt), asc(prospects.id))
    .limit(f.limit))
    .map((r) => r.p);
}

/** The activity summary (last visit, visits, last outcome) of these prospects. */
export async function activityOf(prospectIds: string[]): Promise<Map<string, ActivityRow>> {
  if (prospectIds.length === 0) return new Map();
  const rows = await getDb().select().from(prospectActivity).where(inArray(prospectActivity.prospectId, prospectIds));
  return new Map(rows.map((r) => [r.prospectId, r]));
}

/** These prospects by id. */
export async function prospectsByIds(ids: string[]): Promise<Map<string, ProspectRow>> {
  if (ids.length === 0) return new Map();
  return new Map((await getDb().select().from(prospects).where(inArray(prospects.id, ids))).map((p) => [p.id, p]));
}
