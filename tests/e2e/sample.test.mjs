// "Try with sample data": the built-in sample (minglu::sample::sample_xlsx) opens and the summary
// says what the CLI says about the same workbook.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSession, assertClean, generate, inspect, tempDir, waitForSummary, digits, SAMPLE } from './lib/harness.mjs';


let s, tmp, expected;
before(async () => {
  tmp = tempDir();
  expected = inspect(generate(tmp.file('sample.xlsx'), SAMPLE));
  s = await openSession();
});
after(async () => { await s?.close(); tmp?.cleanup(); });

test('the sample opens with the summary the CLI gives for the same workbook', async () => {
  assert.equal(expected.format, 'xlsx');
  assert.equal(expected.header_row, 3);
  assert.equal(expected.profile, 'wecom');
  assert.ok(expected.rows > 0);

  await s.load();
  await s.page.getByTestId('sample-button').click();
  const summary = await waitForSummary(s.page, { rows: expected.rows, format: 'xlsx' });
  await s.screenshot('sample');

  assert.equal(summary.format, 'xlsx');
  assert.equal(digits(summary['header-row']), 3);
  assert.equal(summary.profileKey, 'wecom');
  assert.equal(digits(summary.rows), expected.rows);
  if (expected.sheet) assert.equal(summary.sheet, expected.sheet);
  assert.ok(!summary.encoding || /^[—–-]?$/.test(summary.encoding), `no text encoding for xlsx: ${summary.encoding}`);

  const gridRows = await s.page.getByTestId('grid-row').count();
  assert.ok(gridRows > 0, 'the grid shows rows');
  assertClean(s, { label: 'after the sample' });
});
