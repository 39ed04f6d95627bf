/**
 * Shown in the console when a rep's pages have no Call button: neither the rep nor the workspace
 * has a phone number (lib/profiles.ts callNumberFor). Says what prospects see and where to fix it.
 */
export function NoCallNotice({ viewer, ownerName }: { viewer: { role: string }; ownerName?: string }) {
  const own = ownerName === undefined;
  const isAdmin = viewer.role === "admin";
  return (
    <div className="notice no-call" role="status" data-testid="no-call-notice">
      <strong>{own ? "Your pages have no Call button." : "This page has no Call button."}</strong>{" "}
      {own ? "Prospects can only e-mail you: neither you nor the workspace has a phone number." : `Prospects can only e-mail ${ownerName}: neither they nor the workspace has a phone number.`}{" "}
      {own && (
        <>
          Add yours in <a href="/settings#profile">Settings → Your profile</a>
          {isAdmin ? (
            <>
              , or a main phone for everyone&apos;s pages in <a href="/settings#workspace">Settings → Workspace</a>.
            </>
          ) : (
            "."
          )}
        </>
      )}
      {!own && (
        <>
          {ownerName} can add theirs under Settings → Your profile{isAdmin ? <>, or add a main phone for everyone&apos;s pages in <a href="/settings#workspace">Settings → Workspace</a>.</> : "."}
        </>
      )}
    </div>
  );
}
