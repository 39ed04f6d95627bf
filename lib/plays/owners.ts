/** Reps' names by id, for the plays list's "Whose" column (an admin sees everyone's plays). */
import { listUsers } from "../../db/queries/users";

export async function listUsersById(): Promise<Map<string, string>> {
  return new Map((await listUsers()).map((u) => [u.id, u.name]));
}
