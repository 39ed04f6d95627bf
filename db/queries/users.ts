import { asc, count, eq } from "drizzle-orm";
import { getDb } from "../index";
import { users } from "../schema";

export type UserRow = typeof users.$inferSelect;
export type NewUser = Omit<typeof users.$inferInsert, "createdAt" | "updatedAt">;

export function countUsers(): number {
  return getDb().select({ n: count() }).from(users).get()?.n ?? 0;
}

export function findUserByEmail(email: string): UserRow | undefined {
  return getDb().select().from(users).where(eq(users.email, email)).get();
}

export function findUserById(id: string): UserRow | undefined {
  return getDb().select().from(users).where(eq(users.id, id)).get();
}

export function listUsers(): UserRow[] {
  return getDb().select().from(users).orderBy(asc(users.name)).all();
}

export function insertUser(user: NewUser, now = Date.now()): UserRow {
  return getDb()
    .insert(users)
    .values({ ...user, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

/**
 * Creates the first admin only while there is no user at all, atomically, so two browsers racing
 * through setup cannot both become admin. Returns undefined when someone else got there first.
 */
export function insertFirstAdmin(user: NewUser, now = Date.now()): UserRow | undefined {
  const db = getDb();
  return db.transaction((tx) => {
    const existing = tx.select({ n: count() }).from(users).get()?.n ?? 0;
    if (existing > 0) return undefined;
    return tx
      .insert(users)
      .values({ ...user, role: "admin", createdAt: now, updatedAt: now })
      .returning()
      .get();
  }, { behavior: "immediate" });
}

export function updateUserPassword(id: string, passwordHash: string, now = Date.now()): boolean {
  const r = getDb().update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id)).run();
  return r.changes > 0;
}

export type ProfileChanges = Partial<Pick<UserRow, "name" | "title" | "phone" | "photoUrl" | "calendarUrl">>;

export function updateUserProfile(id: string, changes: ProfileChanges, now = Date.now()): UserRow | undefined {
  return getDb()
    .update(users)
    .set({ ...changes, updatedAt: now })
    .where(eq(users.id, id))
    .returning()
    .get();
}
