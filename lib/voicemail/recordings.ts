/**
 * A voicemail's recording, kept with its entry in the message log when the rep chooses to (a
 * rehearsal stays in the browser otherwise). Recordings are private: kept outside the public uploads
 * folder and served only to someone who may see the prospect. Checked by what the bytes are, size-
 * limited (RECORDING_MAX_MB), streamed to disk, and never half-written.
 */
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { UserRow } from "../../db/queries/users";
import { findProspectById } from "../../db/queries/prospects";
import { findVoicemail, recordingsOfProspect, setVoicemailRecording, type VoicemailRow } from "../../db/queries/voicemails";
import { config } from "../config";
import { UploadError } from "../uploads";

/** The audio formats browsers' MediaRecorder writes, by their first bytes. */
export const RECORDING_FORMATS = {
  webm: { type: "audio/webm", test: (h: Uint8Array) => h[0] === 0x1a && h[1] === 0x45 && h[2] === 0xdf && h[3] === 0xa3 }, // Chromium, Firefox
  ogg: { type: "audio/ogg", test: (h: Uint8Array) => String.fromCharCode(...h.subarray(0, 4)) === "OggS" }, // Firefox
  mp4: { type: "audio/mp4", test: (h: Uint8Array) => String.fromCharCode(...h.subarray(4, 8)) === "ftyp" }, // Safari
} as const;
export type RecordingFormat = keyof typeof RECORDING_FORMATS;

export function sniffRecording(head: Uint8Array): RecordingFormat | undefined {
  return (Object.keys(RECORDING_FORMATS) as RecordingFormat[]).find((k) => head.length >= 8 && RECORDING_FORMATS[k].test(head));
}

const UNSUPPORTED = "Send the recording as WebM, Ogg or MP4 audio, as the browser recorded it.";

/** The entry, if this user may see its prospect — its owner or an admin, as lib/prospects.ts#prospectFor (undefined: a 404 either way). */
async function entryFor(user: UserRow, id: string): Promise<VoicemailRow | undefined> {
  const vm = /^vm_[A-Za-z0-9_-]{1,40}$/.test(id) ? (await findVoicemail(id)) : undefined;
  const p = vm && (await findProspectById(vm.prospectId));
  return p && (p.ownerId === user.id || user.role === "admin") ? vm : undefined;
}

const fileOf = (id: string, format: string) => path.join(/*turbopackIgnore: true*/ config().recordingsDir, `${id}.${format}`);

/**
 * Keeps the request body as the recording of this entry (replacing an earlier one). Only the rep who
 * left the message, or an admin, may; undefined: no such entry for this user.
 */
export async function saveRecording(user: UserRow, id: string, body: ReadableStream<Uint8Array> | null, declaredLength: number | null): Promise<{ format: RecordingFormat; bytes: number } | undefined> {
  const vm = await entryFor(user, id);
  if (!vm) return undefined;
  if (vm.userId !== user.id && user.role !== "admin") throw new UploadError(403, "forbidden", "Only the rep who left this message can add its recording.");
  const cfg = config();
  const max = cfg.RECORDING_MAX_MB * 1024 * 1024;
  const tooLarge = () => new UploadError(413, "too_large", `Recordings may be at most ${cfg.RECORDING_MAX_MB} MB.`);
  if (!body) throw new UploadError(400, "empty", "Send the recording as the request body.");
  if (declaredLength !== null && declaredLength > max) throw tooLarge();
  fs.mkdirSync(cfg.recordingsDir, { recursive: true });
  const tmp = path.join(/*turbopackIgnore: true*/ cfg.recordingsDir, `.${id}.${process.pid}.${Date.now()}.part`);
  const out = fs.createWriteStream(tmp, { flags: "wx" });
  let head = new Uint8Array(0);
  let bytes = 0;
  try {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes > max) throw tooLarge();
      if (head.length < 8) {
        const joined = new Uint8Array(head.length + value.length);
        joined.set(head);
        joined.set(value, head.length);
        head = joined;
        if (head.length >= 8 && !sniffRecording(head)) throw new UploadError(415, "unsupported_type", UNSUPPORTED);
      }
      if (!out.write(value)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    const format = sniffRecording(head);
    if (!format) throw new UploadError(bytes === 0 ? 400 : 415, bytes === 0 ? "empty" : "unsupported_type", bytes === 0 ? "Send the recording as the request body." : UNSUPPORTED);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    fs.renameSync(tmp, fileOf(id, format));
    if (vm.recording && vm.recording !== format) fs.rmSync(fileOf(id, vm.recording), { force: true });
    await setVoicemailRecording(id, format);
    return { format, bytes };
  } catch (e) {
    if (!out.closed) await new Promise<void>((r) => out.once("close", () => r()).destroy());
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The recording as a private response (404 when there is none or the user may not see it). */
export async function recordingResponse(user: UserRow, id: string): Promise<Response | undefined> {
  const vm = await entryFor(user, id);
  if (!vm?.recording || !(vm.recording in RECORDING_FORMATS)) return undefined;
  const file = fileOf(id, vm.recording);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return undefined;
  }
  const stream = Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: {
      "Content-Type": RECORDING_FORMATS[vm.recording as RecordingFormat].type,
      "Content-Length": String(size),
      // A rep's voice, about a prospect: never in a shared cache.
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": `inline; filename="${id}.${vm.recording}"`,
    },
  });
}

/** Before a prospect is deleted (its entries go with it): the files of its recordings, so none outlives its row. */
export async function removeRecordingsOf(prospectId: string): Promise<void> {
  for (const r of await recordingsOfProspect(prospectId)) if (r.recording in RECORDING_FORMATS) fs.rmSync(fileOf(r.id, r.recording), { force: true });
}
