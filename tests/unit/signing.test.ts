import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sign, verify } from "../../lib/alerts/signing";

const SECRET = "whsec_test_secret_0123456789";
const BODY = JSON.stringify({ id: "evt_1", type: "visit.started", data: { message: "Rob Mason is on his page now." } });
const T = 1_764_000_000;

describe("webhook signatures", () => {
  it("has the documented form: t=<seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>", () => {
    const expected = createHmac("sha256", SECRET).update(`${T}.${BODY}`).digest("hex");
    expect(sign(SECRET, BODY, T)).toBe(`t=${T},v1=${expected}`);
  });

  it("verifies what it signed (round trip)", () => {
    expect(verify(SECRET, BODY, sign(SECRET, BODY, T), 300, T)).toBe(true);
    expect(verify(SECRET, BODY, sign(SECRET, BODY, T), 300, T + 299)).toBe(true);
  });

  it("refuses a tampered body", () => {
    const header = sign(SECRET, BODY, T);
    expect(verify(SECRET, BODY.replace("Rob", "Bob"), header, 300, T)).toBe(false);
    expect(verify(SECRET, BODY + " ", header, 300, T)).toBe(false);
  });

  it("refuses the wrong secret", () => {
    expect(verify("whsec_another", BODY, sign(SECRET, BODY, T), 300, T)).toBe(false);
  });

  it("refuses a stale or future timestamp, and a timestamp moved to another time", () => {
    const header = sign(SECRET, BODY, T);
    expect(verify(SECRET, BODY, header, 300, T + 301)).toBe(false);
    expect(verify(SECRET, BODY, header, 300, T - 301)).toBe(false);
    const moved = header.replace(`t=${T}`, `t=${T + 1000}`);
    expect(verify(SECRET, BODY, moved, 300, T + 1000)).toBe(false);
  });

  it("refuses missing and malformed headers", () => {
    for (const h of [null, undefined, "", "garbage", `t=${T}`, "v1=abc", `t=${T},v1=zz`, `t=x,v1=${"0".repeat(64)}`]) expect(verify(SECRET, BODY, h, 300, T)).toBe(false);
  });

  it("accepts the header when any of several v1 values matches (a secret mid-rotation)", () => {
    const good = sign(SECRET, BODY, T).split(",")[1];
    expect(verify(SECRET, BODY, `t=${T},v1=${"0".repeat(64)},${good}`, 300, T)).toBe(true);
  });
});
