"use client";
/**
 * Create or edit a play: its name, message (with merge-field chips), blocks, calls to action and
 * promise — beside a live preview "as Rob Mason of Northwind", at phone or desktop size. The
 * preview is the real page, rendered by /plays/preview in a same-origin frame from what is typed
 * (nothing is saved or recorded until "Save").
 */
import { useCallback, useEffect, useRef, useState, type CSSProperties } from "react";
import { Checkbox, Field, Form, TextArea } from "./Form";
import { BlockFields } from "./BlockFields";

type Props = {
  mode: "create" | "edit";
  playId?: string;
  values?: Record<string, string>;
  isAdmin: boolean;
  /** The merge fields, with what each stands for. */
  fields: { name: string; help: string }[];
};

/** Inputs a merge field may be put in. */
const MERGEABLE = new Set(["message", "videoTitle", "presentationTitle", "offerTitle", "offerText"]);

function formToJson(form: HTMLFormElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const el of Array.from(form.elements)) {
    const input = el as HTMLInputElement;
    if (!input.name || input.disabled || input.type === "file") continue;
    out[input.name] = input.type === "checkbox" ? input.checked : input.value;
  }
  return out;
}

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function PlayEditor({ mode, playId, values = {}, isAdmin, fields }: Props) {
  const v = (k: string) => values[k] ?? "";
  const checked = (k: string, fallback: boolean) => (k in values ? values[k] === "on" : fallback);
  const wrap = useRef<HTMLDivElement>(null);
  const lastField = useRef<string>("message");
  const base = `/plays/preview${playId ? `?id=${encodeURIComponent(playId)}` : ""}`;
  const [src, setSrc] = useState<string | null>(null);
  const [size, setSize] = useState<"phone" | "desktop">("phone");
  const timer = useRef<number | undefined>(undefined);
  const device = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0.5);

  // The desktop frame is 1280 CSS pixels wide, shrunk to the width it has.
  useEffect(() => {
    const el = device.current;
    if (size !== "desktop" || !el) return;
    const measure = () => setScale(el.clientWidth / 1280);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [size]);

  const refresh = useCallback(() => {
    const form = wrap.current?.querySelector("form");
    if (!form) return;
    const draft = base64url(JSON.stringify(formToJson(form)));
    setSrc(`/plays/preview?${playId ? `id=${encodeURIComponent(playId)}&` : ""}draft=${draft}`);
  }, [playId]);

  useEffect(() => {
    refresh();
    return () => window.clearTimeout(timer.current);
  }, [refresh]);

  const later = () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(refresh, 500);
  };

  function insertField(name: string) {
    const form = wrap.current?.querySelector("form");
    const input = form?.elements.namedItem(lastField.current) as HTMLInputElement | HTMLTextAreaElement | null;
    if (!input) return;
    const token = `{{${name}}}`;
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? input.value.length;
    input.setRangeText(token, start, end, "end");
    input.focus();
    later();
  }

  return (
    <div
      ref={wrap}
      className={`play-layout${size === "desktop" ? " wide-preview" : ""}`}
      onInput={later}
      onChange={later}
      onFocus={(e) => {
        const name = (e.target as HTMLInputElement).name;
        if (MERGEABLE.has(name)) lastField.current = name;
      }}
    >
      <section className="card play-form">
        <Form
          action={mode === "create" ? "/api/console/plays" : `/api/console/plays/${encodeURIComponent(playId ?? "")}`}
          method={mode === "create" ? "POST" : "PATCH"}
          submitLabel={mode === "create" ? "Create play" : "Save play"}
          successMessage="Saved. Every page using this play shows it now."
        >
          <Field name="name" label="Name" required defaultValue={v("name")} maxLength={100} placeholder="First call, demo video" autoComplete="off" />
          <fieldset className="fieldset">
            <legend>What the page says</legend>
            <TextArea
              name="message"
              label="Personal message"
              defaultValue={v("message")}
              maxLength={2000}
              rows={5}
              placeholder="Hi {{firstName}}, thanks for taking a minute. Here is how {{company|your team}} could…"
            />
            <div className="merge-help">
              <p className="hint" id="merge-help">
                Merge fields fill in for each person. Click one to put it where you are typing (the message, a title or the offer). Add a fallback for an empty value: <code>{"{{company|your team}}"}</code>.
              </p>
              <div className="chips" role="group" aria-label="Merge fields">
                {fields.map((f) => (
                  <button key={f.name} type="button" className="chip" title={f.help} aria-describedby="merge-help" onMouseDown={(e) => e.preventDefault()} onClick={() => insertField(f.name)}>
                    {`{{${f.name}}}`}
                  </button>
                ))}
              </div>
            </div>
          </fieldset>
          <BlockFields v={v} mergeFields />
          <fieldset className="fieldset">
            <legend>Buttons and promise</legend>
            <div className="checks">
              <Checkbox name="ctaCall" label="Call (when you have a phone number in your profile)" defaultChecked={checked("ctaCall", true)} />
              <Checkbox name="ctaEmail" label="E-mail" defaultChecked={checked("ctaEmail", true)} />
              <Checkbox name="ctaBook" label="Book a time (when you have a calendar link)" defaultChecked={checked("ctaBook", true)} />
            </div>
            <Field
              name="promiseDays"
              label="Promise a call in … working days"
              type="number"
              defaultValue={v("promiseDays")}
              placeholder="3"
              hint="Shown as “I'll call you on Thursday.”, counted from when the page was made. A page's own follow-up date wins."
            />
          </fieldset>
          {isAdmin && <Checkbox name="shared" label="Share with the workspace: every rep can use this play (only admins can change it)" defaultChecked={checked("shared", false)} />}
        </Form>
      </section>
      <aside className="card play-preview" aria-label="Preview">
        <div className="card-head">
          <h2>Preview as Rob Mason of Northwind</h2>
          <div className="toggle" role="group" aria-label="Preview size">
            <button type="button" className="button small" aria-pressed={size === "phone"} onClick={() => setSize("phone")}>
              Phone
            </button>
            <button type="button" className="button small" aria-pressed={size === "desktop"} onClick={() => setSize("desktop")}>
              Desktop
            </button>
          </div>
        </div>
        <div ref={device} className={`device ${size}`} style={size === "desktop" ? ({ "--scale": String(scale) } as CSSProperties) : undefined}>
          {src && <iframe key={size} src={src} title={`Preview on a ${size}`} className="device-frame" data-testid="play-preview" />}
        </div>
        <p className="hint">
          What a prospect sees, filled in for a sample person. Nothing here is saved or recorded.{" "}
          <a href={src ?? base} target="_blank" rel="noopener">
            Open full size
          </a>
        </p>
      </aside>
    </div>
  );
}
