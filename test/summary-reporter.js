/**
 * Prints one closing line, `tests: N passed, N failed, N skipped`, as the very last output (on
 * exit, after jest's own summary), so CI can tell a run that executed tests from one that ran none.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}

module.exports = SummaryReporter;
