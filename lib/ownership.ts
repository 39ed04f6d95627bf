/**
 * Who may see and change a workspace library item (a play, a voicemail script): an admin everything;
 * a rep the workspace's shared items (to use, not to change) and their own. Another rep's private
 * item is not there at all (a 404), so these answer "may see" and "may change", and `Forbidden`
 * carries the 403 for what a rep may see but not do.
 */
import type { UserRow } from "../db/queries/users";

export type Owned = { ownerId: string; shared: boolean };

export function canSee(user: Pick<UserRow, "id" | "role">, item: Owned): boolean {
  return user.role === "admin" || item.shared || item.ownerId === user.id;
}

export function canEdit(user: Pick<UserRow, "id" | "role">, item: Owned): boolean {
  return user.role === "admin" || (!item.shared && item.ownerId === user.id);
}

/** Not allowed for this user (a rep sharing an item, or changing a shared one): a 403 naming the field. */
export class Forbidden extends Error {
  constructor(public fields: Record<string, string>) {
    super(Object.values(fields)[0] ?? "Only an admin can do this.");
  }
}
