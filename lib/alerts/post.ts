/**
 * One webhook POST over node:http(s), connecting only to the address the guarded lookup approved
 * (lib/alerts/destination.ts), with a deadline, never following redirects, reading at most a few KB
 * of the answer.
 */
import http from "node:http";
import https from "node:https";
import { guardedLookup } from "./destination";

const ANSWER_MAX = 4096;

export type PostResult = { status: number; body: string };

export function postJson(url: string, headers: Record<string, string>, body: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return reject(new Error("Not a valid address."));
    }
    const client = u.protocol === "https:" ? https : http;
    const req = client.request(
      u,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": Buffer.byteLength(body) },
        lookup: guardedLookup(),
        timeout: opts.timeoutMs,
        signal: opts.signal,
      },
      (res) => {
        let answer = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (answer.length < ANSWER_MAX) answer += chunk.slice(0, ANSWER_MAX - answer.length);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: answer }));
        res.on("error", reject);
      },
    );
    const deadline = setTimeout(() => req.destroy(Object.assign(new Error(`No answer within ${Math.round(opts.timeoutMs / 1000)} s.`), { name: "TimeoutError" })), opts.timeoutMs);
    req.on("timeout", () => req.destroy(Object.assign(new Error(`No answer within ${Math.round(opts.timeoutMs / 1000)} s.`), { name: "TimeoutError" })));
    req.on("close", () => clearTimeout(deadline));
    req.on("error", reject);
    req.end(body);
  });
}
