import type { Metadata } from "next";
import { headers } from "next/headers";
import { ProspectForm } from "../../../_components/ProspectForm";
import { requireUser } from "@/lib/auth/current";
import { playChoices } from "@/lib/plays/plays";
import { publicOrigin } from "@/lib/prospects";

export const metadata: Metadata = { title: "New page" };
export const dynamic = "force-dynamic";

export default async function NewProspectPage() {
  const user = await requireUser("/prospects/new");
  const plays = (await playChoices(user)).map((p) => ({ id: p.id, name: p.name, shared: p.shared }));
  const h = await headers();
  const host = (await publicOrigin(`http://${h.get("host") ?? "localhost"}`)).replace(/^https?:\/\//, "");
  return (
    <section className="card">
      <h1>New page</h1>
      <p className="muted">Make a page for one person. You get the address to say on the voicemail.</p>
      <ProspectForm mode="create" host={host} plays={plays} />
    </section>
  );
}
