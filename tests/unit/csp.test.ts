import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { blockSources, consolePolicy, inlineScriptHashes, newNonce, NOTHING_POLICY, prospectPagePolicy } from "@/lib/security/csp";

const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `) || d === name);

describe("content security policies", () => {
  it("hashes each inline script exactly as a browser does, and skips scripts with a src", () => {
    const body = 'self.__next_f.push([1,"hi"])';
    const html = `<html><script src="/_next/a.js" async=""></script><script>${body}</script><script id="_R_">${body}</script><SCRIPT type="x">let a = "</p>";</SCRIPT></html>`;
    const hashes = inlineScriptHashes(html);
    const expected = `'sha256-${createHash("sha256").update(body).digest("base64")}'`;
    expect(hashes).toContain(expected);
    // The same text twice is one hash; the src script none.
    expect(hashes).toHaveLength(2);
  });

  it("a prospect's page may frame only its own videos' players and play only its own files", () => {
    const blocks = [
      { type: "video", url: "https://youtu.be/aqz-KE-bpKQ" },
      { type: "video", url: "https://cdn.example.com/demo.mp4" },
      { type: "presentation", url: "/uploads/abc_def.pdf" },
      { type: "presentation", url: "https://docs.example.com/deck" },
      { type: "offer", title: "Free month" },
    ];
    expect(blockSources(blocks as never)).toEqual({ frames: ["https://www.youtube-nocookie.com", "'self'"], media: ["https://cdn.example.com"] });
    const policy = prospectPagePolicy("<script>go()</script>", blocks);
    expect(directive(policy, "default-src")).toBe("default-src 'none'");
    expect(directive(policy, "frame-src")).toBe("frame-src https://www.youtube-nocookie.com 'self'");
    expect(directive(policy, "media-src")).toBe("media-src 'self' https://cdn.example.com");
    expect(directive(policy, "img-src")).toBe("img-src 'self' data:");
    expect(directive(policy, "script-src")).toMatch(/^script-src 'self' 'sha256-[A-Za-z0-9+/=]+'$/);
    for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]) expect(policy).toContain(d);
    // Nothing else: a page without blocks frames nothing at all, and no stored junk widens it.
    const bare = prospectPagePolicy("", [{ type: "video", url: "javascript:alert(1)" }, "junk", null]);
    expect(directive(bare, "frame-src")).toBe("frame-src 'none'");
    expect(directive(bare, "media-src")).toBe("media-src 'self'");
    expect(bare).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it("the console's policy runs only nonce-carrying scripts; nonces are fresh and unguessable", () => {
    const a = newNonce();
    const b = newNonce();
    expect(a).not.toBe(b);
    expect(Buffer.from(a, "base64")).toHaveLength(18);
    const policy = consolePolicy(a);
    expect(directive(policy, "script-src")).toBe(`script-src 'self' 'nonce-${a}' 'strict-dynamic'`);
    expect(policy).not.toContain("unsafe-eval");
    expect(consolePolicy(a, true)).toContain("'unsafe-eval'");
    for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]) expect(policy).toContain(d);
    expect(directive(policy, "frame-src")).toBe("frame-src 'self'");
    // The play editor's preview (framed by our own page) plays any provider's video, like a prospect's page.
    const preview = consolePolicy(a, false, { framedBySelf: true });
    expect(directive(preview, "frame-ancestors")).toBe("frame-ancestors 'self'");
    expect(directive(preview, "frame-src")).toBe("frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com https://www.loom.com https://fast.wistia.net");
    expect(NOTHING_POLICY).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  });
});
