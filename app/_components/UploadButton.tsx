"use client";
/** Uploads a file and puts its address into the input it belongs to. */
import { useRef, useState } from "react";

export function UploadButton({ target, accept, label }: { target: string; accept: string; label: string }) {
  const picker = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<{ busy: boolean; message?: string; error?: boolean }>({ busy: false });

  async function upload(file: File) {
    setState({ busy: true, message: `Uploading ${file.name}…` });
    try {
      const res = await fetch("/api/console/uploads", { method: "POST", body: file, headers: { "Content-Type": "application/octet-stream" } });
      const body = await res.json().catch(() => null);
      if (!res.ok) return setState({ busy: false, error: true, message: body?.error?.message ?? `Upload failed (HTTP ${res.status}).` });
      const input = picker.current?.closest("form")?.elements.namedItem(target) as HTMLInputElement | null;
      if (input) input.value = body.url;
      setState({ busy: false, message: `Uploaded ${file.name}.` });
    } catch {
      setState({ busy: false, error: true, message: "Could not reach Ringback. Check your connection and try again." });
    }
  }

  return (
    <div className="upload">
      <input
        ref={picker}
        type="file"
        accept={accept}
        hidden
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          if (f) void upload(f);
          e.currentTarget.value = "";
        }}
      />
      <button type="button" className="button small" disabled={state.busy} onClick={() => picker.current?.click()}>
        {label}
      </button>
      {state.message && (
        <span className={state.error ? "field-error" : "hint"} role={state.error ? "alert" : "status"}>
          {state.message}
        </span>
      )}
    </div>
  );
}
