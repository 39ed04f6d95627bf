import { Brandmark } from "./_components/Brandmark";

/**
 * Any other unknown address (deeper paths). Rendered into static pages at build time too, so it
 * reads nothing from the database; a mistyped name gets app/[slug]/not-found.tsx instead.
 */
export default function NotFound() {
  return (
    <main className="page">
      <div className="page-company">
        <Brandmark />
      </div>
      <h1 className="hello">Hello there,</h1>
      <p className="message">We couldn&apos;t find a page at this address. Check the spelling, or reply to the person who sent it to you.</p>
    </main>
  );
}
