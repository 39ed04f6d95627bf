import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Brandmark } from "../_components/Brandmark";
import { Field, Form } from "../_components/Form";
import { errorMessage } from "../_components/messages";
import { needsSetup } from "@/lib/accounts";
import { currentUser } from "@/lib/auth/current";
import { safeReturnPath } from "@/lib/api/forms";
import { workspace } from "@/lib/profiles";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await needsSetup()) redirect("/setup");
  const params = await searchParams;
  const next = safeReturnPath(params.next);
  if (await currentUser()) redirect(next);
  const error = errorMessage(params.error);
  return (
    <main className="auth">
      <div className="auth-card">
        <Brandmark label={(await workspace()).companyName} />
        <h1>Sign in</h1>
        {params.signedOut && !error && <p className="notice" role="status">You are signed out.</p>}
        {error && <p className="form-error" role="alert">{error}</p>}
        <Form action="/api/auth/login" submitLabel="Sign in" redirectTo={next}>
          <input type="hidden" name="next" value={next} />
          <Field name="email" label="E-mail" type="email" required autoComplete="username" />
          <Field name="password" label="Password" type="password" required autoComplete="current-password" />
        </Form>
        <p className="hint" style={{ marginTop: "1rem" }}>Forgot your password? Ask your Ringback admin to reset it.</p>
      </div>
    </main>
  );
}
