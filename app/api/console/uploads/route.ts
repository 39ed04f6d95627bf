import { apiError, withSession } from "@/lib/api/http";
import { saveUpload, UploadError } from "@/lib/uploads";

/** A rep uploads a demo video or a PDF as the raw request body; the answer is its URL. */
export const POST = withSession(async (req) => {
  try {
    const length = req.headers.get("content-length");
    const saved = await saveUpload(req.body, length ? Number(length) : null);
    return Response.json(saved, { status: 201 });
  } catch (e) {
    if (e instanceof UploadError) return apiError(e.status, e.code, e.message);
    throw e;
  }
});
