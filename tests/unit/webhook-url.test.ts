import { describe, expect, it } from "vitest";
import { destinationProblem } from "../../lib/alerts/destination";
import { webhookInputSchema, webhookUrlProblem } from "../../lib/alerts/webhooks";

const prod = { production: true, allowHttp: false };

describe("webhook URLs", () => {
  it("takes https anywhere", () => {
    expect(webhookUrlProblem("https://hooks.example.com/ringback", prod)).toBeNull();
    expect(webhookUrlProblem("https://hooks.slack.com/services/T0/B0/x", prod)).toBeNull();
  });

  it("takes http in production only when WEBHOOK_ALLOW_HTTP is set, and outside production", () => {
    expect(webhookUrlProblem("http://hooks.example.com/x", prod)).toMatch(/https:\/\/.*WEBHOOK_ALLOW_HTTP/);
    expect(webhookUrlProblem("http://hooks.example.com/x", { production: true, allowHttp: true })).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:8080/x", { production: false, allowHttp: false })).toBeNull();
  });

  it("refuses other schemes and what is not a URL", () => {
    for (const u of ["ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "mailto:a@b.c", "data:text/plain,x"]) expect(webhookUrlProblem(u, { production: false, allowHttp: true }), u).toBe("Use an https:// address.");
    for (const u of ["example.com/hook", "not a url", "https//x"]) expect(webhookUrlProblem(u, prod), u).toMatch(/full address/);
  });
});

describe("the webhook form", () => {
  it("needs a URL and at least one known event, and defaults format and scope", () => {
    expect(webhookInputSchema.parse({ url: " https://x.test/h ", events: ["visit.started", "visit.started"] })).toEqual({ url: "https://x.test/h", format: "json", events: ["visit.started"], scope: "own" });
    const bad = webhookInputSchema.safeParse({ url: "", events: [], format: "xml" });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["url", "events", "format"]));
    expect(webhookInputSchema.safeParse({ url: "https://x.test", events: ["visit.exploded"] }).success).toBe(false);
  });
});

describe("where a webhook may point", () => {
  it("knows private, loopback, link-local and other off-limits ranges; public addresses pass", async () => {
    const { blockedAddress } = await import("../../lib/alerts/destination");
    for (const ip of ["127.0.0.1", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "::ffff:7f00:1", "224.0.0.1"]) expect(blockedAddress(ip), ip).not.toBeNull();
    for (const ip of ["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111"]) expect(blockedAddress(ip), ip).toBeNull();
  });

  it("checks what a name resolves to, every address of it", async () => {
    const { destinationProblem } = await import("../../lib/alerts/destination");
    const dns = (map: Record<string, string[]>) => async (host: string) => {
      if (!map[host]) throw new Error("ENOTFOUND");
      return map[host];
    };
    const lookup = dns({ "hooks.example.com": ["93.184.215.14"], "sneaky.example.com": ["93.184.215.14", "10.0.0.7"] });
    expect(await destinationProblem("https://hooks.example.com/x", lookup)).toBeNull();
    expect(await destinationProblem("https://sneaky.example.com/x", lookup)).toMatch(/private network \(10\.0\.0\.7\)/);
    expect(await destinationProblem("https://gone.example.com/x", lookup)).toMatch(/could not be found/);
    expect(await destinationProblem("https://app.localhost/x", lookup)).toMatch(/this server/);
  });
});

describe("a reviewer's address tricks (each one is this machine or a private network in disguise)", () => {
  const noDns = async () => {
    throw new Error("no DNS in this test: literal addresses only");
  };
  const tricks: [string, RegExp][] = [
    ["https://2130706433/", /this machine \(127\.0\.0\.1\)/], // decimal
    ["https://017700000001/", /this machine/], // octal, one number
    ["https://0177.0.0.1/", /this machine/], // octal dotted
    ["https://0x7f.1/", /this machine/], // hex, short form
    ["https://0x7f000001/", /this machine/],
    ["https://127.1/", /this machine/], // short dotted
    ["https://%31%32%37.0.0.1/", /this machine/], // percent-encoded
    ["https://①②⑦.0.0.1/", /this machine/], // full-width digits, normalised by IDNA
    ["https://0/", /this network/],
    ["https://[::1]/", /this machine/],
    ["https://[0:0:0:0:0:0:0:1]/", /this machine/],
    ["https://[::]/", /this network/],
    ["https://[::ffff:127.0.0.1]/", /IPv4-mapped/],
    ["https://[::ffff:a9fe:a9fe]/", /IPv4-mapped/], // 169.254.169.254, the metadata endpoint
    ["https://[::127.0.0.1]/", /IPv4-compatible/],
    ["https://[::ffff:0:127.0.0.1]/", /IPv4-translated/],
    ["https://[64:ff9b::7f00:1]/", /NAT64/],
    ["https://[2002:7f00:1::1]/", /6to4/],
    ["https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", /Teredo/],
    ["https://[fec0::1]/", /site-local/],
    ["https://[fd12:3456::1]/", /private network/],
    ["https://[fe80::1%25eth0]/", /.+/], // zone ids are not valid in URLs at all
    ["https://localhost./", /this server/],
    ["https://LOCALHOST/", /this server/],
    ["https://api.localhost/", /this server/],
  ];
  it.each(tricks)("%s is refused", async (url, why) => {
    expect(await destinationProblem(url, noDns)).toMatch(why);
  });

  it("a public address in the same notations is still fine", async () => {
    for (const url of ["https://1572395042/", "https://[2606:4700::1111]/", "https://8.8.8.8/"]) expect(await destinationProblem(url, noDns), url).toBeNull();
  });
});

describe("the connection itself", () => {
  it("refuses to connect when the name resolves to a private address at send time (DNS rebinding)", async () => {
    const { postJson } = await import("../../lib/alerts/post");
    const http = await import("node:http");
    let hits = 0;
    const srv = http.createServer((_req, res) => {
      hits++;
      res.end("ok");
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
    const port = (srv.address() as import("node:net").AddressInfo).port;
    try {
      // "localhost" passes no pre-check here: the lookup made for the socket is what refuses it.
      await expect(postJson(`http://localhost:${port}/hook`, {}, "{}", { timeoutMs: 2000 })).rejects.toMatchObject({ code: "EBLOCKEDADDRESS" });
      expect(hits).toBe(0);
    } finally {
      srv.close();
    }
  });

  it("the guarded lookup passes public answers through and stops private ones", async () => {
    const { guardedLookup } = await import("../../lib/alerts/destination");
    const fake = ((_h: string, _o: object, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, _h === "evil.test" ? [{ address: "93.184.215.14", family: 4 }, { address: "10.0.0.5", family: 4 }] : [{ address: "93.184.215.14", family: 4 }])) as never;
    const lookup = guardedLookup(fake) as unknown as (h: string, o: object, cb: (e: NodeJS.ErrnoException | null, a: unknown, f?: number) => void) => void;
    const ask = (host: string) => new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((r) => lookup(host, {}, (err, address) => r({ err, address })));
    expect(await ask("hooks.test")).toEqual({ err: null, address: "93.184.215.14" });
    expect((await ask("evil.test")).err?.code).toBe("EBLOCKEDADDRESS");
  });
});
