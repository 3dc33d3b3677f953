import { appendFileSync } from 'node:fs';
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

/**
 * Closes every vitest run with one plain line, `tests: N passed, N failed, N skipped`: the line
 * CI reads to know how many tests a run executed (vitest's own summary is not one it reads).
 * A file that failed to load, an error outside any test, or a run that failed before any (its
 * global setup) counts as a failure, so a run that broke never closes on "0 failed".
 *
 * With TEST_TALLY_FILE set, the counts are also appended there as one JSON line, so a script
 * that runs several vitest runs (`make test` runs the unit and the integration tests apart) can
 * print their sum last.
 */
export default class PlainCountReporter implements Reporter {
  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const module of modules) {
      let moduleFailures = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') moduleFailures++;
        else counts.skipped++;
      }
      // A module whose load or hooks failed has no failed test of its own to count.
      if (moduleFailures === 0 && module.state() === 'failed') moduleFailures = 1;
      counts.failed += moduleFailures;
    }
    if (reason !== 'passed' && counts.failed === 0) counts.failed = 1;
    console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    const tally = process.env.TEST_TALLY_FILE;
    if (tally) appendFileSync(tally, `${JSON.stringify(counts)}\n`);
  }
}
