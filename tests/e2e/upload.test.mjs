// Files chosen with the file picker: a WeCom-style xlsx (merged title row 1, blank row 2, header
// row 3), its GBK CSV twin without a BOM, and a vCard, all written by `minglu generate` into a
// temp dir. The page must say what `minglu inspect` says; the grid must be virtualized.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  openSession, assertClean, generate, inspect, tempDir, waitForSummary, readSummary, digits, waitUntil,
} from './lib/harness.mjs';

const ROWS = 1500;
const SEED = 7;
let s, tmp;
const files = {};
const expected = {};

before(async () => {
  tmp = tempDir();
  for (const [name, format] of [['wecom.xlsx', 'xlsx'], ['wecom-gbk.csv', 'csv-gbk'], ['contacts.vcf', 'vcf']]) {
    files[format] = generate(tmp.file(name), { rows: ROWS, seed: SEED, layout: 'wecom', format });
    expected[format] = inspect(files[format]);
  }
  s = await openSession();
  await s.load();
});
after(async () => { await s?.close(); tmp?.cleanup(); });

/** Open `file` with the picker on a freshly loaded page; wait for the summary the CLI predicts. */
async function upload(file, want) {
  await s.load();
  await s.page.getByTestId('file-input').setInputFiles(file);
  return waitForSummary(s.page, { rows: want.rows, format: want.format });
}

/** Everything `minglu inspect` reported shows on the page the same way. */
function assertSameAsCli(summary, want, what) {
  assert.equal(summary.format, want.format, `${what}: format`);
  assert.equal(digits(summary.rows), want.rows, `${what}: rows`);
  assert.equal(digits(summary['header-row']), want.header_row, `${what}: header row`);
  assert.equal(summary.profileKey, want.profile, `${what}: profile key (data-profile)`);
  if (want.encoding) assert.equal(summary.encoding, want.encoding, `${what}: encoding`);
  else assert.ok(!summary.encoding || /^[—–-]$/.test(summary.encoding), `${what}: no encoding, got ${summary.encoding}`);
  if (want.sheet) assert.equal(summary.sheet, want.sheet, `${what}: sheet`);
}

test('the CLI agrees with the generator about the fixtures', () => {
  const x = expected.xlsx;
  assert.equal(x.format, 'xlsx');
  assert.equal(x.header_row, 3);
  assert.equal(x.rows, ROWS);
  assert.equal(x.profile, 'wecom');
  assert.match(expected['csv-gbk'].encoding ?? '', /^GB/i, 'the csv twin reads as GBK-family');
  assert.equal(expected['csv-gbk'].rows, ROWS);
  assert.equal(expected.vcf.format, 'vcard');
  // GBK without a BOM: the twin must not start with EF BB BF, and must not be valid UTF-8.
  const bytes = fs.readFileSync(files['csv-gbk']);
  assert.notDeepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes));
});

test('xlsx (WeCom layout): summary matches the CLI', async () => {
  const summary = await upload(files.xlsx, expected.xlsx);
  await s.screenshot('upload-xlsx');
  assertSameAsCli(summary, expected.xlsx, 'xlsx');
  assert.equal(digits(summary['header-row']), 3);
  assert.equal(summary.profileKey, 'wecom');
});

