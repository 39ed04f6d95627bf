import type { NextRequest } from "next/server";
import { apiError, clientIp, fieldErrors } from "@/lib/api/http";
import { SESSION_COOKIE, userForSessionToken } from "@/lib/auth/sessions";
import { config } from "@/lib/config";
import { classifyAgent } from "@/lib/visits/agents";
import { minuteLimiter } from "@/lib/visits/rate-limit";
import { beaconSchema, recordBeacon } from "@/lib/visits/record";

const MAX_BYTES = 8 * 1024;
const allow = minuteLimiter(() => config().COLLECT_LIMIT_PER_MINUTE);
const NO_STORE = { "Cache-Control": "no-store" };

/**
 * The prospect page's beacon (public). Accepts sendBeacon's text/plain and JSON. Bots get 204 and
 * nothing is stored, so they learn nothing; bad bodies get 4xx and nothing is stored.
 */
export async function POST(req: NextRequest): Promise<Response> {
  const ip = clientIp(req.headers);
  const limited = allow(ip);
  if (!limited.ok) return apiError(429, "rate_limited", "Too many events from this client. Slow down.", {}, { "Retry-After": String(limited.retryAfterSeconds) });

  const userAgent = req.headers.get("user-agent");
  if (classifyAgent(userAgent).kind !== "human") return new Response(null, { status: 204, headers: NO_STORE });

  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BYTES) return apiError(413, "too_large", `A beacon may be at most ${MAX_BYTES} bytes.`);
  let text: string;
  try {
    text = await req.text();
  } catch {
    return apiError(400, "invalid_body", "The body could not be read.");
  }
  if (text.length > MAX_BYTES) return apiError(413, "too_large", `A beacon may be at most ${MAX_BYTES} bytes.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return apiError(400, "invalid_json", "The body is not valid JSON.");
  }
  const parsed = beaconSchema.safeParse(raw);
  if (!parsed.success) return apiError(422, "invalid_input", "The event is not valid.", fieldErrors(parsed.error));

  try {
    const signedInRep = userForSessionToken(req.cookies.get(SESSION_COOKIE)?.value) !== undefined;
    const outcome = recordBeacon(parsed.data, { userAgent, ip, signedInRep });
    if (!outcome.stored) return outcome.step === "page" ? apiError(404, "not_found", "No page at that address.") : new Response(null, { status: 204, headers: NO_STORE });
    return Response.json({ ok: true, visitId: outcome.visitId }, { status: 202, headers: NO_STORE });
  } catch (err) {
    console.error("[ringback] beacon failed:", err);
    return apiError(503, "unavailable", "The event could not be stored. Try again.");
  }
}
