import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/current";
import { listUsersById } from "@/lib/plays/owners";
import { playsByName, type ArchivedFilter } from "@/lib/plays/plays";

export const metadata: Metadata = { title: "Plays" };
export const dynamic = "force-dynamic";

const dateFmt = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const FILTERS: { key: ArchivedFilter; label: string; href: string }[] = [
  { key: "active", label: "In use", href: "/plays" },
  { key: "archived", label: "Archived", href: "/plays?archived=true" },
  { key: "all", label: "All", href: "/plays?archived=all" },
];

export default async function PlaysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/plays");
  const params = await searchParams;
  const filter: ArchivedFilter = params.archived === "true" ? "archived" : params.archived === "all" ? "all" : "active";
  const rows = await playsByName(user, filter);
  const owners = await listUsersById();
  return (
    <section className="card">
      <div className="card-head">
        <h1>Plays</h1>
        <a className="button primary" href="/plays/new">
          New play
        </a>
      </div>
      <p className="muted">
        A play is a page you reuse: the message, the video, presentation or offer, the buttons and your promise, filled in for each person. Editing a play
        changes every page that uses it.
      </p>
      {params.deleted && <p className="notice" role="status">The play was deleted.</p>}
      <nav className="filters" aria-label="Show">
        {FILTERS.map((f) => (
          <a key={f.key} href={f.href} className="button small" aria-current={f.key === filter ? "page" : undefined}>
            {f.label}
          </a>
        ))}
      </nav>
      {rows.length === 0 ? (
        <div className="empty">
          <p>{filter === "archived" ? "No archived plays." : "No plays yet. Make one for the calls you make most."}</p>
        </div>
      ) : (
        <table className="table responsive" data-testid="plays">
          <thead>
            <tr>
              <th>Play</th>
              <th>Whose</th>
              <th>Pages using it</th>
              <th>Changed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id}>
                <td>
                  <a href={`/plays/${p.id}`}>
                    <strong>{p.name}</strong>
                  </a>{" "}
                  {p.archivedAt !== null && <span className="badge">Archived</span>}
                  {p.message && <div className="muted small clamp">{p.message}</div>}
                </td>
                <td data-label="Whose">{p.shared ? <span className="badge shared">Workspace</span> : p.ownerId === user.id ? "Yours" : (owners.get(p.ownerId) ?? "Another rep")}</td>
                <td data-label="Pages using it">{p.pages}</td>
                <td data-label="Changed">
                  {dateFmt.format(p.updatedAt)} <span className="muted small">· version {p.version}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
