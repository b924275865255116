import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the closing line CI reads — `N passed, N failed, N skipped` — and, when
 * HAVEN_TEST_SUMMARY is set, appends the counts there for `npm test` to add up.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    const line = `${passed} passed, ${failed} failed, ${skipped} skipped`;
    process.stdout.write(`\n${line}\n`);
    if (process.env.HAVEN_TEST_SUMMARY) {
      appendFileSync(
        process.env.HAVEN_TEST_SUMMARY,
        JSON.stringify({ passed, failed, skipped }) + '\n',
      );
    }
  }
}
