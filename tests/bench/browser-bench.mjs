// Browser benchmark: how long the built app (dist/) takes to open a big directory in headless
// Chromium, from the file being chosen to the row count in the summary and the first grid rows.
// Run by scripts/bench-browser (which builds the CLI and dist/ first); not part of scripts/test.
//
//   node tests/bench/browser-bench.mjs [--rows 100000] [--runs 3] [--out docs/bench/browser.md]
//
// The input is generated with the committed generator (`minglu generate`), never committed.
//
// Contenders: each is { name, note, run(session, file, expected) → { metric: ms, … } } and gets a
// fresh page per run. Minglu's own app is the first; baselines (SheetJS, PapaParse: issue #7) go in
// CONTENDERS below, with their page under tests/bench/page/ served at /bench/ beside the app.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, DIST, CHROMIUM, openSession, generate, inspect, assertClean } from '../e2e/lib/harness.mjs';

const { values: opts } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: path.join(ROOT, 'docs/bench/browser.md') },
    work: { type: 'string', default: path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'minglu-bench') },
  },
});
const ROWS = Number(opts.rows);
const RUNS = Number(opts.runs);
const PAGE_DIR = path.join(ROOT, 'tests/bench/page');

// ---------------------------------------------------------------------------------------------
// Contenders

/** In-page timer: marks when the input's `change` fires, when the summary shows `rows`, and when
 *  the first grid rows are rendered. Installed before the file is chosen. */
function installProbe(rows) {
  const marks = {};
  window.__benchMarks = marks;
  const input = document.querySelector('[data-testid="file-input"]');
  input.addEventListener('change', () => { marks.change ??= performance.now(); }, { capture: true, once: true });
  const digits = (s) => Number(String(s ?? '').replace(/[^0-9]/g, '') || NaN);
  const check = () => {
    const t = performance.now();
    if (marks.summary === undefined) {
      const el = document.querySelector('[data-testid="summary-rows"]');
      if (el && digits(el.textContent) === rows) marks.summary = t;
    }
    if (marks.summary !== undefined && marks.grid === undefined) {
      if (document.querySelector('[data-testid="grid-row"]')) marks.grid = t;
    }
    const err = document.querySelector('[data-testid="error-message"]');
    if (err && err.textContent.trim()) marks.error = err.textContent.trim();
    if (marks.grid !== undefined || marks.error) { observer.disconnect(); marks.done = true; }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  const tick = () => { check(); if (!marks.done) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}

const CONTENDERS = [
  {
    name: 'Minglu (this app, wasm in a Web Worker)',
    note: 'file chosen → row count in the summary; → first grid rows rendered',
    async run(session, file, expected) {
      const { page } = session;
      await session.load();
      await page.evaluate(installProbe, expected.rows);
      const wall0 = Date.now();
      await page.getByTestId('file-input').setInputFiles(file);
      await page.waitForFunction(() => window.__benchMarks?.done, null, { timeout: 600_000, polling: 50 });
      const wall = Date.now() - wall0;
      const m = await page.evaluate(() => window.__benchMarks);
      if (m.error) throw new Error(`the app failed on the bench file: ${m.error}`);
      return {
        'summary shows rows (ms)': m.summary - m.change,
        'first grid rows (ms)': m.grid - m.change,
        'wall, from setInputFiles (ms)': wall,
      };
    },
  },
  // Issue #7: { name: 'SheetJS (xlsx, main thread)', note: …, async run(session, file, expected) {
  //   await session.page.goto(session.server.origin + '/bench/sheetjs.html'); … } },
];

// ---------------------------------------------------------------------------------------------

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function sh(cmd, args) {
  try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; }
}

function distSizes() {
  const out = [];
  for (const f of fs.readdirSync(DIST)) {
    if (f.endsWith('.wasm')) out.push(`${f} ${(fs.statSync(path.join(DIST, f)).size / 1024).toFixed(0)} KiB`);
  }
  return out.join(', ');
}

async function main() {
  fs.mkdirSync(opts.work, { recursive: true });
  const file = path.join(opts.work, `wecom-${ROWS}.xlsx`);
  let t = Date.now();
  generate(file, { rows: ROWS, seed: Number(opts.seed), layout: 'wecom', format: 'xlsx' });
  console.log(`generated ${file} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB) in ${Date.now() - t} ms`);

  // Native reference: the CLI on the same file (same engine, no browser).
  const cliTimes = [];
  let expected;
  for (let i = 0; i < RUNS; i++) {
    t = process.hrtime.bigint();
    expected = inspect(file);
    cliTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  if (expected.rows !== ROWS) console.warn(`note: the CLI reads ${expected.rows} rows (generated ${ROWS})`);

  const results = [];
  results.push({ name: 'minglu inspect (native CLI, same engine)', note: 'process start → JSON printed', metrics: { 'inspect (ms)': cliTimes } });

  const hasPage = fs.existsSync(PAGE_DIR);
  for (const c of CONTENDERS) {
    const metrics = {};
    const session = await openSession({ mounts: hasPage ? { '/bench/': PAGE_DIR } : {} });
    try {
      for (let i = 0; i < RUNS; i++) {
        const r = await c.run(session, file, expected);
        for (const [k, v] of Object.entries(r)) (metrics[k] ??= []).push(v);
        console.log(`${c.name} run ${i + 1}/${RUNS}: ${Object.entries(r).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
      }
      assertClean(session, { label: c.name });
    } finally {
      await session.close();
    }
    results.push({ name: c.name, note: c.note, metrics });
  }

  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || os.arch();
  const commit = sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']) + (sh('git', ['-C', ROOT, 'status', '--porcelain']) ? ' (with uncommitted changes)' : '');
  const lines = [];
  lines.push('# Browser benchmark');
  lines.push('');
  lines.push(`Generated by \`scripts/bench-browser\` (tests/bench/browser-bench.mjs) on ${new Date().toISOString().slice(0, 10)}; do not edit by hand.`);
  lines.push('');
  lines.push(`- Input: \`minglu generate --rows ${ROWS} --seed ${opts.seed} --layout wecom --format xlsx\` — ${(fs.statSync(file).size / 1e6).toFixed(1)} MB, ${expected.rows} data rows × ${expected.columns.length} columns, header on row ${expected.header_row}`);
  lines.push(`- Browser: ${sh(CHROMIUM, ['--version'])}, headless; page served from 127.0.0.1 by tests/e2e/lib/static-server.mjs`);
  lines.push(`- Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${os.type()} ${os.release()}`);
  lines.push(`- Build: commit ${commit || 'unknown'}, \`trunk build --release\`; ${distSizes()}`);
  lines.push(`- Each figure: ${RUNS} runs, each on a freshly loaded page; the median is in bold.`);
  lines.push('');
  lines.push(`| what | measured | ${Array.from({ length: RUNS }, (_, i) => `run ${i + 1}`).join(' | ')} | median |`);
  lines.push(`|---|---|${'---:|'.repeat(RUNS)}---:|`);
  for (const r of results) {
    for (const [metric, xs] of Object.entries(r.metrics)) {
      lines.push(`| ${r.name} | ${metric} | ${xs.map((x) => x.toFixed(0)).join(' | ')} | **${median(xs).toFixed(0)}** |`);
    }
  }
  lines.push('');
  for (const r of results) lines.push(`- ${r.name}: ${r.note}`);
  lines.push('');
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, lines.join('\n'));
  console.log(`\n${lines.join('\n')}\nwrote ${path.relative(ROOT, opts.out)}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
