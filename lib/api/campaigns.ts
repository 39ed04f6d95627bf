/** The campaign endpoints' shared answers: errors in the one error shape. */
import { ZodError } from "zod";
import { CampaignArchived, CampaignInputError } from "../campaigns/store";
import { Forbidden } from "../ownership";
import { apiError, validationError } from "./http";

export const CAMPAIGN_NOT_FOUND = "No campaign with this id.";

export function campaignErrorResponse(e: unknown): Response | undefined {
  if (e instanceof Forbidden) return apiError(403, "forbidden", e.message, e.fields);
  if (e instanceof ZodError) return validationError(e);
  if (e instanceof CampaignInputError) return apiError(422, "invalid_input", "Some fields are not valid.", e.fields);
  if (e instanceof CampaignArchived) return apiError(409, "campaign_archived", e.message);
  return undefined;
}

/** Runs a campaign action, answering its known errors; anything else is the server's problem. */
export async function campaignAction(fn: () => Response | Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    const res = campaignErrorResponse(e);
    if (res) return res;
    throw e;
  }
}
