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
import { waitWorkerWarm, timePipeline, workerTimes, sh, machine, commit } from './lib/pipeline-probe.mjs';

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

/** Minglu's app on one of the files. */
function minglu(format) {
  return {
    name: `Minglu (this app, wasm in a Web Worker) — ${format}`,
    format,
    note: 'page loaded → worker warmed up (app/src/work/warm_up.rs; the file is chosen then, as after a file dialog); file chosen → row count in the summary; → first grid rows rendered; → issue panel ready (read, map, validate, first screen); → duplicate groups counted (the whole pipeline); the worker\'s own time for the check and the duplicate search (as it reports them to the page); the page\'s longest task while it ran',
    async run(session, file, expected) {
      const { page } = session;
      const t0 = Date.now();
      await session.load();
      const warm = await waitWorkerWarm(page, t0);
      if (warm.state !== 'done') throw new Error(`the worker did not warm up (${warm.state} after ${warm.waited} ms)`);
      const m = await timePipeline(page, file, expected.rows, 600_000);
      if (m.error) throw new Error(`the app failed on the bench file: ${m.error}`);
      const worker = await workerTimes(page);
      return {
        'worker warmed up, from page load (ms)': warm.waited,
        'summary shows rows (ms)': m.summary - m.change,
        'first grid rows (ms)': m.grid - m.change,
        'checked: issue panel ready (ms)': m.checked - m.change,
        'duplicates found: pipeline done (ms)': m.dedup - m.change,
        'in the worker: the check (ms)': worker.check,
        'in the worker: the duplicate search (ms)': worker.dedup,
        'longest main-thread task (ms)': m.longestTask,
        'wall, from setInputFiles (ms)': m.wall,
      };
    },
  };
}

/** A baseline library on tests/bench/page/baseline.html (main thread, as web importers use it). */
function baseline(name, lib, format, note) {
  return {
    name,
    format,
    note,
    async run(session, file, expected) {
      const { page } = session;
      await page.goto(new URL('bench/baseline.html', session.server.url).href);
      // The page settles as the app's does before its file (the app waits for its worker).
      await page.waitForTimeout(1000);
      await page.evaluate((l) => { window.__benchLib = l; }, lib);
      await page.getByTestId('bench-file').setInputFiles(file);
      await page.waitForFunction(() => window.__bench, null, { timeout: 600_000, polling: 50 });
      const r = await page.evaluate(() => window.__bench);
      if (r.error) throw new Error(`${name} failed: ${r.error}`);
      if (Math.abs(r.rows - (expected.rows + expected.header_row)) > expected.header_row) {
        console.warn(`note: ${name} counted ${r.rows} rows (the app: ${expected.rows} people below header row ${expected.header_row})`);
      }
      return { 'file read (ms)': r.read, 'parse (ms)': r.parse, 'read + parse (ms)': r.total };
    },
  };
}

const CONTENDERS = [
  minglu('xlsx'),
  baseline('SheetJS 0.18.5 (XLSX.read, dense mode, main thread)', 'sheetjs', 'xlsx',
    'file.arrayBuffer(); XLSX.read(bytes, { dense: true }) — parse alone, no validation'),
  minglu('csv'),
  baseline('PapaParse 5.5.3 (Papa.parse, main thread)', 'papaparse', 'csv',
    'file.text(); Papa.parse(text) — parse alone, UTF-8 only, no encoding detection, no validation'),
];

/** The ratios the issue's bar reads, from the medians. */
function ratios(results) {
  const med = (name, metric) => {
    const r = results.find((x) => x.name.startsWith(name));
    return r && r.metrics[metric] ? median(r.metrics[metric]) : NaN;
  };
  const out = [];
  const appX = med('Minglu (this app, wasm in a Web Worker) — xlsx', 'duplicates found: pipeline done (ms)');
  const sheetjs = med('SheetJS', 'parse (ms)');
  const sheetjsTotal = med('SheetJS', 'read + parse (ms)');
  out.push(`- xlsx: Minglu's whole pipeline (file chosen → checked → duplicates counted) ${appX.toFixed(0)} ms vs SheetJS's read + parse alone ${sheetjsTotal.toFixed(0)} ms (parse ${sheetjs.toFixed(0)} ms): **${(sheetjsTotal / appX).toFixed(2)}×** SheetJS's speed (issue #7's bar: ≥ 2×)`);
  const appC = med('Minglu (this app, wasm in a Web Worker) — csv', 'duplicates found: pipeline done (ms)');
  const papa = med('PapaParse', 'read + parse (ms)');
  out.push(`- csv: Minglu's whole pipeline ${appC.toFixed(0)} ms vs PapaParse's read + parse alone ${papa.toFixed(0)} ms: **${(papa / appC).toFixed(2)}×** PapaParse's speed (issue #7's bar: pipeline under 300 ms)`);
  const native = med('minglu inspect', 'inspect (ms)');
  const appSummary = med('Minglu (this app, wasm in a Web Worker) — xlsx', 'summary shows rows (ms)');
  out.push(`- xlsx: the app's read (summary shows rows) takes **${(appSummary / native).toFixed(2)}×** the native CLI's \`inspect\` of the same file`);
  return out;
}

