/**
 * Debian's Chromium driven by playwright-core, for the browser tests. Locally a missing Chromium
 * skips the suite with a message; in CI (CI=true) it is an error, since .ci/run installs it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Call from a mocha `before(function () { … })`: returns a browser, or skips the suite. */
export async function launchBrowserOrSkip(suite: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI) throw new Error(`browser tests need ${CHROMIUM} (apt install chromium)`);
    console.log(`      (skipped: ${CHROMIUM} not found — apt install chromium; required when CI=true)`);
    suite.skip();
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
