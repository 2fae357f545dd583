// The 1M-row browser run (issue #7): the built app opens a generated 1,000,000-row xlsx in headless
// Chromium. It records whether the read completes, how long each step took, the progress bar's
// values as they moved, the page's longest main-thread task (PerformanceObserver long tasks), and
// the workers' wasm memory at the end — wasm memory never shrinks, so that is its peak — and after a
// first search (which builds the search index of a directory this big). A second
// page starts the same read and presses 取消 (cancel) part way: the bar must go, and the app must
// then open the 200-row sample as usual. Run by scripts/bench-million; not part of scripts/test.
//
//   node tests/bench/million.mjs [--rows 1000000] [--faults 0.05] [--out docs/bench/million.md]
//
// The input is generated with the committed generator (`minglu generate`), never committed.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, CHROMIUM, openSession, generate, digits } from '../e2e/lib/harness.mjs';
import { timePipeline, sh, machine, commit } from './lib/pipeline-probe.mjs';

const { values: opts } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    // The share of rows with a deliberate fault (`minglu generate --faults`); 0 is a clean file.
    faults: { type: 'string', default: '0' },
    timeout: { type: 'string', default: '900' },
    out: { type: 'string', default: path.join(ROOT, 'docs/bench/million.md') },
    work: { type: 'string', default: path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'minglu-bench') },
  },
});
const ROWS = Number(opts.rows);
const TIMEOUT_MS = Number(opts.timeout) * 1000;
const MIB = 2 ** 20;

/** The workers' wasm memory in bytes (app/worker-loader.js keeps the exports as `mingluWasm`):
 *  the reading worker's and the duplicate helper's (app/src/bridge.rs) added up — the helper
 *  starts with the page and, at this size, only warms up (the reading worker finds the
 *  duplicates of files over 32 MiB itself). `{ total, each }`. */
async function workersMemory(page) {
  const each = {};
  for (const w of page.workers()) {
    const got = await w.evaluate(async () => [self.name, self.mingluWasm ? (await self.mingluWasm).memory.buffer.byteLength : null]).catch(() => null);
    if (got?.[1]) each[got[0] || 'worker'] = got[1];
  }
  const values = Object.values(each);
  return { total: values.length ? values.reduce((a, b) => a + b, 0) : NaN, each };
}

async function workerMemory(page) {
  return (await workersMemory(page)).total;
}

async function completeRun(file) {
  const session = await openSession();
  try {
    const { page } = session;
    // The page's own wasm memory (the check's issues, the grid's row numbers): boot.js hands the
    // module's exports over in the TrunkApplicationStarted event.
    await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { self.mingluPageWasm = e.detail.wasm; }));
    await session.load();
    // The worker's wasm memory while the pipeline runs (read between its steps: the worker
    // answers when it is not inside one), to tell which step grows it.
    const growth = [];
    let running = true;
    const started = Date.now();
    const sampler = (async () => {
      while (running) {
        const bytes = await workerMemory(page);
        if (bytes && bytes !== growth.at(-1)?.[1]) growth.push([Date.now() - started, bytes]);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const m = await timePipeline(page, file, ROWS, TIMEOUT_MS).finally(() => { running = false; });
    await sampler;
    // The org tree and the A–Z counts are built after the duplicates: wait for them (at this
    // size the search index waits for the first search: app/src/work/find.rs).
    await page.waitForFunction(() => document.querySelector('[data-testid="org-tree"]')?.dataset.buildMs,
      null, { timeout: TIMEOUT_MS, polling: 200 });
    const { total: memory, each } = await workersMemory(page);
    const pageMemory = await page.evaluate(() => self.mingluPageWasm?.memory?.buffer.byteLength ?? null);
    await session.screenshot('million-done');
    // Then the first search, which builds the index; the memory after it is the peak of a session
    // that searches.
    const query = 'zhang';
    const t0 = Date.now();
    await page.getByTestId('find-input').fill(query);
    await page.waitForFunction((q) => document.querySelector('[data-testid="find-hits"]')?.dataset.query === q
      && document.querySelectorAll('[data-testid="find-hit"]').length > 0, query, { timeout: TIMEOUT_MS, polling: 100 });
    const firstSearch = Date.now() - t0;
    const searched = await workerMemory(page);
    return { m, wall: m.wall, memory, each, pageMemory, firstSearch, searched, growth };
  } finally {
    await session.close();
  }
}

async function cancelRun(file, afterMs) {
  const session = await openSession();
  try {
    const { page } = session;
    await session.load();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('progress').waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForTimeout(afterMs);
    const bar = page.getByTestId('progress');
    if (!(await bar.isVisible())) return { finished: true }; // a small file: nothing left to cancel
    const shown = await bar.getAttribute('aria-valuenow');
    const t0 = Date.now();
    await page.getByTestId('cancel-reading').click();
    await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 10_000 });
    const gone = Date.now() - t0;
    // The app must work afterwards: the sample opens in a fresh worker.
    const t1 = Date.now();
    await page.getByTestId('sample-button').click();
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="summary-rows"]');
      return el && Number(el.textContent.replace(/[^0-9]/g, '')) === 200;
    }, null, { timeout: 60_000 });
    const sample = Date.now() - t1;
    return { shown, gone, sample, rowsAfter: digits(await page.getByTestId('summary-rows').textContent()) };
  } finally {
    await session.close();
  }
}

