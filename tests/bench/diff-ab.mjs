// Reconciling a roster in the page, timed for two or more builds of the site, interleaved as in
// ab-pipeline.mjs: per round every build opens DIRECTORY (a CSV from `minglu generate`) in a fresh
// page, warmed up, its pipeline done; then next month's roster made from it as the roster to
// reconcile with it. Printed per build: ms from choosing the roster to the reconcile view's counts
// (the roster's read and map, the diff in the worker, the page drawing the lists), the page's
// longest task meanwhile, and the medians.
//
//   node tests/bench/diff-ab.mjs DIRECTORY ROWS ROUNDS DIST_A [DIST_B …]
//
// ROWS is DIRECTORY's data rows. The roster, as the engine's criterion bench makes next month
// (engine/benches/stages.rs): every 40th line gone, every 25th person's title changed, every 60th
// moved to another department (lines with quotes are kept as they are).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSession } from '../e2e/lib/harness.mjs';
import { timePipeline, waitWorkerWarm } from './lib/pipeline-probe.mjs';

const [, , directory, rows, rounds, ...dists] = process.argv;
if (!directory || !rows || !rounds || dists.length < 1) {
  console.error('usage: node tests/bench/diff-ab.mjs DIRECTORY ROWS ROUNDS DIST_A [DIST_B …]');
  process.exit(2);
}

/** Next month's roster from the directory's CSV lines (see the top of this file). */
function nextMonth(text) {
  const lines = text.split('\n');
  const h = lines.findIndex((l) => l.includes('姓名') && l.includes('职务'));
  const head = lines[h].replace(/^\ufeff/, '').split(',');
  const [title, dept] = [head.indexOf('职务'), head.indexOf('部门')];
  const out = lines.slice(0, h + 1);
  lines.slice(h + 1).forEach((line, i) => {
    if (!line || i % 40 === 39) return;
    if (line.includes('"')) return out.push(line);
    const f = line.split(',');
    if (i % 25 === 24) f[title] = '高级经理';
    if (i % 60 === 59) f[dept] = '总部/新部门';
    out.push(f.join(','));
  });
  return out.join('\n');
}
const roster = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'minglu-diff-')), 'roster.csv');
fs.writeFileSync(roster, nextMonth(fs.readFileSync(directory, 'utf8')));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = new Map(dists.map((d) => [d, []]));

/** In-page probe: when the roster input's `change` fires, when the view has its counts. */
function installDiffProbe() {
  const marks = { longestTask: 0 };
  window.__diff = marks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (marks.change !== undefined) marks.longestTask = Math.max(marks.longestTask, e.duration);
  }).observe({ type: 'longtask' });
  document.querySelector('[data-testid="diff-file-input"]')
    .addEventListener('change', () => { marks.change ??= performance.now(); }, { capture: true, once: true });
  const check = () => {
    const p = document.querySelector('[data-testid="diff-panel"]');
    const error = p?.querySelector('[data-testid="diff-error"]')?.textContent;
    if (error) marks.error = error;
    if (marks.change !== undefined && p?.dataset.ready === 'true' && p.getAttribute('aria-busy') === 'false'
      && p.querySelector('[data-testid="diff-count-joiners"]')) marks.done ??= performance.now();
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}

for (let round = 0; round < Number(rounds); round++) {
  for (const dist of dists) {
    const session = await openSession({ dist });
    const since = Date.now();
    await session.load();
    await waitWorkerWarm(session.page, since);
    await timePipeline(session.page, directory, Number(rows), 600_000);
    await session.page.evaluate(installDiffProbe);
    await session.page.getByTestId('diff-file-input').setInputFiles(roster);
    await session.page.waitForFunction(() => window.__diff.done || window.__diff.error, null, { timeout: 600_000, polling: 50 });
    const m = await session.page.evaluate(() => window.__diff);
    if (m.error) throw new Error(`${dist}: the view shows an error: ${m.error}`);
    runs.get(dist).push([m.done - m.change, m.longestTask].map(Math.round));
    await session.close();
  }
}
for (const [dist, rs] of runs) {
  console.log(`${dist}: roster chosen → the view's counts / longest page task (ms): ${rs.map((r) => r.join(' / ')).join(';  ')}`);
  console.log(`  medians: ${median(rs.map((r) => r[0]))} / ${median(rs.map((r) => r[1]))}`);
}
