import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProspectPageView } from "../../../_components/page/ProspectPageView";
import { requireUser } from "@/lib/auth/current";
import { previewPlay, SAMPLE_PROSPECT } from "@/lib/plays/preview";
import { workspace } from "@/lib/profiles";

export const metadata: Metadata = { title: "Preview", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : undefined);

/**
 * A play as a prospect would see it, for the editor's frame (proxy.ts lets only our own pages frame
 * it). Outside the console's frame (route group): the page alone, as on a phone. No beacon.
 */
export default async function PlayPreviewPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser("/plays");
  const params = await searchParams;
  const preview = await previewPlay(user, { id: one(params.id), draft: one(params.draft) });
  if (!preview) notFound();
  return (
    <>
      <p className="preview-banner" role="note">
        Preview as Rob Mason of Northwind · not recorded
      </p>
      {preview.problems.length > 0 && (
        <div className="preview-problems" role="alert">
          {preview.problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      )}
      <ProspectPageView prospect={SAMPLE_PROSPECT} owner={user} workspace={await workspace()} page={preview.page} now={Date.now()} beacon={false} />
    </>
  );
}
