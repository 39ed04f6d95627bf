import type { Metadata } from "next";
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/current";
import { displayPhone } from "@/lib/phone";
import { decodeCursor, pageOfProspects, publicOrigin } from "@/lib/prospects";

export const metadata: Metadata = { title: "Prospects" };
export const dynamic = "force-dynamic";

const dateFmt = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const PAGE_SIZE = 50;

export default async function ProspectsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/prospects");
  const params = await searchParams;
  const cursor = decodeCursor(typeof params.cursor === "string" ? params.cursor : null);
  const { rows, next } = await pageOfProspects(user, cursor === "invalid" ? undefined : cursor, PAGE_SIZE);
  const h = await headers();
  const host = (await publicOrigin(`http://${h.get("host") ?? "localhost"}`)).replace(/^https?:\/\//, "");
  return (
    <section className="card">
      <div className="card-head">
        <h1>Prospects</h1>
        <div className="row-actions">
          <a className="button" href="/api/console/exports/prospects" download>
            Export CSV
          </a>
          <a className="button" href="/prospects/import">
            Import a call list
          </a>
          <a className="button" href="/call?list=fresh">
            Call the ones not called yet
          </a>
          <a className="button primary" href="/prospects/new">
            New page
          </a>
        </div>
      </div>
      {params.deleted && <p className="notice" role="status">The page was deleted.</p>}
      {rows.length === 0 ? (
        <div className="empty">
          <p>No pages yet. Make one for the next person you call.</p>
        </div>
      ) : (
        <table className="table responsive">
          <thead>
            <tr>
              <th>Prospect</th>
              <th>Address to say</th>
              <th>Phone</th>
              <th>Follow up</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id}>
                <td>
                  <a href={`/prospects/${p.id}`}>
                    <strong>
                      {p.firstName} {p.lastName}
                    </strong>
                  </a>
                  {p.company && <div className="muted">{p.company}</div>}
                </td>
                <td>
                  <code>
                    {host}/{p.slug}
                  </code>
                </td>
                <td data-label="Phone" className={p.phone ? undefined : "empty-cell"}>{p.phone ? <a href={`tel:${p.phone}`}>{displayPhone(p.phone)}</a> : <span className="muted">—</span>}</td>
                <td data-label="Follow up" className={p.followUpAt ? undefined : "empty-cell"}>{p.followUpAt ? dateFmt.format(p.followUpAt) : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(next || params.cursor) && (
        <nav className="pager" aria-label="More prospects">
          {params.cursor && <a href="/prospects">Newest</a>}
          {next && <a href={`/prospects?cursor=${encodeURIComponent(next)}`}>Older →</a>}
        </nav>
      )}
    </section>
  );
}
