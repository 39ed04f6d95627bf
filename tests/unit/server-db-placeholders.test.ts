/** tests/support/server-db.ts rewrites `?` to PostgreSQL's $n, leaving quoted text and comments alone. */
import { describe, expect, it } from "vitest";
import { toPgPlaceholders } from "../support/server-db";

describe("toPgPlaceholders", () => {
  it("numbers the placeholders in order", () => {
    expect(toPgPlaceholders("UPDATE t SET a = ?, b = ? WHERE c = ?")).toBe("UPDATE t SET a = $1, b = $2 WHERE c = $3");
  });
  it("leaves ? inside strings, identifiers and comments", () => {
    expect(toPgPlaceholders(`SELECT '?', 'it''s ?', "a?b" FROM t -- why?\nWHERE x = ? /* ? */ AND y = ?`)).toBe(
      `SELECT '?', 'it''s ?', "a?b" FROM t -- why?\nWHERE x = $1 /* ? */ AND y = $2`,
    );
  });
  it("leaves SQL without placeholders as it is", () => {
    expect(toPgPlaceholders("SELECT count(*) AS n FROM visits")).toBe("SELECT count(*) AS n FROM visits");
  });
});
