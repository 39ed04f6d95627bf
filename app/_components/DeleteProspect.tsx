"use client";
import { useState } from "react";

export function DeleteProspect({ id, name }: { id: string; name: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  async function remove() {
    if (!window.confirm(`Delete ${name}'s page? Its address stops working and its visits are deleted.`)) return;
    const res = await fetch(`/api/console/prospects/${encodeURIComponent(id)}`, { method: "DELETE" });
    const body = await res.json().catch(() => null);
    if (res.ok) window.location.assign(body?.redirect ?? "/prospects");
    else setProblem(body?.error?.message ?? `Could not delete (HTTP ${res.status}).`);
  }
  return (
    <>
      <button type="button" className="button danger" onClick={remove}>
        Delete page
      </button>
      {problem && <p className="form-error" role="alert">{problem}</p>}
    </>
  );
}
