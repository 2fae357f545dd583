// Check benchmark (issue #3): how long the built app takes to check a big directory in headless
// Chromium, and how long an inline edit and "fix all" take to come back re-checked. Not part of
// the test suite.
//
//   MINGLU_DIST=… node tests/bench/check-bench.mjs [--rows 100000] [--faults 0.08] [--runs 3]
//
// Reports, per run: the worker's own figures (apply, validate, encode — from the issue panel's
// data-timing), the page's decode + index time, and wall-clock times measured in the page from
// the file being chosen (or Enter being pressed in the cell editor, or the fix button clicked) to
// the issue panel showing the new check.

import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ROOT, openSession, generate, check, waitForSummary, waitUntil } from '../e2e/lib/harness.mjs';

const { values: opts } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    faults: { type: 'string', default: '0.08' },
    runs: { type: 'string', default: '3' },
    work: { type: 'string', default: path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'minglu-bench') },
  },
});
const ROWS = Number(opts.rows);
const RUNS = Number(opts.runs);

fs.mkdirSync(opts.work, { recursive: true });
const file = path.join(opts.work, `check-${ROWS}-${opts.faults}.xlsx`);
if (!fs.existsSync(file)) generate(file, { rows: ROWS, seed: 1, layout: 'wecom', faults: opts.faults, format: 'xlsx' });
const expected = check(file);
const sci = expected.issues.find((i) => i.code === 'mobile.scientific');

/** In the page: record when the panel next shows a settled check after `start` (an event). */
function watchPanel() {
  const t = { start: performance.now() };
  window.__check = t;
  const panel = () => document.querySelector('[data-testid="issue-panel"]');
  let sawBusy = false;
  const tick = () => {
    const p = panel();
    const busy = p?.getAttribute('aria-busy') === 'true' || p?.dataset.ready !== 'true';
    if (busy) sawBusy = true;
    if (sawBusy && p && !busy) {
      t.done = performance.now();
      t.timing = p.dataset.timing;
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (let run = 0; run < RUNS; run++) {
  const s = await openSession();
  try {
    await s.load();
    await s.page.evaluate(watchPanel);
    await s.page.getByTestId('file-input').setInputFiles(file);
    await waitForSummary(s.page, { rows: ROWS, format: 'xlsx', timeout: 300_000 });
    await waitUntil('the first check', () => s.page.evaluate(() => window.__check.done), (v) => v !== undefined, { timeout: 300_000 });
    const open = await s.page.evaluate(() => window.__check);

    // Inline edit: the first scientific-notation mobile → a valid one.
    const group = s.page.locator('[data-testid="issue-group"][data-code="mobile.scientific"]');
    await group.locator('.group-head').click();
    await group.locator(`[data-testid="issue-item"][data-row="${sci.row}"]`).first().click();
    const cell = s.page.locator(`[data-testid="grid-row"][data-row="${sci.row}"] .cell[data-col="${sci.column - 1}"]`);
    await cell.dblclick();
    await s.page.getByTestId('cell-editor').fill(`199${String(sci.row).padStart(8, '0')}`);
    await s.page.evaluate(watchPanel);
    await s.page.getByTestId('cell-editor').press('Enter');
    await waitUntil('the edit to be checked', () => s.page.evaluate(() => window.__check.done), (v) => v !== undefined, { timeout: 120_000 });
    const edit = await s.page.evaluate(() => window.__check);

    // Fix everything fixable.
    await s.page.evaluate(watchPanel);
    await s.page.getByTestId('fix-all').click();
    await waitUntil('the fixes to be checked', () => s.page.evaluate(() => window.__check.done), (v) => v !== undefined, { timeout: 120_000 });
    const fix = await s.page.evaluate(() => window.__check);

    const r = {
      open_to_checked_ms: open.done - open.start,
      open_timing: open.timing,
      edit_round_trip_ms: edit.done - edit.start,
      edit_timing: edit.timing,
      fix_all_round_trip_ms: fix.done - fix.start,
      fix_timing: fix.timing,
    };
    console.log(JSON.stringify(r));
    results.push(r);
  } finally {
    await s.close();
  }
}
console.log(`rows=${ROWS} faults=${opts.faults} issues=${expected.issues.length} runs=${RUNS}`);
for (const k of ['open_to_checked_ms', 'edit_round_trip_ms', 'fix_all_round_trip_ms']) {
  console.log(`${k}: median ${median(results.map((r) => r[k])).toFixed(0)} ms`);
}
