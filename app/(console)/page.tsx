import type { Metadata } from "next";
import { errorMessage } from "../_components/messages";
import { requireUser } from "@/lib/auth/current";
import { displayPhone } from "@/lib/phone";
import { listPagesFor, publicUrl } from "@/lib/pages";

export const metadata: Metadata = { title: "Call-back queue" };
export const dynamic = "force-dynamic";

const dateFmt = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/");
  const params = await searchParams;
  const error = errorMessage(params.error);
  const pages = listPagesFor(user);
  return (
    <>
      {params.welcome && (
        <div className="card notice" role="status">
          <strong>Welcome to Ringback, {user.name}.</strong> Open a prospect&apos;s page below to see what they see, then add your reps under Team.
        </div>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      <section className="card">
        <h1>Call-back queue</h1>
        <p className="muted">Who to call now. Visits appear here the moment a prospect opens their page.</p>
        {pages.length === 0 ? (
          <div className="empty">No prospect pages yet.</div>
        ) : (
          <table className="table responsive">
            <thead>
              <tr>
                <th>Prospect</th>
                <th>Page</th>
                <th>Phone</th>
                <th>Follow up</th>
              </tr>
            </thead>
            <tbody>
              {pages.map((p) => (
                <tr key={p.id}>
                  <td>
                    <strong>
                      {p.firstName} {p.lastName}
                    </strong>
                    {p.company && <div className="muted">{p.company}</div>}
                  </td>
                  <td>
                    <a href={`/${p.slug}`} target="_blank" rel="noopener">
                      {publicUrl(p.slug)}
                    </a>
                  </td>
                  <td data-label="Phone" className={p.phone ? undefined : "empty-cell"}>{p.phone ? <a href={`tel:${p.phone}`}>{displayPhone(p.phone)}</a> : <span className="muted">—</span>}</td>
                  <td data-label="Follow up" className={p.followUpAt ? undefined : "empty-cell"}>{p.followUpAt ? dateFmt.format(p.followUpAt) : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
