/** The Ringback mark: a handset with a return arrow. Inline SVG: nothing to fetch. */
export function Brandmark({ label = "Ringback", href }: { label?: string; href?: string }) {
  const mark = (
    <>
      <svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z" />
        <path d="M15 3h6v6" />
        <path d="M21 3l-7 7" />
      </svg>
      <span>{label}</span>
    </>
  );
  return href ? (
    <a className="brandmark" href={href}>
      {mark}
    </a>
  ) : (
    <span className="brandmark">{mark}</span>
  );
}
