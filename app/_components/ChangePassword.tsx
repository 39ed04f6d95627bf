"use client";
/** Settings → Password: the rep changes their own password; this session stays, the others end. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Checkbox, Field, Form } from "./Form";
import { plural } from "./plural";

export function ChangePassword({ minLength }: { minLength: number }) {
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="stack">
      <p className="muted">You stay signed in here; every other browser and device you are signed in on is signed out.</p>
      <Form
        action="/api/console/password"
        submitLabel="Change password"
        resetOnSuccess
        onSuccess={(body) => {
          const b = body as { sessionsEnded: number; tokensRevoked: number };
          const parts = [`signed out ${plural(b.sessionsEnded, "other session")}`];
          if (b.tokensRevoked) parts.push(`revoked ${plural(b.tokensRevoked, "API token")}`);
          setDone(`Password changed: ${parts.join(", ")}.`);
          // The lists of sessions and tokens below show what changed.
          router.refresh();
        }}
      >
        <Field name="currentPassword" label="Current password" type="password" required autoComplete="current-password" />
        <Field name="newPassword" label="New password" type="password" required autoComplete="new-password" hint={`At least ${minLength} characters.`} />
        <Checkbox name="revokeTokens" label="Also revoke my API tokens (anything using them stops working)" />
      </Form>
      {done && (
        <p className="form-ok" role="status">
          {done}
        </p>
      )}
    </div>
  );
}
