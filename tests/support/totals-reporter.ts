/**
 * Ends every run with one line, `N passed, N failed` (and `, N skipped`), totalled over every
 * test in every project. CI reads it. A file that failed to load counts as a failure.
 */
import type { Reporter, TestModule } from "vitest/node";

export default class TotalsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>, reason: "passed" | "interrupted" | "failed"): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedHere++;
        else skipped++;
      }
      // A module whose collection or hooks failed has errors but maybe no failed test.
      if (failedHere === 0 && mod.errors().length > 0) failedHere = 1;
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    // A run that failed outside any test (global setup, a build) is still a failure.
    if (reason !== "passed" && failed === 0) failed = 1;
    console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  }
}
