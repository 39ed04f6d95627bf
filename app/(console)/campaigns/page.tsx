import type { Metadata } from "next";
import { CampaignEditor } from "@/app/_components/CampaignEditor";
import { requireUser } from "@/lib/auth/current";
import { campaignSummaries, EMAIL_MERGE_FIELDS, type ArchivedFilter } from "@/lib/campaigns/store";
import { listUsersById } from "@/lib/plays/owners";
import { scriptsForConsole } from "@/lib/voicemail/scripts";

export const metadata: Metadata = { title: "Campaigns" };
export const dynamic = "force-dynamic";

const FILTERS: { key: ArchivedFilter; label: string; href: string }[] = [
  { key: "active", label: "Running", href: "/campaigns" },
  { key: "archived", label: "Archived", href: "/campaigns?archived=true" },
  { key: "all", label: "All", href: "/campaigns?archived=all" },
];

export default async function CampaignsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/campaigns");
  const params = await searchParams;
  const filter: ArchivedFilter = params.archived === "true" ? "archived" : params.archived === "all" ? "all" : "active";
  const rows = await campaignSummaries(user, filter);
  const owners = await listUsersById();
  const scripts = (await scriptsForConsole(user)).map((s) => ({ id: s.id, name: s.name }));
  return (
    <>
      <section className="card">
        <h1>Voicemail campaigns</h1>
        <p className="muted">
          A campaign is a planned sequence of touches on working days — a voicemail, an e-mail with the page&rsquo;s link, another voicemail, a last call. Each touch shows up in
          your call-back queue and call mode on its day. A visit to the page pauses it (call them now); a call-back, a meeting, &ldquo;not interested&rdquo; or a wrong number
          ends it.
        </p>
        {params.deleted && <p className="notice" role="status">The campaign was deleted. The messages it made stay in the message log.</p>}
        <nav className="filters" aria-label="Show">
          {FILTERS.map((f) => (
            <a key={f.key} href={f.href} className="button small" aria-current={f.key === filter ? "page" : undefined}>
              {f.label}
            </a>
          ))}
        </nav>
        {rows.length === 0 ? (
          <div className="empty">
            <p>{filter === "archived" ? "No archived campaigns." : "No campaigns yet. Plan one below, then enrol the people on a call list."}</p>
          </div>
        ) : (
          <table className="table responsive" data-testid="campaigns">
            <thead>
              <tr>
                <th>Campaign</th>
                <th>Touches</th>
                <th>Whose</th>
                <th>Active</th>
                <th>Enrolled</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ campaign: c, counts, plan }) => (
                <tr key={c.id}>
                  <td>
                    <a href={`/campaigns/${c.id}`}>
                      <strong>{c.name}</strong>
                    </a>{" "}
                    {c.archivedAt !== null && <span className="badge">Archived</span>}
                  </td>
                  <td data-label="Touches">{plan}</td>
                  <td data-label="Whose">{c.shared ? <span className="badge shared">Workspace</span> : c.ownerId === user.id ? "Yours" : (owners.get(c.ownerId) ?? "Another rep")}</td>
                  <td data-label="Active">{counts.active}</td>
                  <td data-label="Enrolled">{counts.enrolled}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CampaignEditor scripts={scripts} fields={EMAIL_MERGE_FIELDS.map((f) => ({ name: f.name, help: f.help }))} canShare={user.role === "admin"} />
    </>
  );
}
