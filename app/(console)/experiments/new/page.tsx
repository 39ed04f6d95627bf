import type { Metadata } from "next";
import { ExperimentForm } from "@/app/_components/ExperimentForm";
import { requireUser } from "@/lib/auth/current";
import { DEFAULT_MIN_PER_ARM, GOALS } from "@/lib/experiments/experiments";
import { listUsersById } from "@/lib/plays/owners";
import { playChoices } from "@/lib/plays/plays";
import { scriptsForConsole } from "@/lib/voicemail/scripts";

export const metadata: Metadata = { title: "New experiment" };
export const dynamic = "force-dynamic";

export default async function NewExperimentPage() {
  const user = await requireUser("/experiments/new");
  const scripts = (await scriptsForConsole(user)).map((s) => ({ id: s.id, name: s.name, private: !s.shared && !s.example }));
  const plays = (await playChoices(user)).map((p) => ({ id: p.id, name: p.name, private: !p.shared }));
  const reps = user.role === "admin" ? [...(await listUsersById())].map(([id, name]) => ({ id, name })) : [];
  return (
    <section className="card">
      <h1>New experiment</h1>
      <p className="muted">
        From the moment it starts, each time you (or the reps in it) are about to leave a message — in call mode, on a prospect&rsquo;s page or through the API — Ringback
        picks one of the messages: evenly until each has the minimum, then more often the one doing better. A person keeps the message they got.
      </p>
      <ExperimentForm scripts={scripts} plays={plays} reps={reps} isAdmin={user.role === "admin"} goals={Object.entries(GOALS).map(([key, g]) => ({ key, label: g.label }))} defaultMin={DEFAULT_MIN_PER_ARM} />
    </section>
  );
}
