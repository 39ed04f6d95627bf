import { connection } from "next/server";
import { Brandmark } from "../_components/Brandmark";
import { workspace } from "@/lib/profiles";

/** The generic page: someone typed a name we do not know. Friendly, with a way to reach us. */
export default async function NotFound() {
  await connection(); // rendered per request: the company name comes from the live database
  const ws = await workspace();
  return (
    <main className="page">
      <div className="page-company">
        <Brandmark label={ws.companyName} />
      </div>
      <h1 className="hello">Hello there,</h1>
      <p className="message">
        We couldn&apos;t find a page at this address. If someone from {ws.companyName} left you a message, check the spelling, or reply to them directly
        and we&apos;ll get right back to you.
      </p>
      {(ws.contactPhone || ws.contactEmail) && (
        <nav className="actions" aria-label={`Contact ${ws.companyName}`}>
          {ws.contactPhone && (
            <a className="button primary" href={`tel:${ws.contactPhone.replace(/[^+\d]/g, "")}`}>
              Call {ws.companyName}
            </a>
          )}
          {ws.contactEmail && (
            <a className="button" href={`mailto:${ws.contactEmail}`}>
              E-mail {ws.companyName}
            </a>
          )}
        </nav>
      )}
    </main>
  );
}
