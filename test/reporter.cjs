/**
 * mocha's spec reporter plus the plain closing line CI reads ("N passed, N failed"). When
 * SPORTELLO_COUNTS_FILE is set the counts are also appended there, so .ci/run can add up its runs.
 */
const Mocha = require('mocha');
const fs = require('node:fs');
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class SportelloReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    runner.on(EVENT_TEST_PASS, () => passed++);
    runner.on(EVENT_TEST_FAIL, () => failed++);
    runner.on(EVENT_TEST_PENDING, () => skipped++);
    runner.once(EVENT_RUN_END, () => {
      const line = `${passed} passed, ${failed} failed, ${skipped} skipped`;
      if (process.env.SPORTELLO_COUNTS_FILE) fs.appendFileSync(process.env.SPORTELLO_COUNTS_FILE, `${passed} ${failed} ${skipped}\n`);
      if (!process.env.SPORTELLO_QUIET_SUMMARY) process.stdout.write(`\n${line}\n`);
    });
  }
}
module.exports = SportelloReporter;
