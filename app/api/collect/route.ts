import type { NextRequest } from "next/server";
import { clientIp, sessionTokenOf } from "@/lib/api/http";
import { collect, MAX_BEACON_BYTES } from "@/lib/visits/collect";

/**
 * The prospect page's beacon (public). In production lib/server.ts answers it before Next.js
 * (same function, less work); this route serves `next dev` and anything else that reaches it.
 */
export async function POST(req: NextRequest): Promise<Response> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  let body: string | null = null;
  if (declared <= MAX_BEACON_BYTES) body = await req.text().catch(() => null);
  const out = await collect({
    body,
    tooLarge: declared > MAX_BEACON_BYTES,
    userAgent: req.headers.get("user-agent"),
    ip: clientIp(req.headers),
    sessionToken: sessionTokenOf(req),
  });
  const headers = { "Cache-Control": "no-store", ...out.headers };
  return out.body === undefined ? new Response(null, { status: out.status, headers }) : Response.json(out.body, { status: out.status, headers });
}
