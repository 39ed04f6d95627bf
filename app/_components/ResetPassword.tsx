"use client";
import { useState } from "react";
import { Field, Form } from "./Form";

/** An admin sets a new password for a rep (who is then signed out everywhere). */
export function ResetPassword({ userId, name }: { userId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  if (done) return <span className="form-ok" role="status">Password changed</span>;
  if (!open)
    return (
      <button type="button" className="button small" onClick={() => setOpen(true)}>
        Reset password
      </button>
    );
  return (
    <Form action={`/api/console/users/${encodeURIComponent(userId)}/password`} submitLabel={`Set ${name}'s password`} onSuccess={() => setDone(true)}>
      <Field name="password" label="New password" type="password" required autoComplete="new-password" />
    </Form>
  );
}
