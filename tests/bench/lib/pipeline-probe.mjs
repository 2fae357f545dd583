// What the browser benches share: the in-page probe that times the app's pipeline on a chosen
// file, and the facts about the machine and build every results table starts with.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { ROOT } from '../../e2e/lib/harness.mjs';

/** In-page probe (pass to `page.evaluate` before the file is chosen): marks when the input's
 *  `change` fires, when the summary shows `rows`, when the first grid rows are rendered, when the
 *  check's issue panel is ready and when the duplicates are counted (the whole pipeline: read →
 *  map → validate → dedup → first screen); records every progress value shown and the page's long
 *  tasks (PerformanceObserver; those over 50 ms also with when they started, in `over50At`). The
 *  marks are in `window.__pipeline`; `done` is set at the end or on an error message. */
export function installPipelineProbe(rows) {
  const marks = { longTasks: 0, longestTask: 0, over50: 0, progress: [], over50At: [] };
  window.__pipeline = marks;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        marks.longTasks += 1;
        if (e.duration > 50) {
          marks.over50 += 1;
          // When (ms after the file was chosen) and how long: which step of the pipeline it was.
          marks.over50At.push([Math.round(e.startTime - (marks.change ?? e.startTime)), Math.round(e.duration)]);
        }
        marks.longestTask = Math.max(marks.longestTask, e.duration);
      }
    }).observe({ type: 'longtask' });
  } catch { marks.longestTask = NaN; }
  const input = document.querySelector('[data-testid="file-input"]');
  input.addEventListener('change', () => { marks.change ??= performance.now(); }, { capture: true, once: true });
  const num = (s) => Number(String(s ?? '').replace(/[^0-9]/g, '') || NaN);
  const check = () => {
    const t = performance.now();
    const now = document.querySelector('[data-testid="progress"]')?.getAttribute('aria-valuenow');
    if (now != null && marks.progress[marks.progress.length - 1]?.[1] !== Number(now)) {
      marks.progress.push([Math.round(t - (marks.change ?? t)), Number(now)]);
    }
    if (marks.summary === undefined && num(document.querySelector('[data-testid="summary-rows"]')?.textContent) === rows) marks.summary = t;
    if (marks.summary !== undefined && marks.grid === undefined && document.querySelector('[data-testid="grid-row"]')) marks.grid = t;
    const panel = document.querySelector('[data-testid="issue-panel"]');
    if (marks.grid !== undefined && marks.checked === undefined && panel?.dataset.ready === 'true' && panel.getAttribute('aria-busy') === 'false') marks.checked = t;
    // Duplicates come after the check: the toolbar button carries the last dedup time once the
    // worker's answer arrived and nothing is pending.
    const dup = document.querySelector('[data-testid="duplicates-open"]');
    if (marks.checked !== undefined && marks.dedup === undefined && dup?.dataset.pending === 'false' && dup.dataset.dedupMs && dup.dataset.dedupMs !== '0') marks.dedup = t;
    const err = document.querySelector('[data-testid="error-message"]');
    if (err && err.textContent.trim()) marks.error = err.textContent.trim();
    if (marks.dedup !== undefined || marks.error) { observer.disconnect(); marks.done = true; }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  const tick = () => { check(); if (!marks.done) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}

/** The worker's own time for its two longest steps, as it reported them to the page (the issue
 *  panel's data-timing, the duplicates button's data-dedup-ms): the rest of the pipeline is the
 *  read, the grid's packing, the page drawing, and the worker waiting for it. */
export async function workerTimes(page) {
  const worker = await page.evaluate(() => ({
    timing: document.querySelector('[data-testid="issue-panel"]')?.dataset.timing ?? '',
    dedup: Number(document.querySelector('[data-testid="duplicates-open"]')?.dataset.dedupMs ?? NaN),
  }));
  return { check: Number((worker.timing.match(/validate=(\d+)/) || [])[1] ?? NaN), dedup: worker.dedup };
}

/** After `session.load()`: wait until the page's workers — the reading one and the duplicate
 *  helper (app/src/bridge.rs) — have warmed up (their global `mingluWarm`,
 *  app/src/work/warm_up.rs), as they have by the time a person has picked a file in the file
 *  dialog, for at most `timeout` ms. Resolves to the ms waited (since `since`) and the state
 *  (`done`, `stopped`, or `none` when one never said; the first worker's otherwise). */
export async function waitWorkerWarm(page, since, timeout = 15_000) {
  for (;;) {
    const workers = page.workers();
    const states = await Promise.all(workers.map((w) => w.evaluate(() => self.mingluWarm ?? 'none').catch(() => 'none')));
    const state = states.length && !states.includes('none') ? states[0] : 'none';
    const waited = Date.now() - since;
    if (state !== 'none' || waited > timeout) return { waited, state };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Run the probe's pipeline on `file` in a loaded page; the marks, with `wall` (ms). */
export async function timePipeline(page, file, rows, timeout) {
  await page.evaluate(installPipelineProbe, rows);
  const wall0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(file);
  await page.waitForFunction(() => window.__pipeline?.done, null, { timeout, polling: 100 });
  const wall = Date.now() - wall0;
  return { ...(await page.evaluate(() => window.__pipeline)), wall };
}

/** A command's output, or '' when it fails. */
export function sh(cmd, args) {
  try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; }
}

/** `AMD EPYC, 2 cores, 24 GiB` */
export function machine() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || os.arch();
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
}

/** The commit the results are of, marked when the tree has changes. */
export function commit() {
  const head = sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']);
  return (head || 'unknown') + (sh('git', ['-C', ROOT, 'status', '--porcelain']) ? ' (with uncommitted changes)' : '');
}
