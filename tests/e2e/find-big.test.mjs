// The first search of a big directory (issue #7): above 250,000 people the worker builds the
// search index only when someone searches (it takes more memory than the people), so the first
// query waits for it — about a second here, four at a million. Meanwhile the list says that it
// is searching and why; when the hits come, it says so no longer, and they are `minglu search`'s.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSession, assertClean, generate, minglu, tempDir, waitForSummary, waitUntil } from './lib/harness.mjs';

const ROWS = 260_000; // above EAGER_INDEX_MAX in app/src/work/find.rs
let s, tmp, file;

before(async () => {
  tmp = tempDir();
  file = generate(tmp.file('big.csv'), { rows: ROWS, seed: 9, layout: 'wecom', format: 'csv' });
  s = await openSession();
});
after(async () => { await s?.close(); tmp?.cleanup(); });

test('the first search of a big directory says it is searching until the hits come', async () => {
  await s.load();
  await s.page.getByTestId('file-input').setInputFiles(file);
  await waitForSummary(s.page, { rows: ROWS, format: 'csv', timeout: 120_000 });
  // The pipeline and the org tree are done (the A–Z strip comes with the tree, not the index).
  await waitUntil('the duplicates', () => s.page.getByTestId('duplicates-open').getAttribute('data-pending'),
    (p) => p === 'false', { timeout: 120_000 });
  await waitUntil('the org tree', () => s.page.getByTestId('dept').count(), (n) => n > 0, { timeout: 120_000 });

  const query = 'zhang';
  await s.page.getByTestId('find-input').fill(query);
  const pending = s.page.getByTestId('find-pending');
  await pending.waitFor({ timeout: 5_000 });
  // Visible once the answer has taken longer than 0.3 s (the index is being built).
  await waitUntil('the hint to show', () => pending.evaluate((p) => getComputedStyle(p).opacity), (o) => o === '1',
    { timeout: 5_000, interval: 50 });
  assert.match(await pending.textContent(), /正在搜索/);

  await waitUntil('the hits', () => s.page.getByTestId('find-hits').getAttribute('data-query'), (q) => q === query,
    { timeout: 60_000 });
  assert.equal(await pending.count(), 0, 'the hint goes when the hits come');
  const shown = await s.page.getByTestId('find-hit').evaluateAll((hs) => hs.map((h) => Number(h.dataset.row)));
  const want = JSON.parse(minglu(['search', file, query, '--limit', '20', '--format', 'json'])).map((h) => h.row);
  assert.deepEqual(shown, want);
  assert.ok(Number(await s.page.getByTestId('find-hits').getAttribute('data-build-ms')) > 0, 'this search built the index');
  assertClean(s);
});
