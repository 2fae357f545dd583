// Where the page's long tasks go: opens a generated directory in the built app with a Chromium
// trace running, then lists the main thread's longest tasks and what they spent their time on
// (script, style, layout, paint, garbage collection …). A diagnostic for issue #7's "no main-thread
// task over 50 ms"; not part of scripts/test.
//
//   node tests/bench/longtask-trace.mjs [--rows 100000] [--format xlsx|csv] [--faults 0.3] [--top 5] [--inclusive]
//     [--all-threads MS]
//
// --all-threads MS also adds up, for every thread of every process the trace saw (the browser's,
// the GPU's and the renderer's pools too), its busy time in the first MS ms after the file was
// chosen: on two cores everything that runs then takes its time from the pipeline. The spans of
// nested events are joined, so this is time on a core, not the sum of the events.
//
// Needs MINGLU_DIST (a built dist/) and MINGLU_BIN (the CLI, for the generator), like the bench.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, openSession, generate } from '../e2e/lib/harness.mjs';
import { waitWorkerWarm } from './lib/pipeline-probe.mjs';

const { values: opts } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    format: { type: 'string', default: 'xlsx' },
    // The share of rows with a fault (`minglu generate --faults`), as million.mjs names its files.
    faults: { type: 'string', default: '0' },
    top: { type: 'string', default: '5' },
    // Also list, per task, the functions its samples were in, callers included (inclusive):
    // which component or step a task's time belongs to (a build with names).
    inclusive: { type: 'boolean', default: false },
    'all-threads': { type: 'string' },
    work: { type: 'string', default: path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'minglu-bench') },
  },
});

const CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'toplevel',
  'disabled-by-default-devtools.timeline.frame', 'disabled-by-default-v8.gc',
].join(',');

async function main() {
  fs.mkdirSync(opts.work, { recursive: true });
  const faults = Number(opts.faults);
  const file = path.join(opts.work, faults > 0 ? `wecom-${opts.rows}-faults-${faults}.${opts.format}` : `wecom-${opts.rows}.${opts.format}`);
  if (!fs.existsSync(file)) {
    generate(file, { rows: Number(opts.rows), seed: 1, layout: 'wecom', format: opts.format, ...(faults > 0 ? { faults } : {}) });
  }

  const session = await openSession();
  const { page } = session;
  try {
    const since = Date.now();
    await session.load();
    // As the benches do: the file is chosen once the workers have warmed up.
    await waitWorkerWarm(page, since);
    await page.waitForTimeout(300);
    const cdp = await page.context().newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
    await cdp.send('Profiler.start');
    // The trace's clock (µs) when the file is chosen: each task is shown at its offset from it.
    await page.evaluate(() => console.timeStamp('minglu-file-chosen'));
    await page.getByTestId('file-input').setInputFiles(file);
    // The whole pipeline: the check's panel, then the duplicates counted.
    await page.waitForFunction(() => {
      const p = document.querySelector('[data-testid="issue-panel"]');
      const d = document.querySelector('[data-testid="duplicates-open"]');
      return p && p.dataset.ready === 'true' && p.getAttribute('aria-busy') === 'false' && d?.dataset.pending === 'false';
    }, null, { timeout: 600_000, polling: 100 });
    await page.waitForTimeout(500);
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.send('Tracing.end');
    await done;
    report(events, Number(opts.top), profile);
  } finally {
    await session.close();
  }
}

