/**
 * The few SQL spellings that differ between SQLite and PostgreSQL, as fragments, so a hand-written
 * statement in db/queries is written once. Everything else (select, join, case, coalesce, on
 * conflict, returning, CTEs) is spelled the same by both.
 */
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { DIALECT } from "./dialect";

const pg = DIALECT === "postgres";

/** The smaller of two values (SQLite's two-argument min()). */
export const least = (a: SQLWrapper | number, b: SQLWrapper | number): SQL => (pg ? sql`least(${a}, ${b})` : sql`min(${a}, ${b})`);

/** The larger of two values (SQLite's two-argument max()). */
export const greatest = (a: SQLWrapper | number, b: SQLWrapper | number): SQL => (pg ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`);

/** Null-safe equality: true when both are null or both are equal. */
export const same = (a: SQLWrapper, b: SQLWrapper | string | number | null): SQL => (pg ? sql`(${a} is not distinct from ${b})` : sql`(${a} is ${b})`);

/** A condition as 0 or 1, to add up or combine bitwise (SQLite's booleans already are). */
export const asInt = (condition: SQLWrapper): SQL => (pg ? sql`(${condition})::int` : sql`(${condition})`);

/** Case-insensitive LIKE with `\` as the escape character (SQLite's LIKE ignores ASCII case already). */
export const likeAnyCase = (column: SQLWrapper, pattern: string): SQL => (pg ? sql`${column} ilike ${pattern} escape '\\'` : sql`${column} like ${pattern} escape '\\'`);

/** A number inside a JSON text column (`{"percent": 50}` → 50), or null. */
export const jsonNumber = (column: SQLWrapper, field: string): SQL =>
  pg ? sql`((${column})::jsonb ->> ${sql.raw(`'${field}'`)})::numeric` : sql`json_extract(${column}, ${sql.raw(`'$.${field}'`)})`;

/** A string inside a JSON text column, or null. */
export const jsonString = (column: SQLWrapper, field: string): SQL =>
  pg ? sql`((${column})::jsonb ->> ${sql.raw(`'${field}'`)})` : sql`json_extract(${column}, ${sql.raw(`'$.${field}'`)})`;

/** The values of a JSON array bound as one parameter, as a one-column table named `value`: any length, one statement shape. */
export const jsonValues = (items: readonly (string | number)[]): SQL =>
  pg ? sql`(select jsonb_array_elements_text(${JSON.stringify(items)}::jsonb) as value)` : sql`(select value from json_each(${JSON.stringify(items)}))`;

/**
 * The order rows were inserted in (for ties of a time column): SQLite's rowid, or PostgreSQL's
 * `row_order` identity column (db/migrations-pg adds it to visits and visit_events).
 */
export const insertionOrder = (tableOrAlias: string): SQL => sql.raw(pg ? `${tableOrAlias}.row_order` : `${tableOrAlias}.rowid`);

/** SQL's true as each spells it in a comparison that must match a partial index (`quiet = 1` / `quiet = true`). */
export const TRUE: SQL = sql.raw(pg ? "true" : "1");
