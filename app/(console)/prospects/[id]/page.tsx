import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { DeleteProspect } from "../../../_components/DeleteProspect";
import { ProspectForm } from "../../../_components/ProspectForm";
import { requireUser } from "@/lib/auth/current";
import { formFromProspect } from "@/lib/prospect-form";
import { prospectFor, publicOrigin } from "@/lib/prospects";
import { describeVisit } from "@/lib/visits/describe";
import { visitsPage } from "@/lib/visits/list";
import { LocalTime } from "../../../_components/LocalTime";

export const metadata: Metadata = { title: "Prospect" };
export const dynamic = "force-dynamic";

export default async function ProspectDetailPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const user = await requireUser(`/prospects/${encodeURIComponent(id)}`);
  const p = prospectFor(user, id);
  if (!p) notFound();
  const created = (await searchParams).created;
  const activity = visitsPage(user, p.id, undefined, 50)?.data ?? [];
  const h = await headers();
  const origin = publicOrigin(`http://${h.get("host") ?? "localhost"}`);
  const host = origin.replace(/^https?:\/\//, "");
  const spoken = `${host.replace(/\./g, " dot ")} slash ${p.slug.replace(/-/g, " dash ")}`;
  return (
    <>
      <section className="card">
        {created && <p className="notice" role="status">The page is live.</p>}
        <div className="card-head">
          <h1>
            {p.firstName} {p.lastName}
          </h1>
          <a className="button" href={`/${p.slug}`} target="_blank" rel="noopener">
            Open page
          </a>
        </div>
        {p.company && <p className="muted">{p.company}</p>}
        <p>
          Address: <code data-testid="page-url">{host}/{p.slug}</code>
        </p>
        <p>
          Say: <q>…I recorded something for you at {spoken}.</q>
        </p>
      </section>
      <section className="card">
        <h2>Activity</h2>
        {activity.length === 0 ? (
          <p className="muted">Nothing yet. Visits, link previews and near-miss addresses show up here the moment they happen.</p>
        ) : (
          <ol className="timeline">
            {activity.map((v) => {
              const d = describeVisit(v);
              return (
                <li key={v.id} className={`timeline-item ${v.human ? "human" : "other"}`}>
                  <div className="timeline-title">{d.title}</div>
                  <div className="muted small">
                    <LocalTime ms={Date.parse(v.startedAt)} /> · {d.detail}
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <section className="card">
        <h2>Edit</h2>
        <ProspectForm mode="edit" prospectId={p.id} values={formFromProspect(p)} host={host} />
      </section>
      <section className="card">
        <h2>Delete</h2>
        <DeleteProspect id={p.id} name={p.firstName} />
      </section>
    </>
  );
}
