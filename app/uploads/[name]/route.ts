import type { NextRequest } from "next/server";
import { uploadResponse } from "@/lib/uploads";

type Ctx = { params: Promise<{ name: string }> };

/** Uploaded videos and PDFs, public (prospects watch them), with Range support. */
export async function GET(req: NextRequest, ctx: Ctx) {
  return uploadResponse((await ctx.params).name, req.headers.get("range"), false);
}

export async function HEAD(req: NextRequest, ctx: Ctx) {
  return uploadResponse((await ctx.params).name, req.headers.get("range"), true);
}