/** The renderer's main thread: the thread named CrRendererMain in the page's process. */
function report(events, top, profile) {
  // The sampling profile: each sample's time and its stack. A release build shows
  // wasm-function[N]; for the page's Rust names, give a copy of the dist a page wasm with its name
  // section (trunk's data-keep-debug alone is not enough: its wasm-opt run drops the names):
  //   wasm-bindgen --target web --keep-debug --no-typescript --out-dir COPY --out-name <the
  //   copy's minglu-app-HASH> target/wasm32-unknown-unknown/wasm-release/minglu-app.wasm
  // and delete the integrity="…" attributes of the copy's index.html.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = [];
  let ts = profile.startTime;
  profile.samples.forEach((id, i) => { ts += profile.timeDeltas[i]; samples.push({ ts, id }); });
  const stackOf = (id) => { const out = []; for (let n = id; n !== undefined; n = parent.get(n)) out.push(byId.get(n).callFrame.functionName || '(anon)'); return out; };
  const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mains = new Set(names.map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`) && e.dur !== undefined);
  const tasks = onMain.filter((e) => e.name === 'RunTask')
    .sort((a, b) => b.dur - a.dur).slice(0, top);
  const chosen = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'minglu-file-chosen')?.ts;
  if (chosen !== undefined) timeline(events, mains, chosen);
  if (chosen !== undefined && opts['all-threads']) allThreads(events, chosen, Number(opts['all-threads']));
  console.log(`main-thread tasks over 50 ms: ${onMain.filter((e) => e.name === 'RunTask' && e.dur > 50_000).length}`);
  for (const t of tasks) {
    const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
    // Self time per event name: its duration minus its direct children's.
    const self = new Map();
    for (const e of inside) {
      const children = inside.filter((c) => c !== e && c.ts >= e.ts && c.ts + c.dur <= e.ts + e.dur);
      const direct = children.filter((c) => !children.some((p) => p !== c && c.ts >= p.ts && c.ts + c.dur <= p.ts + p.dur));
      const own = e.dur - direct.reduce((s, c) => s + c.dur, 0);
      const key = e.name + (e.args?.data?.functionName ? ` ${e.args.data.functionName}` : '') + (e.args?.data?.url ? ` ${path.basename(e.args.data.url)}` : '');
      self.set(key, (self.get(key) ?? 0) + own);
    }
    const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
    const at = chosen === undefined ? '' : ` at ${((t.ts - chosen) / 1000).toFixed(0)} ms after the file was chosen`;
    console.log(`\ntask ${(t.dur / 1000).toFixed(1)} ms${at}:`);
    for (const [k, v] of rows) console.log(`  ${(v / 1000).toFixed(1).padStart(7)} ms  ${k}`);
    // Samples in the task: the innermost frame of the app's own code, and the leaf.
    const own = new Map();
    const leaf = new Map();
    const inTask = samples.filter((x) => x.ts >= t.ts && x.ts <= t.ts + t.dur);
    for (const x of inTask) {
      const stack = stackOf(x.id);
      const mine = stack.find((f) => /minglu/.test(f)) ?? stack.find((f) => !/^\((root|program|idle|anon)\)$/.test(f)) ?? stack[0];
      own.set(mine, (own.get(mine) ?? 0) + 1);
      leaf.set(stack[0], (leaf.get(stack[0]) ?? 0) + 1);
    }
    const show = (m, title) => {
      console.log(`  ${title} (${inTask.length} samples):`);
      for (const [k, v] of [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`    ${String(v).padStart(5)}  ${k.slice(0, 160)}`);
    };
    show(own, 'innermost app frame');
    show(leaf, 'leaf frame');
    if (opts.inclusive) {
      const inclusive = new Map();
      for (const x of inTask) {
        for (const f of new Set(stackOf(x.id))) inclusive.set(f, (inclusive.get(f) ?? 0) + 1);
      }
      const mine = new Map([...inclusive].filter(([f]) => /minglu|leptos|tachys|reactive_graph/.test(f)));
      console.log(`  app functions, callers included (${inTask.length} samples):`);
      for (const [k, v] of [...mine.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`    ${String(v).padStart(5)}  ${k.slice(0, 150)}`);
    }
  }
}

/** Each thread's busy spans after the file is chosen: the page's main thread and the workers'
 *  (the reading worker and the duplicate helper), so the pipeline's critical path shows — which
 *  thread works when, and which waits. Tasks of 1 ms or more, joined across gaps under 3 ms. */
function timeline(events, mains, chosen) {
  const names = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name]));
  const threads = [...names].filter(([id, name]) => mains.has(id) || /DedicatedWorker/.test(name ?? ''));
  console.log('\nbusy spans after the file was chosen (ms from choosing it; tasks ≥ 1 ms, gaps < 3 ms joined):');
  for (const [id, name] of threads) {
    const runs = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && `${e.pid}:${e.tid}` === id && e.ts + e.dur >= chosen && e.dur >= 1000)
      .sort((a, b) => a.ts - b.ts);
    const spans = [];
    for (const e of runs) {
      const [from, to] = [(e.ts - chosen) / 1000, (e.ts + e.dur - chosen) / 1000];
      const last = spans.at(-1);
      if (last && from - last[1] < 3) last[1] = Math.max(last[1], to);
      else spans.push([from, to]);
    }
    const busy = spans.reduce((s, [a, b]) => s + b - a, 0);
    console.log(`  ${mains.has(id) ? 'page' : name} (${id}), busy ${busy.toFixed(0)} ms: ${spans.map(([a, b]) => `${a.toFixed(0)}–${b.toFixed(0)}`).join(', ')}`);
  }
}

/** Every thread's busy time (its events' spans joined) in the first `end` ms after the file was
 *  chosen, busiest first, with the event names that took most of it. */
function allThreads(events, chosen, end) {
  const threads = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name]));
  const processes = new Map(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, e.args?.name]));
  const spans = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const from = Math.max(0, (e.ts - chosen) / 1000);
    const to = Math.min(end, (e.ts + e.dur - chosen) / 1000);
    if (to <= from) continue;
    const id = `${e.pid}:${e.tid}`;
    if (!spans.has(id)) spans.set(id, []);
    spans.get(id).push([from, to, e.name]);
  }
  const rows = [];
  for (const [id, list] of spans) {
    list.sort((a, b) => a[0] - b[0]);
    let busy = 0;
    let open = null;
    for (const [from, to] of list) {
      if (open && from <= open[1]) open[1] = Math.max(open[1], to);
      else { if (open) busy += open[1] - open[0]; open = [from, to]; }
    }
    if (open) busy += open[1] - open[0];
    const byName = new Map();
    for (const [from, to, name] of list) byName.set(name, (byName.get(name) ?? 0) + to - from);
    const names = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join('; ');
    rows.push([busy, `${processes.get(Number(id.split(':')[0])) ?? '?'} / ${threads.get(id) ?? id}`, names]);
  }
  rows.sort((a, b) => b[0] - a[0]);
  const total = rows.reduce((s, [busy]) => s + busy, 0);
  console.log(`\nevery thread's busy time in the first ${end} ms after the file was chosen (${total.toFixed(0)} ms in all):`);
  for (const [busy, name, names] of rows.filter(([busy]) => busy >= 1)) console.log(`  ${busy.toFixed(0).padStart(5)} ms  ${name}  [${names}]`);
}

main().catch((e) => { console.error(e); process.exit(1); });
