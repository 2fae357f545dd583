// The first search after a big file opens, for two or more builds interleaved (as ab-pipeline.mjs
// does for the pipeline): above 250,000 people the worker builds the search index at the first
// search (app/src/work/find.rs), so that search is what a person waits for.
//
//   node tests/bench/ab-first-search.mjs FILE ROWS ROUNDS DIST_A DIST_B [DIST_C …]
//
// Per round, each build opens FILE in a fresh page (warmed up, as the benches do), waits for the
// pipeline and the org tree, types `zhang` (as million.mjs does) and times the hits in the page,
// then `wang` (the index built). Printed per opening and, at the end, per build. Needs MINGLU_BIN
// for nothing but the harness; FILE must exist (`minglu generate --rows 1000000 --format xlsx`).

import { openSession } from '../e2e/lib/harness.mjs';
import { timePipeline, waitWorkerWarm } from './lib/pipeline-probe.mjs';

const [file, rows, rounds, ...dists] = process.argv.slice(2);
if (!file || !rows || !rounds || dists.length === 0) {
  console.error('usage: node tests/bench/ab-first-search.mjs FILE ROWS ROUNDS DIST_A [DIST_B …]');
  process.exit(2);
}
const TIMEOUT_MS = 900_000;

async function hits(page, query) {
  const t0 = Date.now();
  await page.getByTestId('find-input').fill(query);
  await page.waitForFunction((q) => document.querySelector('[data-testid="find-hits"]')?.dataset.query === q
    && document.querySelectorAll('[data-testid="find-hit"]').length > 0, query, { timeout: TIMEOUT_MS, polling: 50 });
  return Date.now() - t0;
}

const firsts = Object.fromEntries(dists.map((d) => [d, []]));
for (let r = 0; r < Number(rounds); r++) {
  for (const dist of dists) {
    const session = await openSession({ dist });
    try {
      const { page } = session;
      const since = Date.now();
      await session.load();
      await waitWorkerWarm(page, since);
      const m = await timePipeline(page, file, Number(rows), TIMEOUT_MS);
      await page.waitForFunction(() => document.querySelector('[data-testid="org-tree"]')?.dataset.buildMs,
        null, { timeout: TIMEOUT_MS, polling: 200 });
      await new Promise((res) => setTimeout(res, 500));
      const first = await hits(page, 'zhang');
      const next = await hits(page, 'wang');
      firsts[dist].push(first);
      console.log(`${dist}: duplicates at ${Math.round(m.dedup - m.change)} ms; first search ${first} ms, next ${next} ms`);
    } finally {
      await session.close();
    }
  }
}
for (const d of dists) console.log(`${d}: first search ${firsts[d].join(' / ')} ms`);
