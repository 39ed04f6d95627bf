import { apiError, jsonAs, requestOrigin, withToken } from "@/lib/api/http";
import { lookupSchema } from "@/lib/api/schemas";
import { lookupByPhone } from "@/lib/lookup";
import { toApiProspect } from "@/lib/prospects";

/** "Who's calling?" for dialers and phone systems: the token owner's prospects with this number (an admin's: everyone's). */
export const GET = withToken(async (req, _ctx, user) => {
  const raw = req.nextUrl.searchParams.get("phone") ?? "";
  const started = performance.now();
  const matches = await lookupByPhone(user, raw);
  if (!matches) return apiError(422, "invalid_input", "phone is not a phone number.", { phone: "Use a phone number such as +1 555 010 2030." });
  return jsonAs(lookupSchema, {
    matches: await Promise.all(
      matches.map(async (m) => ({
        prospect: await toApiProspect(m.prospect, requestOrigin(req)),
        lastVoicemail: m.lastVoicemail ? { text: m.lastVoicemail.text, leftAt: new Date(m.lastVoicemail.leftAt).toISOString(), scriptId: m.lastVoicemail.scriptId } : null,
        lastVisitAt: m.lastVisitAt === null ? null : new Date(m.lastVisitAt).toISOString(),
      })),
    ),
  }, { headers: { "Server-Timing": `lookup;dur=${(performance.now() - started).toFixed(2)}` } });
});
