import { updateWorkspace, workspace, workspaceSchema } from "@/lib/profiles";
import { apiError, readJson, withSession } from "@/lib/api/http";
import { ImageFieldError } from "@/lib/images/links";

export const GET = withSession(async () => Response.json({ workspace: await workspace() }));

export const PATCH = withSession(
  async (req) => {
    const body = await readJson(req, workspaceSchema);
    if (!body.ok) return body.response;
    try {
      return Response.json({ workspace: await updateWorkspace(body.data) });
    } catch (e) {
      if (e instanceof ImageFieldError) return apiError(422, "invalid_input", "Some fields are not valid.", { [e.field]: e.message });
      throw e;
    }
  },
  { admin: true },
);
