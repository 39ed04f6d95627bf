/**
 * Next.js's proxy (the successor of middleware): every page it renders gets a fresh nonce, carried
 * on the request's Content-Security-Policy so the framework puts it on each of its scripts, and
 * sent as the response's policy (lib/security/csp.ts). A prospect's page is left alone here:
 * lib/server.ts marks it, and lib/page-serving.ts gives it a hash-based policy that survives caching.
 */
import { NextResponse, type NextRequest } from "next/server";
import { consolePolicy, FRAMED_BY_SELF, newNonce } from "./lib/security/csp";

export function proxy(request: NextRequest) {
  if (request.headers.get("x-ringback-route") === "page") return NextResponse.next();
  const nonce = newNonce();
  const framed = FRAMED_BY_SELF.has(request.nextUrl.pathname);
  const policy = consolePolicy(nonce, process.env.NODE_ENV === "development", { framedBySelf: framed });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  headers.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  if (framed) response.headers.set("X-Frame-Options", "SAMEORIGIN");
  return response;
}

export const config = {
  // Pages only: API answers, files and images keep lib/server.ts's "load nothing" policy.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|uploads/|og/|icon\\.svg|favicon\\.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
