/** Rep and admin accounts: first-run setup, adding reps, signing in, resetting passwords. */
import { z } from "zod";
import { saveWorkspaceSettings } from "../db/queries/settings";
import { countUsers, findUserByEmail, findUserById, insertFirstAdmin, insertUser, listUsers, replacePassword, type UserRow } from "../db/queries/users";
import { deviceKey, isKnownDevice, issueDeviceProof } from "./auth/devices";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyAgainstDummy, verifyPassword } from "./auth/passwords";
import { sessionIdOf } from "./auth/sessions";
import { beginAttempt, recordSuccess, throttleKeys } from "./auth/throttle";
import { emailSchema, nameSchema, optionalPhone, passwordSchema } from "./fields";
import type { ApiUser } from "./api/schemas";
import { newId } from "./ids";
import { createProspect } from "./prospects";

export { emailSchema, nameSchema, passwordSchema };
export const roleSchema = z.enum(["admin", "rep"]);

export const newUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
  role: roleSchema.default("rep"),
  title: z.string().trim().max(100).optional(),
  phone: optionalPhone,
});
export type NewUserInput = z.input<typeof newUserSchema>;

export const setupSchema = z.object({
  companyName: z.string().trim().min(1, "Enter your company's name.").max(100),
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
  title: z.string().trim().max(100).optional(),
  phone: optionalPhone,
  addExample: z.boolean().default(false),
});
export type SetupInput = z.input<typeof setupSchema>;

/** The user as anyone but the user's own password check may see it (also GET /api/v1/me). */
export type PublicUser = ApiUser;

export function toPublicUser(u: UserRow): PublicUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role, title: u.title, phone: u.phone, photoUrl: u.photoUrl, calendarUrl: u.calendarUrl, createdAt: u.createdAt };
}

