/**
 * The beacon endpoint's whole request path, independent of any framework: the HTTP layer
 * (lib/server.ts) answers POST /api/collect with it directly — the least work per beacon — and
 * app/api/collect/route.ts uses it too (e.g. under `next dev`).
 */
import { storageProblem } from "../../db/index";
import type { ErrorBody } from "../api/http";
import { userForSessionToken } from "../auth/sessions";
import { config } from "../config";
import { classifyAgent } from "./agents";
import { minuteLimiter } from "./rate-limit";
import { beaconSchema, recordBeacon } from "./record";

export const MAX_BEACON_BYTES = 8 * 1024;

export type CollectRequest = { body: string | null; tooLarge: boolean; userAgent: string | null; ip: string; sessionToken: string | undefined };
export type CollectResponse = { status: number; body?: unknown; headers?: Record<string, string> };

const allow = minuteLimiter("collect", () => config().COLLECT_LIMIT_PER_MINUTE);

function error(status: number, code: string, message: string, fields: Record<string, string> = {}, headers?: Record<string, string>): CollectResponse {
  const body: ErrorBody = { error: { code, message, fields } };
  return { status, body, headers };
}

function fieldsOf(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.map(String).join(".") || "_"] ??= i.message;
  return out;
}

/** Bots get 204 and nothing is stored, so they learn nothing; bad bodies get 4xx and nothing is stored. */
export async function collect(req: CollectRequest): Promise<CollectResponse> {
  const limited = await allow(req.ip);
  if (!limited.ok) return error(429, "rate_limited", "Too many events from this client. Slow down.", {}, { "Retry-After": String(limited.retryAfterSeconds) });
  if (classifyAgent(req.userAgent).kind !== "human") return { status: 204 };
  if (req.tooLarge || (req.body !== null && req.body.length > MAX_BEACON_BYTES)) return error(413, "too_large", `A beacon may be at most ${MAX_BEACON_BYTES} bytes.`);
  if (req.body === null) return error(400, "invalid_body", "The body could not be read.");
  let raw: unknown;
  try {
    raw = JSON.parse(req.body);
  } catch {
    return error(400, "invalid_json", "The body is not valid JSON.");
  }
  const parsed = beaconSchema.safeParse(raw);
  if (!parsed.success) return error(422, "invalid_input", "The event is not valid.", fieldsOf(parsed.error.issues));
  try {
    const signedInRep = req.sessionToken ? (await userForSessionToken(req.sessionToken)) !== undefined : false;
    const outcome = await recordBeacon(parsed.data, { userAgent: req.userAgent, ip: req.ip, signedInRep });
    if (!outcome.stored) return outcome.step === "page" ? error(404, "not_found", "No page at that address.") : { status: 204 };
    return { status: 202, body: { ok: true, visitId: outcome.visitId } };
  } catch (err) {
    const storage = storageProblem(err);
    console.error(`[ringback] beacon failed: ${storage?.code ?? ""}`, (err as Error).message);
    return storage ? error(storage.status, storage.code, storage.message) : error(503, "unavailable", "The event could not be stored. Try again.");
  }
}
