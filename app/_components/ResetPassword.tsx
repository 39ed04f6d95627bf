"use client";
import { useState } from "react";
import { Field, Form } from "./Form";
import { plural } from "./plural";

/**
 * An admin sets a new password for a rep: the rep is signed out everywhere and their API tokens
 * are revoked, unless the admin keeps them.
 */
export function ResetPassword({ userId, name }: { userId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [keepTokens, setKeepTokens] = useState(false);
  if (done)
    return (
      <span className="form-ok" role="status">
        {done}
      </span>
    );
  if (!open)
    return (
      <button type="button" className="button small" onClick={() => setOpen(true)}>
        Reset password
      </button>
    );
  return (
    <Form
      action={`/api/console/users/${encodeURIComponent(userId)}/password`}
      submitLabel={`Set ${name}'s password`}
      onSuccess={(body) => {
        const b = body as { sessionsEnded: number; tokensRevoked: number };
        setDone(`Password changed. ${name}: ${plural(b.sessionsEnded, "session")} ended, ${plural(b.tokensRevoked, "API token")} revoked.`);
      }}
    >
      <p className="notice">
        {keepTokens ? `This signs ${name} out everywhere; their API tokens keep working.` : `This signs ${name} out everywhere and revokes their API tokens.`}
      </p>
      <Field name="password" label="New password" type="password" required autoComplete="new-password" />
      <label className="checkbox">
        <input type="checkbox" name="keepTokens" checked={keepTokens} onChange={(e) => setKeepTokens(e.target.checked)} /> Keep their API tokens working
      </label>
    </Form>
  );
}
