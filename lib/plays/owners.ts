/** Reps' names by id, for the plays list's "Whose" column (an admin sees everyone's plays). */
import { listUsers } from "../../db/queries/users";

export function listUsersById(): Map<string, string> {
  return new Map(listUsers().map((u) => [u.id, u.name]));
}
