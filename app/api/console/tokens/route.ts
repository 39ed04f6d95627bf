import { z } from "zod";
import { createApiToken, listTokens } from "@/lib/auth/tokens";
import { readJson, withSession } from "@/lib/api/http";

const createTokenSchema = z.object({
  name: z.string().trim().min(1, "Name the token after where you will use it, e.g. “HubSpot”.").max(100, "Use at most 100 characters."),
});

export const GET = withSession(async (_req, _ctx, user) => Response.json({ data: await listTokens(user.id) }));

export const POST = withSession(async (req, _ctx, user) => {
  const body = await readJson(req, createTokenSchema);
  if (!body.ok) return body.response;
  const { token, record } = await createApiToken(user.id, body.data.name);
  return Response.json({ ...record, token }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
