import type { Metadata } from "next";
import { ScriptEditor } from "@/app/_components/ScriptEditor";
import { requireUser } from "@/lib/auth/current";
import { SCRIPT_MERGE_FIELDS } from "@/lib/plays/merge";
import { pageOfScripts, previewProspects, scriptsForConsole, timingSettings } from "@/lib/voicemail/scripts";
import { STYLES } from "@/lib/voicemail/styles";

export const metadata: Metadata = { title: "Scripts" };
export const dynamic = "force-dynamic";

export default async function ScriptsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/scripts");
  const params = await searchParams;
  const scripts = (await scriptsForConsole(user)).map((s) => ({ id: s.id, name: s.name, style: s.style, body: s.body, example: s.example, editable: !s.example && (user.role === "admin" || (!s.shared && s.ownerId === user.id)) }));
  const { choices, defaultId } = await previewProspects(user);
  const archived = (await pageOfScripts(user, "archived", undefined, 100))
    .rows.filter((s) => user.role === "admin" || (!s.shared && s.ownerId === user.id))
    .map((s) => ({ id: s.id, name: s.name }));
  return (
    <>
      <section className="card">
        <h1>Voicemail scripts</h1>
        <p className="muted">
          What you say on a voicemail, in a style from sales training, rendered for each person: the page&rsquo;s address and your number written to be spoken, an
          honest speaking time and hints from the craft. Start from an example, or from a style.
        </p>
        {params.saved && <p className="notice" role="status">The script was saved.</p>}
        {params.archived && <p className="notice" role="status">The script was archived: it is no longer suggested, and messages logged with it keep their words.</p>}
        {params.restored && <p className="notice" role="status">The script is back in the list.</p>}
        {params.deleted && <p className="notice" role="status">The script was deleted. Messages logged with it keep their words.</p>}
        <details className="styles-guide">
          <summary>The seven styles, and why each works</summary>
          <dl>
            {STYLES.map((s) => (
              <div key={s.key}>
                <dt>{s.name}</dt>
                <dd>{s.why}</dd>
              </div>
            ))}
          </dl>
        </details>
      </section>
      <ScriptEditor styles={STYLES.map((s) => ({ ...s }))} scripts={scripts} fields={SCRIPT_MERGE_FIELDS.map((f) => ({ name: f.name, help: f.help }))} prospects={choices} defaultProspectId={defaultId} wpm={timingSettings().wpm} archived={archived} />
    </>
  );
}
