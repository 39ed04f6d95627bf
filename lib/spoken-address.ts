/** A page's address as a rep says it on a voicemail: "acme dot com slash rob dash mason". */
export function spokenAddress(publicBase: string, slug: string): string {
  const host = publicBase.replace(/^https?:\/\//, "").replace(/\/+$/, "");
  return `${host.replace(/\./g, " dot ")} slash ${slug.replace(/-/g, " dash ")}`;
}
