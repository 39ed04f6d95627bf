import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Brandmark } from "../_components/Brandmark";
import { Checkbox, Field, Form } from "../_components/Form";
import { errorMessage } from "../_components/messages";
import { needsSetup } from "@/lib/accounts";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/passwords";

export const metadata: Metadata = { title: "Set up", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function SetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await needsSetup())) redirect("/login");
  const error = errorMessage((await searchParams).error);
  return (
    <main className="auth">
      <div className="auth-card">
        <Brandmark />
        <h1>Set up Ringback</h1>
        <p className="lede">Create the first admin account. You can add your reps afterwards.</p>
        {error && <p className="form-error" role="alert">{error}</p>}
        <Form action="/api/auth/setup" submitLabel="Create admin account">
          <Field name="companyName" label="Company name" required autoComplete="organization" placeholder="Acme" hint="Prospects see it on every page." />
          <Field name="name" label="Your name" required autoComplete="name" />
          <Field name="title" label="Your title" autoComplete="organization-title" placeholder="Account Executive" />
          <Field name="email" label="Work e-mail" type="email" required autoComplete="email" />
          <Field name="phone" label="Phone prospects call back" type="tel" autoComplete="tel" />
          <Field name="password" label="Password" type="password" required autoComplete="new-password" hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} />
          <Checkbox name="addExample" label="Add an example page for “Rob Mason”, so I can see what a prospect sees" defaultChecked />
        </Form>
      </div>
    </main>
  );
}