async function main() {
  fs.mkdirSync(opts.work, { recursive: true });
  const faults = Number(opts.faults);
  const file = path.join(opts.work, faults > 0 ? `wecom-${ROWS}-faults-${faults}.xlsx` : `wecom-${ROWS}.xlsx`);
  if (!fs.existsSync(file)) {
    const t = Date.now();
    generate(file, { rows: ROWS, seed: Number(opts.seed), layout: 'wecom', format: 'xlsx', ...(faults > 0 ? { faults } : {}) });
    console.log(`generated ${file} in ${Date.now() - t} ms`);
  }
  const size = fs.statSync(file).size;

  console.log('complete run …');
  const { m, wall, memory, each, pageMemory, firstSearch, searched, growth } = await completeRun(file);
  console.log(JSON.stringify({ ...m, progress: m.progress.length, wall, memory, pageMemory, firstSearch, searched }));
  console.log('cancel run …');
  const cancel = await cancelRun(file, 3000);
  console.log(JSON.stringify(cancel));

  const ms = (a, b) => (a !== undefined && b !== undefined ? `${((a - b) / 1000).toFixed(1)} s` : 'not reached');
  const steps = m.progress.map(([t, p]) => `${p}% at ${(t / 1000).toFixed(1)} s`);
  const moving = new Set(m.progress.map((p) => p[1])).size;
  const bar = (ok) => (ok ? 'met' : '**not met**');
  const L = [];
  L.push('# 1M-row browser run');
  L.push('');
  L.push(`Generated by \`scripts/bench-million\` (tests/bench/million.mjs) on ${new Date().toISOString().slice(0, 10)}; do not edit by hand.`);
  L.push('');
  const faultArg = faults > 0 ? ` --faults ${faults}` : '';
  L.push(`- Input: \`minglu generate --rows ${ROWS} --seed ${opts.seed} --layout wecom --format xlsx${faultArg}\` — ${(size / 1e6).toFixed(1)} MB`);
  L.push(`- Browser: ${sh(CHROMIUM, ['--version'])}, headless; Machine: ${machine()}`);
  L.push(`- Build: commit ${commit()}, \`trunk build --release\`; one run (a 1M-row read takes minutes)`);
  L.push('');
  L.push('| what | measured | issue #7 bar |');
  L.push('|---|---:|---|');
  L.push(`| completes | ${m.error ? `no: "${m.error}"` : m.dedup !== undefined ? 'yes' : 'no'} | must (${bar(!m.error && m.dedup !== undefined)}) |`);
  L.push(`| file chosen → summary shows ${ROWS.toLocaleString('en')} rows | ${ms(m.summary, m.change)} | |`);
  L.push(`| → issue panel ready | ${ms(m.checked, m.change)} | |`);
  L.push(`| → duplicates counted (whole pipeline) | ${ms(m.dedup, m.change)} | |`);
  const mib = (b) => (Number.isFinite(b) ? `${(b / MIB).toFixed(0)} MiB` : 'unknown');
  const parts = Object.entries(each).map(([name, b]) => `${name} ${mib(b)}`).join(' + ');
  L.push(`| the workers' wasm memory when the pipeline, the org tree and the A–Z counts are done (= peak so far; ${parts}) | ${mib(memory)} | < 512 MiB (${bar(memory < 512 * MIB)}) |`);
  L.push(`| the page's own wasm memory then (the check's issues; the grid's cells stay in JavaScript buffers) | ${mib(pageMemory)} | |`);
  L.push(`| first search ("zhang": builds the search index) → hits | ${(firstSearch / 1000).toFixed(1)} s | |`);
  L.push(`| the workers' wasm memory after that search (= peak of a session that searches) | ${mib(searched)} | |`);
  L.push(`| longest main-thread task | ${m.longestTask.toFixed(0)} ms (${m.over50} tasks over 50 ms) | ≤ 50 ms (${bar(m.longestTask <= 50)}) |`);
  L.push(`| progress bar | ${moving} distinct values | moves (${bar(moving >= 5)}) |`);
  if (cancel.finished) {
    L.push('| cancel after 3 s | the read had finished: nothing to cancel | works (not measured) |');
  } else {
    L.push(`| cancel after 3 s (bar at ${cancel.shown == null ? 'indeterminate: the workbook opening' : `${cancel.shown}%`}) → bar gone | ${cancel.gone} ms | works (${bar(cancel.gone < 2000 && cancel.rowsAfter === 200)}) |`);
    L.push(`| then open the 200-row sample | ${cancel.sample} ms, ${cancel.rowsAfter} rows | |`);
  }
  L.push('');
  L.push(`Progress values as shown: ${steps.slice(0, 40).join(', ')}${steps.length > 40 ? ` … (${steps.length} in all)` : ''}.`);
  L.push('');
  // Sampled from the page between the worker's steps (time from the file chosen, within ~0.1 s).
  L.push(`The workers' wasm memory as the pipeline ran: ${growth.map(([t, b]) => `${mib(b)} at ${(t / 1000).toFixed(1)} s`).join(', ') || 'not sampled'}`
    + ` (summary at ${ms(m.summary, m.change)}, issue panel at ${ms(m.checked, m.change)}, duplicates at ${ms(m.dedup, m.change)}).`);
  L.push('');
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, L.join('\n'));
  console.log(`\n${L.join('\n')}\nwrote ${path.relative(ROOT, opts.out)}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
