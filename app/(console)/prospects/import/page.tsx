import type { Metadata } from "next";
import { ImportFlow } from "../../../_components/ImportFlow";
import { allUsers } from "@/lib/accounts";
import { requireUser } from "@/lib/auth/current";
import { FIELD_LABELS, IMPORT_FIELDS } from "@/lib/imports/mapping";
import { playChoices } from "@/lib/plays/plays";
import { campaignsByName } from "@/lib/campaigns/store";

export const metadata: Metadata = { title: "Import a call list" };
export const dynamic = "force-dynamic";

export default async function ImportPage() {
  const user = await requireUser("/prospects/import");
  // An admin may import a list for any rep; a rep imports for themself.
  const owners = user.role === "admin" ? (await allUsers()).map((u) => ({ id: u.id, name: u.name, email: u.email })) : null;
  return (
    <section className="card">
      <h1>Import a call list</h1>
      <p className="muted">
        A CSV from HubSpot, Salesforce, Outreach, Apollo or a spreadsheet. You see what will happen to every row before anything is saved, and each
        person gets a page with an address you can say.
      </p>
      <ImportFlow
        me={{ id: user.id, name: user.name }}
        owners={owners}
        // The plays this rep may use for the whole list (the workspace's and their own).
        plays={(await playChoices(user)).map((p) => ({ id: p.id, name: p.name }))}
        campaigns={(await campaignsByName(user)).map((c) => ({ id: c.id, name: c.name }))}
        fields={IMPORT_FIELDS.map((f) => ({ field: f, label: FIELD_LABELS[f] }))}
      />
    </section>
  );
}
