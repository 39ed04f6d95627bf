import type { Metadata } from "next";
import { ChangePassword } from "../../_components/ChangePassword";
import { Checkbox, Field, Form } from "../../_components/Form";
import { ImagePicker } from "../../_components/ImagePicker";
import { SessionList } from "../../_components/SessionList";
import { HolidaysEditor } from "../../_components/HolidaysEditor";
import { TestEmail } from "../../_components/TestEmail";
import { TimeZoneHint } from "../../_components/TimeZoneHint";
import { TokenManager } from "../../_components/TokenManager";
import { WebhookManager } from "../../_components/WebhookManager";
import { emailConfigured } from "@/lib/alerts/email";
import { listWebhooks } from "@/lib/alerts/webhooks";
import { currentSessionToken, requireUser } from "@/lib/auth/current";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/passwords";
import { listSessions } from "@/lib/auth/sessions";
import { config } from "@/lib/config";
import { listTokens } from "@/lib/auth/tokens";
import { workspace } from "@/lib/profiles";
import { preferencesOf } from "@/lib/alerts/preferences";

const ZONES = Intl.supportedValuesOf("timeZone");

function initials(name: string): string {
  return Array.from(name.trim().split(/\s+/).slice(0, 2), (w) => Array.from(w)[0] ?? "").join("").toUpperCase();
}

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const user = await requireUser("/settings");
  const ws = await workspace();
  const prefs = preferencesOf(user);
  return (
    <>
      <h1>Settings</h1>
      <div className="grid2">
        <section className="card" id="profile">
          <h2>Your profile</h2>
          <p className="muted">Prospects see this on your pages.</p>
          <Form action="/api/console/profile" method="PATCH" submitLabel="Save profile">
            <Field name="name" label="Name" required defaultValue={user.name} autoComplete="name" />
            <Field name="title" label="Title" defaultValue={user.title} autoComplete="organization-title" />
            <Field name="phone" label="Phone" type="tel" defaultValue={user.phone} autoComplete="tel" hint="What the Call button on your pages dials." />
            <ImagePicker name="photoUrl" label="Photo" purpose="photo" current={user.photoUrl} fallback={initials(user.name)} uploadLabel="Upload a photo" saveLabel="Save profile" maxMb={config().IMAGE_UPLOAD_MAX_MB} />
            <Field name="calendarUrl" label="Booking link" type="url" defaultValue={user.calendarUrl} placeholder="https://cal.example.com/you" />
          </Form>
        </section>
        <section className="card" id="alerts">
          <h2>Alerts</h2>
          <p className="muted">You hear about your prospects the moment they open their page. Quiet hours hold alerts back (they are still recorded) and sum them up when the quiet hours end.</p>
          <Form action="/api/console/alerts/preferences" method="PATCH" submitLabel="Save alerts" successMessage="Saved.">
            <div className="field">
              <label htmlFor="alert-tz">Your time zone</label>
              <select id="alert-tz" name="timeZone" defaultValue={ZONES.includes(prefs.timeZone) ? prefs.timeZone : "UTC"}>
                {!ZONES.includes("UTC") && <option value="UTC">UTC</option>}
                {ZONES.map((z) => (
                  <option key={z} value={z}>
                    {z.replace(/_/g, " ")}
                  </option>
                ))}
              </select>
              <TimeZoneHint selectId="alert-tz" current={prefs.timeZone} />
            </div>
            <div className="grid2 tight">
              <Field name="quietStart" label="Quiet from" type="time" defaultValue={prefs.quietStart} hint="e.g. 19:00; empty for none" />
              <Field name="quietEnd" label="Quiet until" type="time" defaultValue={prefs.quietEnd} hint="e.g. 08:00" />
            </div>
            <Checkbox name="emailAlerts" label="E-mail me alerts too" defaultChecked={prefs.emailAlerts} />
            {user.role === "admin" && (
              <label className="checkbox">
                <input type="checkbox" name="alertScope" defaultChecked={prefs.alertScope === "all"} /> Everyone&apos;s alerts and queue, not only mine
              </label>
            )}
          </Form>
          {emailConfigured() ? <TestEmail to={user.email} /> : <p className="muted small">E-mail alerts start once the server has an SMTP server to send through (<code>SMTP_URL</code>).</p>}
        </section>
        <section className="card" id="holidays">
          <h2>Days off</h2>
          <p className="muted">Campaign touches skip weekends and these dates, in your time zone ({user.timeZone}). Touches already planned keep their day.</p>
          <HolidaysEditor initial={user.holidays ?? []} />
        </section>
        <section className="card" id="password">
          <h2>Password</h2>
          <ChangePassword minLength={PASSWORD_MIN_LENGTH} />
        </section>
        <section className="card" id="sessions">
          <h2>Where you&rsquo;re signed in</h2>
          <p className="muted">Sign out a browser or device you no longer use, or one you do not recognise (then change your password too).</p>
          <SessionList initial={await listSessions(user.id, await currentSessionToken())} />
        </section>
        <section className="card">
          <h2>API tokens</h2>
          <p className="muted">
            For your CRM or dialer: send <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1</code>. A token acts as you.
          </p>
          <TokenManager initial={await listTokens(user.id)} />
        </section>
        {user.role === "admin" && (
          <section className="card" id="workspace">
            <h2>Workspace</h2>
            <Form action="/api/console/workspace" method="PATCH" submitLabel="Save workspace">
              <Field name="companyName" label="Company name" required defaultValue={ws.companyName} />
              <Field name="publicBaseUrl" label="Public address" type="url" defaultValue={ws.publicBaseUrl} placeholder="https://acme.com" hint="What reps say on voicemails, e.g. https://acme.com" />
              <Field name="brandColor" label="Brand colour" defaultValue={ws.brandColor} placeholder="#2563eb" />
              <ImagePicker name="logoUrl" label="Logo" purpose="logo" current={ws.logoUrl} fallback={ws.companyName} uploadLabel="Upload a logo" saveLabel="Save workspace" maxMb={config().IMAGE_UPLOAD_MAX_MB} />
              <label className="field">
                <span>A &ldquo;-&rdquo; in an address is said</span>
                <select name="spokenDash" defaultValue={ws.spokenDash}>
                  <option value="dash">dash (rob dash mason)</option>
                  <option value="hyphen">hyphen (rob hyphen mason)</option>
                </select>
              </label>
              <Field name="defaultPhoneRegion" label="Default phone region" defaultValue={ws.defaultPhoneRegion} placeholder="US" />
              <Field name="contactPhone" label="Main phone" type="tel" defaultValue={ws.contactPhone} hint="The Call button on the pages of reps without a phone of their own, and shown to someone who mistyped an address." />
              <Field name="contactEmail" label="Main e-mail" type="email" defaultValue={ws.contactEmail} />
            </Form>
          </section>
        )}
        <section className="card" style={{ gridColumn: "1 / -1" }}>
          <h2>Webhooks</h2>
          <p className="muted">
            Ringback POSTs your prospects&rsquo; visits to these addresses, signed with <code>X-Ringback-Signature</code>; failed deliveries are retried for a day.
          </p>
          <WebhookManager initial={await listWebhooks(user)} isAdmin={user.role === "admin"} />
        </section>
      </div>
    </>
  );
}
