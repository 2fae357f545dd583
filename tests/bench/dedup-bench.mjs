// What merge and undo cost in the page on a big directory: a generated WeCom xlsx (with the
// generator's faults, duplicates among them) opens in headless Chromium; then one group is
// merged (rows go: the worker re-sends the packed grid), the merge is undone (rows come back: the
// grid again), and one cell is edited (cell patches only). Each is timed from the click to the
// check being in; the worker's own split (apply, validate, encode, dedup) is read from the page.
// Not part of scripts/test.
//
//   MINGLU_DIST=… MINGLU_BIN=… node tests/bench/dedup-bench.mjs [--rows 100000]

import { parseArgs } from 'node:util';
import { openSession, generate, tempDir, waitForSummary, waitUntil, assertClean } from '../e2e/lib/harness.mjs';

const { values: opts } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const ROWS = Number(opts.rows);

async function settled(page) {
  await waitUntil('the check to settle', () => page.getByTestId('issue-panel').evaluate((p) => ({
    ready: p.dataset.ready, busy: p.getAttribute('aria-busy'),
  })), (v) => v.ready === 'true' && v.busy === 'false', { timeout: 300_000, interval: 20 });
}

/** …and the log and the duplicate groups, which follow the check. */
async function deduped(page) {
  await waitUntil('the duplicates', () => page.evaluate(() =>
    document.querySelector('[data-testid="duplicates-open"]')?.dataset.pending ?? 'absent'),
  (v) => v === 'false', { timeout: 300_000, interval: 20 });
}

async function worker(page) {
  const timing = await page.getByTestId('issue-panel').getAttribute('data-timing');
  const dedup = await page.getByTestId('duplicates-open').getAttribute('data-dedup-ms');
  return `${timing} dedup=${dedup}`;
}

async function rows(page) {
  return Number(await page.getByTestId('grid').getAttribute('data-rows'));
}

const tmp = tempDir();
const file = generate(tmp.file('big.xlsx'), { rows: ROWS, seed: 1, layout: 'wecom', faults: 0.05, format: 'xlsx' });
const s = await openSession();
try {
  await s.load();
  let t0 = Date.now();
  await s.page.getByTestId('file-input').setInputFiles(file);
  await waitForSummary(s.page, { rows: ROWS, format: 'xlsx', timeout: 300_000 });
  await settled(s.page);
  const checkedAt = Date.now() - t0;
  await deduped(s.page);
  console.log(`open: checked after ${checkedAt} ms, groups after ${Date.now() - t0} ms (${await worker(s.page)})`);
  const groups = Number((await s.page.getByTestId('duplicates-count').textContent()).replace(/\D/g, ''));
  console.log(`groups: ${groups}`);

  t0 = Date.now();
  await s.page.getByTestId('duplicates-open').click();
  await s.page.getByTestId('duplicate-group').first().waitFor();
  console.log(`open the view: ${Date.now() - t0} ms`);

  const n = await rows(s.page);
  t0 = Date.now();
  await s.page.getByTestId('duplicate-group').first().getByTestId('duplicate-merge').click();
  await waitUntil('a row to go', () => rows(s.page), (v) => v < n, { timeout: 300_000, interval: 20 });
  const regrid = Date.now() - t0;
  await settled(s.page);
  let checked = Date.now() - t0;
  await deduped(s.page);
  console.log(`merge: grid after ${regrid} ms, checked after ${checked} ms, groups after ${Date.now() - t0} ms (${await worker(s.page)})`);

  t0 = Date.now();
  await s.page.getByTestId('undo').click();
  await waitUntil('the row back', () => rows(s.page), (v) => v === n, { timeout: 300_000, interval: 20 });
  const back = Date.now() - t0;
  await settled(s.page);
  checked = Date.now() - t0;
  await deduped(s.page);
  console.log(`undo merge: grid after ${back} ms, checked after ${checked} ms, groups after ${Date.now() - t0} ms (${await worker(s.page)})`);

  await s.page.getByTestId('duplicates-close').click();
  const cell = s.page.locator('[data-testid="grid-row"]').first().locator('.cell[data-col="0"]');
  t0 = Date.now();
  await cell.dblclick();
  await s.page.getByTestId('cell-editor').fill('基准测试');
  await s.page.getByTestId('cell-editor').press('Enter');
  await settled(s.page);
  checked = Date.now() - t0;
  await deduped(s.page);
  console.log(`edit one cell: checked after ${checked} ms, groups after ${Date.now() - t0} ms (${await worker(s.page)})`);
  t0 = Date.now();
  await s.page.getByTestId('undo').click();
  await waitUntil('the cell back', () => cell.textContent(), (v) => v.trim() !== '基准测试', { timeout: 300_000 });
  await settled(s.page);
  checked = Date.now() - t0;
  await deduped(s.page);
  console.log(`undo edit: checked after ${checked} ms, groups after ${Date.now() - t0} ms (${await worker(s.page)})`);
  assertClean(s, { label: 'dedup bench' });
} finally {
  await s.close();
  tmp.cleanup();
}
