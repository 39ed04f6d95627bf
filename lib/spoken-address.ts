/** A page's address as a rep says it on a voicemail: "acme dot com slash rob dash mason". */
export function spokenAddress(publicBase: string, slug: string): string {
  const host = publicBase.replace(/^https?:\/\//, "").replace(/\/+$/, "");
  return `${host.replace(/\./g, " dot ")} slash ${slug.replace(/-/g, " dash ")}`;
}

/** The voicemail's line that speaks the address, as the console shows it after "Say:" (and the message log keeps it when nothing else was written). */
export function spokenLine(publicBase: string, slug: string): string {
  return `…I recorded something for you at ${spokenAddress(publicBase, slug)}.`;
}
