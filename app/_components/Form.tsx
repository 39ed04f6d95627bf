"use client";
/**
 * A form that submits JSON to one of our endpoints and shows the answer in place: field errors
 * beside their fields, a general error above the button. What the user typed is never lost.
 */
import { createContext, useContext, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";

type Errors = { message?: string; fields: Record<string, string>; formId: string };
/** The last submit's errors, and an id prefix so two forms on a page never share input ids. */
const ErrorsContext = createContext<Errors>({ fields: {}, formId: "f" });

export type FormProps = {
  action: string;
  method?: "POST" | "PATCH" | "PUT" | "DELETE";
  submitLabel: string;
  /** Where to go after success; the response's `redirect` wins; otherwise the page refreshes. */
  redirectTo?: string;
  successMessage?: string;
  /** Called with the response body on success instead of navigating. */
  onSuccess?: (body: unknown, form: HTMLFormElement) => void;
  resetOnSuccess?: boolean;
  className?: string;
  children: ReactNode;
};

function formToJson(form: HTMLFormElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const el of Array.from(form.elements)) {
    const input = el as HTMLInputElement;
    if (!input.name || input.disabled) continue;
    if (input.type === "checkbox") out[input.name] = input.checked;
    else out[input.name] = input.value;
  }
  return out;
}

export function Form({ action, method = "POST", submitLabel, redirectTo, successMessage, onSuccess, resetOnSuccess, className, children }: FormProps) {
  const formId = useId().replace(/:/g, "");
  const [errors, setErrors] = useState<Omit<Errors, "formId">>({ fields: {} });
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // After a refused submit, take the person to the first field that needs another look.
  useEffect(() => {
    if (Object.keys(errors.fields).length === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setPending(true);
    setDone(null);
    try {
      const res = await fetch(action, {
        method,
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(formToJson(form)),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        const err = body?.error ?? {};
        setErrors({ message: err.message ?? `Something went wrong (HTTP ${res.status}).`, fields: err.fields ?? {} });
        return;
      }
      setErrors({ fields: {} });
      if (resetOnSuccess) form.reset();
      if (onSuccess) return onSuccess(body, form);
      const target = body?.redirect ?? redirectTo;
      if (target) window.location.assign(target);
      else {
        setDone(successMessage ?? "Saved.");
        window.location.reload();
      }
    } catch {
      setErrors({ message: "Could not reach Ringback. Check your connection and try again.", fields: {} });
    } finally {
      setPending(false);
    }
  }

  return (
    <ErrorsContext.Provider value={{ ...errors, formId }}>
      <form ref={formRef} className={className ?? "form"} onSubmit={submit} action={action} method="post" noValidate>
        {children}
        {errors.message && (
          <p className="form-error" role="alert">
            {errors.message}
          </p>
        )}
        {done && <p className="form-ok" role="status">{done}</p>}
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? "Working…" : submitLabel}
        </button>
      </form>
    </ErrorsContext.Provider>
  );
}

type FieldProps = {
  name: string;
  label: string;
  type?: string;
  defaultValue?: string | null;
  autoComplete?: string;
  required?: boolean;
  placeholder?: string;
  hint?: string;
  maxLength?: number;
};

type ControlProps = { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby"?: string };

/** A label, the control, and the hint or the error from the last submit — for any kind of input. */
export function Labelled({ name, label, required, hint, children }: Pick<FieldProps, "name" | "label" | "required" | "hint"> & { children: (control: ControlProps) => ReactNode }) {
  const { fields, formId } = useContext(ErrorsContext);
  const error = fields[name];
  const id = `${formId}-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {!required && <span className="optional"> (optional)</span>}
      </label>
      {children({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined })}
      {hint && !error && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input that shows its own error from the last submit. */
export function Field({ name, label, type = "text", defaultValue, autoComplete, required, placeholder, hint, maxLength }: FieldProps) {
  return (
    <Labelled name={name} label={label} required={required} hint={hint}>
      {(control) => <input {...control} type={type} defaultValue={defaultValue ?? undefined} autoComplete={autoComplete} required={required} placeholder={placeholder} maxLength={maxLength} />}
    </Labelled>
  );
}

export function Checkbox({ name, label, defaultChecked }: { name: string; label: string; defaultChecked?: boolean }) {
  return (
    <label className="checkbox">
      <input type="checkbox" name={name} defaultChecked={defaultChecked} /> {label}
    </label>
  );
}

/** A labelled multi-line input that shows its own error from the last submit. */
export function TextArea({ name, label, defaultValue, required, placeholder, hint, maxLength, rows = 4 }: Omit<FieldProps, "type" | "autoComplete"> & { rows?: number }) {
  return (
    <Labelled name={name} label={label} required={required} hint={hint}>
      {(control) => <textarea {...control} rows={rows} defaultValue={defaultValue ?? undefined} required={required} placeholder={placeholder} maxLength={maxLength} />}
    </Labelled>
  );
}
