/** The device cookie (lib/auth/devices.ts): proof that a browser signed in to an account before. */
import { afterAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/temp-db";

const tmp = await useTempDatabase();
const { DEVICE_TTL_DAYS, isKnownDevice, issueDeviceProof } = await import("../../lib/auth/devices");
afterAll(tmp.cleanup);

const T0 = Date.UTC(2030, 0, 1, 9, 0, 0);
const rita = { id: "usr_rita", passwordHash: "scrypt$1024$8$1$salt$hash-one" };
const otto = { id: "usr_otto", passwordHash: "scrypt$1024$8$1$salt$hash-two" };

describe("device proofs", () => {
  it("are accepted for the account they were issued for, and only that one", async () => {
    const proof = await issueDeviceProof(rita, T0);
    expect(proof.startsWith("usr_rita.")).toBe(true);
    expect(await isKnownDevice(proof, rita, T0 + 1000)).toBe(true);
    expect(await isKnownDevice(proof, otto, T0 + 1000)).toBe(false);
    // Rewriting the user id does not carry the proof over.
    expect(await isKnownDevice(proof.replace("usr_rita", "usr_otto"), otto, T0 + 1000)).toBe(false);
  });

  it("are refused when tampered with, malformed or missing", async () => {
    const proof = await issueDeviceProof(rita, T0);
    const [id, issued, mac] = proof.split(".");
    for (const bad of [
      `${id}.${issued}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`,
      `${id}.${(T0 + 5).toString(36)}.${mac}`,
      `${id}.${issued}`,
      `${proof}.extra`,
      "",
      undefined,
      "x".repeat(400),
    ]) {
      expect(await isKnownDevice(bad, rita, T0 + 1000), String(bad)).toBe(false);
    }
  });

  it(`expire after ${DEVICE_TTL_DAYS} days, and are not accepted from the future`, async () => {
    const proof = await issueDeviceProof(rita, T0);
    expect(await isKnownDevice(proof, rita, T0 + DEVICE_TTL_DAYS * 86_400_000)).toBe(true);
    expect(await isKnownDevice(proof, rita, T0 + DEVICE_TTL_DAYS * 86_400_000 + 1)).toBe(false);
    expect(await isKnownDevice(await issueDeviceProof(rita, T0 + 3_600_000), rita, T0)).toBe(false);
  });

  it("are all retired by a password change", async () => {
    const proof = await issueDeviceProof(rita, T0);
    expect(await isKnownDevice(proof, { ...rita, passwordHash: "scrypt$1024$8$1$salt$new-hash" }, T0 + 1000)).toBe(false);
  });
});
