"use client";
/** Create or edit a prospect's page: who they are, what the page says and shows. */
import { Checkbox, Field, Form, Labelled, TextArea } from "./Form";
import { BlockFields } from "./BlockFields";

type PlayChoice = { id: string; name: string; shared: boolean; archived?: boolean };
type Props = { mode: "create" | "edit"; prospectId?: string; values?: Record<string, string>; host: string; plays?: PlayChoice[] };

export function ProspectForm({ mode, prospectId, values = {}, host, plays = [] }: Props) {
  const v = (k: string) => values[k] ?? "";
  return (
    <Form
      action={mode === "create" ? "/api/console/prospects" : `/api/console/prospects/${encodeURIComponent(prospectId ?? "")}`}
      method={mode === "create" ? "POST" : "PATCH"}
      submitLabel={mode === "create" ? "Create page" : "Save changes"}
      successMessage="Saved."
    >
      <fieldset className="fieldset">
        <legend>Who it is for</legend>
        <div className="grid2 tight">
          <Field name="firstName" label="First name" required defaultValue={v("firstName")} maxLength={100} autoComplete="off" />
          <Field name="lastName" label="Last name" defaultValue={v("lastName")} maxLength={100} autoComplete="off" />
          <Field name="company" label="Company" defaultValue={v("company")} maxLength={120} autoComplete="off" />
          <Field name="phone" label="Phone" type="tel" defaultValue={v("phone")} maxLength={40} autoComplete="off" />
          <Field name="email" label="E-mail" type="email" defaultValue={v("email")} autoComplete="off" />
          <Field name="followUpAt" label="Follow-up date" type="date" defaultValue={v("followUpAt")} hint="The page promises your call that day." />
        </div>
        <Field
          name="slug"
          label="Page address"
          defaultValue={v("slug")}
          placeholder="made from the name"
          maxLength={60}
          hint={`${host}/… — leave empty to make it from the name. Renaming keeps the old address working.`}
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend>What the page says</legend>
        <Labelled
          name="playId"
          label="Play"
          hint={
            plays.length
              ? "The page follows the play. Anything you fill in below (message, video, presentation, offer) overrides the play for this person only; leave it empty to follow the play."
              : "No plays yet: make one under Plays to reuse a page for many people."
          }
        >
          {(control) => (
            <select {...control} defaultValue={v("playId")}>
              <option value="">No play: only what you fill in below</option>
              {plays.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.shared ? " (workspace)" : ""}
                  {p.archived ? " (archived)" : ""}
                </option>
              ))}
            </select>
          )}
        </Labelled>
        <TextArea name="message" label="Personal message" defaultValue={v("message")} maxLength={2000} placeholder="Thanks for taking a minute…" />
        <TextArea name="privateNote" label="Private note (never shown to the prospect)" defaultValue={v("privateNote")} maxLength={5000} rows={3} />
      </fieldset>
      <BlockFields v={v} />
      <fieldset className="fieldset">
        <legend>Buttons on the page</legend>
        <Labelled
          name="ctaMode"
          label="Which buttons show"
          hint="Without a play, all three. Call shows only when you (or the workspace) have a phone number, Book a time only with a calendar link."
        >
          {(control) => (
            <select {...control} defaultValue={v("ctaMode") || "play"}>
              <option value="play">As the play says</option>
              <option value="own">Only the ones ticked below</option>
            </select>
          )}
        </Labelled>
        <div className="checks">
          <Checkbox name="ctaCall" label="Call" defaultChecked={v("ctaCall") !== "false"} />
          <Checkbox name="ctaEmail" label="E-mail" defaultChecked={v("ctaEmail") !== "false"} />
          <Checkbox name="ctaBook" label="Book a time" defaultChecked={v("ctaBook") !== "false"} />
        </div>
      </fieldset>
    </Form>
  );
}
