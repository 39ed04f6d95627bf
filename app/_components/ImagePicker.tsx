"use client";
/**
 * A photo or logo inside a settings form: the current image, "Upload", "Remove", and a link field
 * (https only; Ringback copies the image when the form is saved). The form sends the hidden input:
 * an uploaded image's address, the link typed, or nothing.
 */
import { useRef, useState } from "react";
import { Labelled } from "./Form";
import { isRemoteImage, servedImage } from "@/lib/images/served";

type Props = {
  name: string;
  label: string;
  purpose: "photo" | "logo";
  current: string | null;
  /** Shown where the image would be when there is none: the rep's initials, the company's name. */
  fallback: string;
  uploadLabel: string;
  saveLabel: string;
  maxMb: number;
};

export function ImagePicker({ name, label, purpose, current, fallback, uploadLabel, saveLabel, maxMb }: Props) {
  const picker = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(current ?? "");
  const [state, setState] = useState<{ busy: boolean; message?: string; error?: boolean }>({ busy: false });
  const shown = servedImage(value);
  const legacy = !!current && isRemoteImage(current) && value === current;

  async function upload(file: File) {
    if (file.size > maxMb * 1024 * 1024) return setState({ busy: false, error: true, message: `${file.name} is larger than ${maxMb} MB.` });
    setState({ busy: true, message: `Uploading ${file.name}…` });
    try {
      const res = await fetch(`/api/console/images?for=${purpose}`, { method: "POST", body: file, headers: { "Content-Type": file.type || "application/octet-stream" } });
      const body = await res.json().catch(() => null);
      if (!res.ok) return setState({ busy: false, error: true, message: body?.error?.message ?? `Upload failed (HTTP ${res.status}).` });
      setValue(body.url);
      setState({ busy: false, message: `Uploaded. ${saveLabel} to use it.` });
    } catch {
      setState({ busy: false, error: true, message: "Could not reach Ringback. Check your connection and try again." });
    }
  }

  return (
    <Labelled name={name} label={label} hint={`PNG, JPEG, WebP or GIF, up to ${maxMb} MB${purpose === "photo" ? ", cropped square" : ""}. From a link, Ringback keeps a copy when you save.`}>
      {({ name: field, ...control }) => (
        <div className="image-picker">
          <input type="hidden" name={field} value={value} />
          <div className="image-row">
            <div className={`image-preview ${purpose}`} data-testid={`${purpose}-preview`}>
              {shown ? (
                // eslint-disable-next-line @next/next/no-img-element
                <img src={shown} alt={purpose === "photo" ? "Your photo" : "The logo"} />
              ) : (
                <span aria-hidden="true">{fallback}</span>
              )}
            </div>
            <div className="image-actions">
              <input
                ref={picker}
                type="file"
                accept="image/png,image/jpeg,image/webp,image/gif"
                hidden
                onChange={(e) => {
                  const f = e.currentTarget.files?.[0];
                  if (f) void upload(f);
                  e.currentTarget.value = "";
                }}
              />
              <button type="button" className="button small" disabled={state.busy} onClick={() => picker.current?.click()}>
                {uploadLabel}
              </button>
              {value && (
                <button
                  type="button"
                  className="button small"
                  disabled={state.busy}
                  onClick={() => {
                    setValue("");
                    setState({ busy: false, message: `Removed. ${saveLabel} to confirm.` });
                  }}
                >
                  Remove
                </button>
              )}
            </div>
          </div>
          <input {...control} type="url" inputMode="url" autoComplete="off" placeholder="Or paste a link: https://…" value={shown ? "" : value} onChange={(e) => setValue(e.currentTarget.value)} />
          {legacy && (
            <p className="hint warn">
              This {purpose} is a link to another site, so it is not shown to prospects. {saveLabel} to keep a copy in Ringback, or upload it.
            </p>
          )}
          {state.message && (
            <p className={state.error ? "field-error" : "hint"} role={state.error ? "alert" : "status"}>
              {state.message}
            </p>
          )}
        </div>
      )}
    </Labelled>
  );
}
