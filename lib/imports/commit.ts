/**
 * Writes a planned import in one IMMEDIATE transaction: all of its valid rows or none. If the
 * workspace changed after the plan was made (another page created, renamed or deleted), the plan is
 * made again inside the transaction, where nothing can change, so slugs stay unique and distinct
 * by ear and duplicates are still found.
 */
import { allProspectContacts, inReadTransaction, insertProspects, prospectsFingerprint, updateProspectContact } from "../../db/queries/imports";
import { inWriteTransaction } from "../../db/queries/prospects";
import { invalidatePages } from "../page-cache";
import { rememberSlug, slugIndex } from "../slug-index";
import { planRows, runPlan, type Plan, type PlanOptions, type Snapshot, type ValidInput } from "./plan";
import type { CheckedRow } from "./rows";

/** The workspace as the plan needs it, read consistently. */
export async function takeSnapshot(): Promise<Snapshot> {
  return inReadTransaction(async () => ({ fingerprint: await prospectsFingerprint(), contacts: await allProspectContacts(), slugIndex: await slugIndex() }));
}

export async function commitPlan(plan: Plan, checked: CheckedRow<ValidInput>[], opts: PlanOptions, now = Date.now()): Promise<Plan> {
  const written = await inWriteTransaction(async (tx) => {
    let p = plan;
    if ((await prospectsFingerprint(tx)) !== plan.fingerprint) {
      p = runPlan(planRows(checked, { fingerprint: await prospectsFingerprint(tx), contacts: await allProspectContacts(tx), slugIndex: await slugIndex() }, opts));
    }
    await insertProspects(
      p.creates.map((c) => c.prospect),
      now,
      tx,
    );
    for (const u of p.updates) await updateProspectContact(u.id, u.changes, now, tx);
    return p;
  });
  for (const c of written.creates) rememberSlug({ slug: c.prospect.slug, prospectId: c.prospect.id, canonical: c.prospect.slug });
  if (written.updates.length) invalidatePages();
  return written;
}
