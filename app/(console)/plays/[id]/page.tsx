import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PlayActions } from "../../../_components/PlayActions";
import { PlayEditor } from "../../../_components/PlayEditor";
import { requireUser } from "@/lib/auth/current";
import { formFromPlay } from "@/lib/plays/form";
import { MERGE_FIELDS } from "@/lib/plays/merge";
import { canEdit, playFor } from "@/lib/plays/plays";

export const metadata: Metadata = { title: "Play" };
export const dynamic = "force-dynamic";

export default async function PlayPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const user = await requireUser(`/plays/${encodeURIComponent(id)}`);
  const play = await playFor(user, id);
  if (!play) notFound();
  const search = await searchParams;
  const editable = canEdit(user, play);
  return (
    <>
      <div className="page-head">
        <div className="card-head">
          <h1>{play.name}</h1>
          <PlayActions id={play.id} name={play.name} archived={play.archivedAt !== null} canEdit={editable} deletable={play.pages === 0} />
        </div>
        {search.created && <p className="notice" role="status">The play is saved. Pick it for a page under Prospects → New page.</p>}
        {search.copied && <p className="notice" role="status">This is your own copy. Change it as you like.</p>}
        <p className="muted">
          {play.shared ? "Shared with the workspace" : "Private"} · version {play.version} · used by {play.pages} page{play.pages === 1 ? "" : "s"}
          {play.archivedAt !== null && " · archived: pages using it keep working, but it is not offered for new pages"}
        </p>
        {!editable && <p className="notice">This play is the workspace&apos;s: only an admin can change it. Duplicate it to make your own version.</p>}
      </div>
      {editable ? (
        <PlayEditor mode="edit" playId={play.id} values={formFromPlay(play)} isAdmin={user.role === "admin"} fields={MERGE_FIELDS.map(({ name, help }) => ({ name, help }))} />
      ) : (
        <section className="card play-preview">
          <h2>Preview as Rob Mason of Northwind</h2>
          <div className="device phone">
            <iframe src={`/plays/preview?id=${encodeURIComponent(play.id)}`} title="Preview on a phone" className="device-frame" />
          </div>
        </section>
      )}
    </>
  );
}