// ---------------------------------------------------------------------------------------------

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
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
  const files = {};
  let t;
  for (const format of ['xlsx', 'csv']) {
    const f = path.join(opts.work, `wecom-${ROWS}.${format}`);
    t = Date.now();
    generate(f, { rows: ROWS, seed: Number(opts.seed), layout: 'wecom', format });
    console.log(`generated ${f} (${(fs.statSync(f).size / 1e6).toFixed(1)} MB) in ${Date.now() - t} ms`);
    files[format] = f;
  }
  const file = files.xlsx;

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

  const expectedCsv = inspect(files.csv);
  const NM = path.join(ROOT, 'tests/e2e/node_modules');
  const mounts = {
    '/bench/xlsx/': path.join(NM, 'xlsx/dist'),
    '/bench/papaparse/': path.join(NM, 'papaparse'),
    '/bench/': PAGE_DIR,
  };
  // Rounds, not blocks: run i of every contender before run i + 1 of any, so that a shared VM
  // slowing down or speeding up for minutes (its timings wander by half) moves all of them alike
  // and the ratios of one run stay fair. Each contender keeps its own browser session.
  const sessions = [];
  const metricsOf = CONTENDERS.map(() => ({}));
  try {
    for (const _ of CONTENDERS) sessions.push(await openSession({ mounts }));
    for (let i = 0; i < RUNS; i++) {
      for (const [k, c] of CONTENDERS.entries()) {
        const r = await c.run(sessions[k], files[c.format], c.format === 'csv' ? expectedCsv : expected);
        for (const [m, v] of Object.entries(r)) (metricsOf[k][m] ??= []).push(v);
        console.log(`${c.name} run ${i + 1}/${RUNS}: ${Object.entries(r).map(([m, v]) => `${m} ${v.toFixed(0)}`).join(', ')}`);
      }
    }
    for (const [k, c] of CONTENDERS.entries()) assertClean(sessions[k], { label: c.name });
  } finally {
    for (const session of sessions) await session.close();
  }
  for (const [k, c] of CONTENDERS.entries()) results.push({ name: c.name, note: c.note, metrics: metricsOf[k] });

  const lines = [];
  lines.push('# Browser benchmark');
  lines.push('');
  lines.push(`Generated by \`scripts/bench-browser\` (tests/bench/browser-bench.mjs) on ${new Date().toISOString().slice(0, 10)}; do not edit by hand.`);
  lines.push('');
  lines.push(`- Input: \`minglu generate --rows ${ROWS} --seed ${opts.seed} --layout wecom --format xlsx|csv\` — xlsx ${(fs.statSync(file).size / 1e6).toFixed(1)} MB, csv ${(fs.statSync(files.csv).size / 1e6).toFixed(1)} MB (UTF-8 with BOM); ${expected.rows} data rows × ${expected.columns.length} columns, header on row ${expected.header_row}`);
  lines.push(`- Browser: ${sh(CHROMIUM, ['--version'])}, headless; page served from 127.0.0.1 by tests/e2e/lib/static-server.mjs`);
  lines.push(`- Machine: ${machine()}; ${os.type()} ${os.release()}`);
  lines.push(`- Build: commit ${commit()}, \`trunk build --release\`; ${distSizes()}`);
  lines.push(`- Each figure: ${RUNS} runs, each on a freshly loaded page, in rounds (run 1 of every contender, then run 2 …); the median is in bold.`);
  lines.push('');
  lines.push(`| what | measured | ${Array.from({ length: RUNS }, (_, i) => `run ${i + 1}`).join(' | ')} | median |`);
  lines.push(`|---|---|${'---:|'.repeat(RUNS)}---:|`);
  for (const r of results) {
    for (const [metric, xs] of Object.entries(r.metrics)) {
      lines.push(`| ${r.name} | ${metric} | ${xs.map((x) => x.toFixed(0)).join(' | ')} | **${median(xs).toFixed(0)}** |`);
    }
  }
  lines.push('');
  lines.push('Ratios (medians of this run):');
  lines.push('');
  lines.push(...ratios(results));
  lines.push('');
  for (const r of results) lines.push(`- ${r.name}: ${r.note}`);
  lines.push('');
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, lines.join('\n'));
  console.log(`\n${lines.join('\n')}\nwrote ${path.relative(ROOT, opts.out)}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
