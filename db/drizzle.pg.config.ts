import { defineConfig } from "drizzle-kit";

/** PostgreSQL twin of db/drizzle.config.ts: `npm run db:generate:pg` writes db/migrations-pg from db/schema-pg.ts. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg.ts",
  out: "./db/migrations-pg",
});
