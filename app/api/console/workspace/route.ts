import { updateWorkspace, workspace, workspaceSchema } from "@/lib/profiles";
import { readJson, withSession } from "@/lib/api/http";

export const GET = withSession(() => Response.json({ workspace: workspace() }));

export const PATCH = withSession(
  async (req) => {
    const body = await readJson(req, workspaceSchema);
    if (!body.ok) return body.response;
    return Response.json({ workspace: updateWorkspace(body.data) });
  },
  { admin: true },
);
