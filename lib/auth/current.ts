/** Who is looking at a console page. Pages call requireUser() first thing. */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { UserRow } from "../../db/queries/users";
import { needsSetup } from "../accounts";
import { sessionTokenFrom, userForSessionToken } from "./sessions";

/** The session token of the request being rendered, under whichever cookie name it came. */
export async function currentSessionToken(): Promise<string | undefined> {
  const jar = await cookies();
  return sessionTokenFrom((name) => jar.get(name)?.value);
}

export async function currentUser(): Promise<UserRow | undefined> {
  return userForSessionToken(await currentSessionToken());
}

/** The signed-in user, or a redirect to setup (empty database) or sign-in. */
export async function requireUser(returnTo = "/"): Promise<UserRow> {
  const user = await currentUser();
  if (user) return user;
  if (await needsSetup()) redirect("/setup");
  redirect(`/login?next=${encodeURIComponent(returnTo)}`);
}

export async function requireAdmin(returnTo = "/"): Promise<UserRow> {
  const user = await requireUser(returnTo);
  if (user.role !== "admin") redirect("/?error=admin_only");
  return user;
}