export class AccountError extends Error {
  constructor(
    public code: "email_taken" | "already_set_up" | "not_found",
    message: string,
    public fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function needsSetup(): Promise<boolean> {
  return (await countUsers()) === 0;
}

export async function createUser(input: NewUserInput): Promise<UserRow> {
  const data = newUserSchema.parse(input);
  if (await findUserByEmail(data.email)) {
    throw new AccountError("email_taken", "An account with this e-mail already exists.", { email: "An account with this e-mail already exists." });
  }
  const passwordHash = await hashPassword(data.password);
  try {
    return insertUser({ id: newId("usr"), email: data.email, name: data.name, role: data.role, title: data.title || null, phone: data.phone || null, passwordHash });
  } catch (e) {
    // Two requests for the same address at once: the unique index decides.
    if (String(e).includes("UNIQUE")) throw new AccountError("email_taken", "An account with this e-mail already exists.", { email: "An account with this e-mail already exists." });
    throw e;
  }
}

/** First run: the workspace, its first admin and (optionally) an example page for Rob Mason. */
export async function setUpWorkspace(input: SetupInput): Promise<UserRow> {
  const data = setupSchema.parse(input);
  if (!(await needsSetup())) throw new AccountError("already_set_up", "Ringback is already set up. Sign in instead.");
  const passwordHash = await hashPassword(data.password);
  const admin = await insertFirstAdmin({ id: newId("usr"), email: data.email, name: data.name, title: data.title || null, phone: data.phone || null, passwordHash });
  if (!admin) throw new AccountError("already_set_up", "Ringback is already set up. Sign in instead.");
  await saveWorkspaceSettings({ companyName: data.companyName });
  if (data.addExample) await addExamplePage(admin);
  return admin;
}

/** The page a newcomer can open at once to see what a prospect sees. */
export async function addExamplePage(owner: UserRow) {
  return createProspect(owner, {
    firstName: "Rob",
    lastName: "Mason",
    company: "Northwind Traders",
    phone: "+1 555 010 2030",
    email: "rob.mason@example.com",
    message:
      "Thanks for taking a minute. I recorded a short walkthrough of how teams like Northwind cut their call-back time in half. Have a look, and call me whenever suits you.",
    privateNote: "Example page created at setup. Delete it whenever you like.",
    followUpAt: Date.now() + 2 * 86_400_000,
    blocks: [
      { type: "video", url: "https://www.youtube.com/watch?v=aqz-KE-bpKQ", title: "Two-minute walkthrough" },
      { type: "offer", title: "Your first month free", text: "For Northwind, if you start before the end of the month.", code: "NORTHWIND30" },
    ],
  });
}

export type SignInResult =
  | { ok: true; user: UserRow; deviceProof: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks an e-mail and password, throttled (lib/auth/throttle.ts). `deviceProof` is the device
 * cookie, if the browser has one: a browser that signed in to this account before is held back
 * only by its own failures. On success, a fresh device proof for the browser to keep.
 */
export async function signIn(emailInput: string, password: string, clientIp: string, deviceProof?: string): Promise<SignInResult> {
  const email = String(emailInput ?? "").trim().toLowerCase().slice(0, 254);
  const user = email ? (await findUserByEmail(email)) : undefined;
  const known = user !== undefined && deviceProof !== undefined && (await isKnownDevice(deviceProof, user));
  const keys = throttleKeys(email, clientIp, known ? deviceKey(deviceProof) : undefined);
  const attempt = await beginAttempt(keys);
  if (!attempt.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(attempt.retryAfterMs / 1000) };
  const candidate = String(password ?? "").slice(0, PASSWORD_MAX_LENGTH);
  const ok = user ? await verifyPassword(candidate, user.passwordHash) : await verifyAgainstDummy(candidate);
  // A failure was counted when the attempt began.
  if (!ok || !user) return { ok: false, reason: "invalid" };
  await recordSuccess(keys);
  return { ok: true, user, deviceProof: await issueDeviceProof(user) };
}

/** What a password change ended: sessions signed out, API tokens revoked. */
export type PasswordChanged = { sessionsEnded: number; tokensRevoked: number };

export const resetPasswordSchema = z.object({
  password: passwordSchema,
  /** Revoking the rep's API tokens is the default: a reset usually means the password got out. */
  keepTokens: z.boolean({ error: "Send true or false." }).default(false),
});

/**
 * An admin sets a new password for a rep: the rep is signed out everywhere and, unless the admin
 * keeps them, their API tokens are revoked — whoever had the old password may have made one.
 */
export async function resetPassword(userId: string, newPassword: string, opts: { keepTokens?: boolean } = {}): Promise<PasswordChanged> {
  const password = passwordSchema.parse(newPassword);
  if (!(await findUserById(userId))) throw new AccountError("not_found", "No such user.");
  const done = await replacePassword({ userId, passwordHash: await hashPassword(password), keepSessionId: null, revokeTokens: !opts.keepTokens });
  if (!done) throw new AccountError("not_found", "No such user.");
  return done;
}

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(PASSWORD_MAX_LENGTH, "That is not your current password."),
    newPassword: passwordSchema,
    revokeTokens: z.boolean({ error: "Choose whether to revoke your API tokens too." }),
  })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password different from your current one." });
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;

export type ChangePasswordResult = ({ ok: true } & PasswordChanged) | { ok: false; reason: "wrong_password" } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * A rep changes their own password: the current one first (throttled like a sign-in, so a stolen
 * session cannot guess it quickly), then the new one; the session they are using stays, every
 * other one ends, and their API tokens are revoked if they ask.
 */
export async function changeOwnPassword(user: UserRow, input: ChangePasswordInput, ctx: { clientIp: string; sessionToken: string | undefined }): Promise<ChangePasswordResult> {
  // Signed in already: counted per account and session, so neither a stranger's failures hold
  // this back nor can a stolen session guess from many addresses.
  const sessionId = await sessionIdOf(ctx.sessionToken);
  const keys = throttleKeys(user.email, ctx.clientIp, sessionId ? `session:${sessionId}` : undefined);
  const attempt = await beginAttempt(keys);
  if (!attempt.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(attempt.retryAfterMs / 1000) };
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) return { ok: false, reason: "wrong_password" };
  await recordSuccess(keys);
  const done = await replacePassword({
    userId: user.id,
    passwordHash: await hashPassword(input.newPassword),
    keepSessionId: sessionId ?? null,
    revokeTokens: input.revokeTokens,
  });
  if (!done) return { ok: false, reason: "wrong_password" };
  return { ok: true, ...done };
}

export async function allUsers(): Promise<PublicUser[]> {
  return (await listUsers()).map(toPublicUser);
}
