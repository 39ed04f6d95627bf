/**
 * The import endpoints' shared HTTP side: the API answers JSON; the console gets the same answer
 * at the end of a stream of progress lines (application/x-ndjson), so its progress bar moves while
 * the server works. Both read the body with the size limit and call lib/imports.
 */
import type { NextRequest } from "next/server";
import { storageProblem } from "../../db/index";
import type { UserRow } from "../../db/queries/users";
import { config } from "../config";
import { parseImportQuery, prepareImport, rowsToFixCsv, runImport, type ImportFailure } from "../imports/index";
import { apiError, requestOrigin } from "./http";

/** Body types that are surely not a CSV: refused with a message rather than parsed as one. */
const NOT_CSV_TYPES = /^\s*(application\/json|multipart\/form-data|application\/x-www-form-urlencoded|image\/|video\/|application\/pdf)/i;

async function readBody(req: Request, maxBytes: number): Promise<{ ok: true; bytes: Uint8Array } | ImportFailure> {
  const tooLarge = (): ImportFailure => ({ ok: false, status: 413, code: "too_large", message: `The file is larger than ${config().IMPORT_MAX_MB} MB. Split it into smaller files.`, fields: {} });
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge();
  if (!req.body) return { ok: true, bytes: new Uint8Array() };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return tooLarge();
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

const failure = (f: ImportFailure) => apiError(f.status, f.code, f.message, f.fields);

/** Checks the query, type and size of an import request, then prepares the file. */
async function prepare(req: NextRequest, user: UserRow) {
  const query = parseImportQuery(req.nextUrl.searchParams);
  if (!query.ok) return { response: failure(query) };
  const type = req.headers.get("content-type") ?? "";
  if (NOT_CSV_TYPES.test(type)) {
    return { response: apiError(422, "not_csv", `Send the call list itself as the body, with Content-Type: text/csv (this request says ${type.split(";")[0]}).`) };
  }
  const body = await readBody(req, config().IMPORT_MAX_MB * 1024 * 1024);
  if (!body.ok) return { response: failure(body) };
  const prepared = await prepareImport(user, body.bytes, query.query);
  if (!prepared.ok) return { response: failure(prepared) };
  return { prepared };
}

/** `POST /api/v1/imports`: 200 with what a dry run would do, 201 with what was done. */
export async function importAsJson(req: NextRequest, user: UserRow): Promise<Response> {
  const p = await prepare(req, user);
  if (!p.prepared) return p.response;
  const answer = await runImport(p.prepared, { origin: requestOrigin(req) });
  return Response.json(answer, { status: answer.dryRun ? 200 : 201, headers: { "Cache-Control": "no-store" } });
}

/**
 * The console's import: problems with the whole file are answered at once (4xx JSON); otherwise a
 * 200 stream of `{"type":"progress",…}` lines ending with `{"type":"result","answer":…,"rowsToFix":csv|null}` or
 * `{"type":"error","error":{code,message,fields}}` (nothing written then).
 */
export async function importAsStream(req: NextRequest, user: UserRow): Promise<Response> {
  const p = await prepare(req, user);
  if (!p.prepared) return p.response;
  const prepared = p.prepared;
  const origin = requestOrigin(req);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: unknown) => controller.enqueue(encoder.encode(JSON.stringify(line) + "\n"));
      let last = 0;
      try {
        const answer = await runImport(prepared, {
          origin,
          onProgress: (e) => {
            // A line every few hundred rows is plenty for a progress bar.
            const now = Date.now();
            if (e.phase === "done" || e.phase === "writing" || now - last > 100) {
              last = now;
              send(e);
            }
          },
        });
        send({ type: "result", answer, rowsToFix: rowsToFixCsv(prepared, answer) });
      } catch (err) {
        const storage = storageProblem(err);
        console.error("[ringback] import failed:", err);
        send({ type: "error", error: storage ? { code: storage.code, message: storage.message, fields: {} } : { code: "internal", message: "Something went wrong on our side, so nothing was imported. Try again in a moment.", fields: {} } });
      }
      controller.close();
    },
  });
  return new Response(stream, { status: 200, headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" } });
}
