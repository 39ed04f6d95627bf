/**
 * Which database serves this process, fixed when it starts: PostgreSQL when DATABASE_URL is a
 * postgres:// URL, else the embedded SQLite file (DATABASE_PATH). Read from the environment
 * directly (lib/config.ts validates the same variable) because the table definitions are chosen
 * when db/ loads.
 */
export type Dialect = "sqlite" | "postgres";

export function dialectOf(url: string | undefined): Dialect {
  return /^postgres(ql)?:\/\//i.test(url ?? "") ? "postgres" : "sqlite";
}

export const DIALECT: Dialect = dialectOf(process.env.DATABASE_URL);

/** A database URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "";
    return u.toString();
  } catch {
    return "(an unreadable URL)";
  }
}