test('the grid is virtualized and scrolls to the last row', async () => {
  // Continues from the xlsx upload.
  const want = expected.xlsx;
  const lastSourceRow = want.header_row + want.rows; // the generator writes data rows contiguously
  const grid = s.page.getByTestId('grid');
  await grid.waitFor();
  const rendered = await s.page.getByTestId('grid-row').count();
  assert.ok(rendered > 0, 'some rows are rendered');
  assert.ok(rendered < 200, `only a window of rows is in the DOM (${rendered} of ${want.rows})`);

  const first = await visibleSourceRows(s.page);
  assert.ok(first.includes(want.header_row + 1), `the first data row (${want.header_row + 1}) shows at the top: ${first.slice(0, 5)}`);

  await grid.evaluate((el) => { el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll')); });
  const rows = await waitUntil(`row ${lastSourceRow} visible in the grid`, () => visibleSourceRows(s.page),
    (v) => v.includes(lastSourceRow), { timeout: 10_000 });
  assert.ok(rows.includes(lastSourceRow));
  const after = await s.page.getByTestId('grid-row').count();
  assert.ok(after < 200, `still only a window of rows after scrolling (${after})`);
  await s.screenshot('grid-bottom');

  // And back to the middle: the rows there render too.
  const middle = want.header_row + Math.floor(want.rows / 2);
  await grid.evaluate((el) => { el.scrollTop = el.scrollHeight / 2; el.dispatchEvent(new Event('scroll')); });
  await waitUntil('rows around the middle', () => visibleSourceRows(s.page),
    (v) => v.some((r) => Math.abs(r - middle) < 100), { timeout: 10_000 });
});

test('the mapping panel lists every column; changing a field updates the grid', async () => {
  const want = expected.xlsx;
  const panel = s.page.getByTestId('mapping-panel');
  await panel.waitFor();
  const rows = panel.getByTestId('mapping-row');
  assert.equal(await rows.count(), want.columns.length, 'one mapping row per column');
  const text = await panel.textContent();
  for (const c of want.columns) if (c.header) assert.ok(text.includes(c.header), `mapping lists column ${c.header}`);

  // Each picker shows what the engine (and the CLI) mapped the column to; "" = kept as extra.
  const selects = panel.getByTestId('mapping-select');
  const values = await selects.evaluateAll((ss) => ss.map((x) => x.value));
  assert.deepEqual(values, want.columns.map((c) => c.field ?? ''), 'pickers match `minglu inspect` columns[].field');

  // Unmap a mapped column: the engine answers, the grid header and the badge follow, rows stay.
  const i = want.columns.findIndex((c) => c.field);
  const headField = s.page.locator(`[data-testid="grid-header"][data-column="${i}"] [data-testid="grid-header-field"]`);
  const mappedLabel = (await headField.textContent()).trim();
  await selects.nth(i).selectOption('');
  await waitUntil('the grid header to show the column as extra', async () => (await headField.textContent()).trim(),
    (v) => v !== mappedLabel, { timeout: 10_000 });
  await rows.nth(i).getByTestId('extra-badge').waitFor({ timeout: 10_000 });
  assert.equal(digits(await s.page.getByTestId('summary-rows').textContent()), want.rows, 'rows unchanged by a remap');
  await s.screenshot('mapping-changed');

  // And back.
  await waitUntil('the picker to be enabled', () => selects.nth(i).isEnabled(), (v) => v, { timeout: 10_000 });
  await selects.nth(i).selectOption(want.columns[i].field);
  await waitUntil('the grid header to show the field again', async () => (await headField.textContent()).trim(),
    (v) => v === mappedLabel, { timeout: 10_000 });
  assert.equal(await s.page.getByTestId('error-message').count(), 0, 'no error after remapping');

  // Undo and redo move the picker too (the worker changed the mapping, not the person).
  await waitUntil('undo to be enabled', () => s.page.getByTestId('undo').isEnabled(), (v) => v, { timeout: 10_000 });
  await s.page.getByTestId('undo').click();
  await waitUntil('the picker to follow the undo', () => selects.nth(i).inputValue(), (v) => v === '', { timeout: 10_000 });
  await waitUntil('redo to be enabled', () => s.page.getByTestId('redo').isEnabled(), (v) => v, { timeout: 10_000 });
  await s.page.getByTestId('redo').click();
  await waitUntil('the picker to follow the redo', () => selects.nth(i).inputValue(),
    (v) => v === want.columns[i].field, { timeout: 10_000 });
});

test('GBK csv without BOM: encoding, header row and profile match the CLI', async () => {
  const summary = await upload(files['csv-gbk'], expected['csv-gbk']);
  await s.screenshot('upload-csv-gbk');
  assertSameAsCli(summary, expected['csv-gbk'], 'csv-gbk');
  assert.match(summary.encoding, /^GB/i);
  // The Chinese headers decoded right: the first data row's name is CJK text, not mojibake.
  const gridText = await s.page.getByTestId('grid').textContent();
  assert.ok(!gridText.includes('\uFFFD'), 'no replacement characters in the grid');
  assert.match(gridText, /[\u4e00-\u9fff]/, 'the grid shows Chinese');
});

test('another encoding reads the chosen file again (the worker keeps the File, not its bytes)', async () => {
  // The page hands the worker the File itself; choosing an encoding makes the worker read the
  // file from disk again. GB18030 is a superset of GBK: the same people, the encoding named.
  await upload(files['csv-gbk'], expected['csv-gbk']);
  const select = s.page.getByTestId('encoding-select');
  await select.selectOption('gb18030');
  await waitUntil('the summary to name GB18030', () => s.page.getByTestId('summary-encoding').textContent(),
    (t) => /18030/.test(t), { timeout: 20_000 });
  let summary = await waitForSummary(s.page, { rows: expected['csv-gbk'].rows, format: expected['csv-gbk'].format });
  assert.match(summary.encoding, /18030/);
  assert.match(await s.page.getByTestId('grid').textContent(), /[\u4e00-\u9fff]/, 'still Chinese');
  // Back to detection: read a third time, GBK as at first.
  await select.selectOption('');
  await waitUntil('the summary to name the detected encoding', () => s.page.getByTestId('summary-encoding').textContent(),
    (t) => t.trim() === expected['csv-gbk'].encoding, { timeout: 20_000 });
  summary = await readSummary(s.page);
  assertSameAsCli(summary, expected['csv-gbk'], 'csv-gbk read again');
  assert.equal(await s.page.getByTestId('error-message').count(), 0, 'no error');
});

test('a chosen file deleted before it is read again: a message that says to choose it again', async () => {
  const copy = tmp.file('gone.csv');
  fs.copyFileSync(files['csv-gbk'], copy);
  await upload(copy, expected['csv-gbk']);
  fs.rmSync(copy);
  await s.page.getByTestId('encoding-select').selectOption('gb18030');
  const message = await waitUntil('the error message', () => s.page.getByTestId('error-message').textContent().catch(() => ''),
    (t) => t.trim().length > 0, { timeout: 20_000 });
  await s.screenshot('reread-file-gone');
  assert.match(message, /请重新选择文件/, message);
  // The reading shown before stays.
  assert.equal(digits(await s.page.getByTestId('summary-rows').textContent()), expected['csv-gbk'].rows);
});

test('vCard: format vcard, rows match the CLI', async () => {
  const summary = await upload(files.vcf, expected.vcf);
  await s.screenshot('upload-vcf');
  assertSameAsCli(summary, expected.vcf, 'vcf');
  assert.equal(summary.format, 'vcard');
});

test('no request left the page origin, nothing failed, no console errors', () => {
  assertClean(s, { label: 'after uploads' });
});

/** Source row numbers of the grid rows whose box is inside the grid's visible box. */
async function visibleSourceRows(page) {
  return page.evaluate(() => {
    const grid = document.querySelector('[data-testid="grid"]');
    if (!grid) return [];
    const box = grid.getBoundingClientRect();
    const out = [];
    for (const row of grid.querySelectorAll('[data-testid="grid-row"]')) {
      const r = row.getBoundingClientRect();
      if (r.bottom <= box.top + 1 || r.top >= box.bottom - 1 || r.height === 0) continue;
      const label = row.dataset.row ?? row.dataset.sourceRow ?? row.firstElementChild?.textContent ?? '';
      const n = Number(String(label).replace(/[^0-9]/g, ''));
      if (Number.isFinite(n) && n > 0) out.push(n);
    }
    return out;
  });
}
