/** The link-preview image renders any name from bundled fonts, without the network. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codepointsOf } from "../../lib/og/coverage";
import fs from "node:fs";
import path from "node:path";

const realFetch = globalThis.fetch;
const attempts: string[] = [];

beforeAll(() => {
  // The renderer loads its own WebAssembly through fetch of a data: URL; anything else is the network.
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.startsWith("data:")) return realFetch(input, init);
    attempts.push(url);
    throw new Error(`network access attempted: ${url}`);
  }) as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
});

const pngSize = (b: Buffer) => ({ signature: b.subarray(1, 4).toString("latin1"), width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

describe("the link-preview card", () => {
  it("reads which characters the bundled fonts cover", () => {
    const dejavu = codepointsOf(fs.readFileSync(path.join(process.cwd(), "lib/og/fonts/DejaVuSans.ttf")));
    expect(dejavu.has("A".codePointAt(0)!)).toBe(true);
    expect(dejavu.has("Ø".codePointAt(0)!)).toBe(true);
    expect(dejavu.has("Ж".codePointAt(0)!)).toBe(true);
    expect(dejavu.has("李".codePointAt(0)!)).toBe(false);
    const droid = codepointsOf(fs.readFileSync(path.join(process.cwd(), "lib/og/fonts/DroidSansFallbackFull.ttf")));
    expect(droid.has("李".codePointAt(0)!)).toBe(true);
    expect(droid.has("😀".codePointAt(0)!)).toBe(false);
  });

  it("drops what no font can draw: emoji, direction overrides, control characters", async () => {
    const { drawable } = await import("../../lib/og/card");
    expect(drawable("Rob 😀 Mason")).toBe("Rob Mason");
    expect(drawable("\u202Egnp.exe\u202C")).toBe("gnp.exe");
    expect(drawable("a\u0000b")).toBe("ab");
    expect(drawable("李伟")).toBe("李伟");
    expect(drawable("김민준")).toBe("김민준");
    expect(drawable("प्रिया")).toBe("प्रिया");
    expect(drawable("สมชาย")).toBe("สมชาย");
    expect(Array.from(drawable("x".repeat(500), 80)).length).toBe(80);
  });

  it.each([
    ["Rob", "Northwind"],
    ["李", "深圳科技"],
    ["محمد", "شركة"],
    ["Σοφία", "Ελλάδα"],
    ["김민준", "서울"],
    ["प्रिया", "मुंबई"],
    ["สมชาย", "กรุงเทพ"],
    ["😀🎉", null],
    ["<script>alert(1)</script>", "\u202Eevil"],
    ["Ünïcödé-Ñame".repeat(20), "Long".repeat(100)],
  ])("renders %s (%s) as a 1200×630 PNG without the network", async (firstName, company) => {
    const { renderCard } = await import("../../lib/og/card");
    const png = await renderCard({ firstName, company, repName: "Dana Whitfield", repTitle: "Account Executive", workspaceName: "Acme", brandColor: "#2563eb" });
    expect(pngSize(png)).toEqual({ signature: "PNG", width: 1200, height: 630 });
    expect(attempts).toEqual([]);
  }, 30_000);
});
