import type { Metadata } from "next";
import { PlayEditor } from "../../../_components/PlayEditor";
import { requireUser } from "@/lib/auth/current";
import { MERGE_FIELDS } from "@/lib/plays/merge";

export const metadata: Metadata = { title: "New play" };
export const dynamic = "force-dynamic";

export default async function NewPlayPage() {
  const user = await requireUser("/plays/new");
  return (
    <>
      <div className="page-head">
        <h1>New play</h1>
        <p className="muted">A page you can give to many people, each greeted by name.</p>
      </div>
      <PlayEditor mode="create" isAdmin={user.role === "admin"} fields={MERGE_FIELDS.map(({ name, help }) => ({ name, help }))} />
    </>
  );
}
