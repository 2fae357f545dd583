// Cancel (issue #7): a big file that takes a while to read can be stopped from the progress bar.
// The worker is stopped (its memory goes with it), the page is back to its empty state with no
// error, and the next file opens in a fresh worker — without a request leaving the page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  openSession, assertClean, generate, inspect, tempDir, waitForSummary, waitUntil, SAMPLE,
} from './lib/harness.mjs';

let s, tmp, big, sampleRows;

before(async () => {
  tmp = tempDir();
  // Big enough that reading it takes seconds in the page (and the CLI's count is known).
  big = generate(tmp.file('big.xlsx'), { rows: 150_000, seed: 7, layout: 'wecom', format: 'xlsx' });
  sampleRows = inspect(generate(tmp.file('sample.xlsx'), SAMPLE)).rows;
  s = await openSession();
});
after(async () => { await s?.close(); tmp?.cleanup(); });

test('cancel stops a big read: no summary, no error, and the next file opens', async () => {
  await s.load();
  await s.page.getByTestId('file-input').setInputFiles(big);
  await s.page.getByTestId('progress').waitFor({ state: 'visible', timeout: 30_000 });
  await s.screenshot('cancel-reading');
  await s.page.getByTestId('cancel-reading').click();
  await waitUntil('the progress bar to go', () => s.page.getByTestId('progress').count(), (n) => n === 0, { timeout: 5_000 });
  // Nothing half-read is shown, and cancelling is not an error.
  assert.equal(await s.page.getByTestId('summary-rows').count(), 0, 'no summary of the cancelled file');
  assert.equal(await s.page.getByTestId('error-message').count(), 0, 'no error');
  assert.equal(await s.page.getByTestId('grid-row').count(), 0, 'no rows');
  // The cancelled read does not come back later either.
  await s.page.waitForTimeout(1_500);
  assert.equal(await s.page.getByTestId('summary-rows').count(), 0, 'still nothing after a while');

  // A fresh worker reads the next file.
  await s.page.getByTestId('sample-button').click();
  await waitForSummary(s.page, { rows: sampleRows, format: 'xlsx' });
});

test('no request left the page origin and nothing logged an error', () => {
  assertClean(s, { label: 'after cancelling a read' });
});
