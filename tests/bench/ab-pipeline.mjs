// Two or more builds of the site, interleaved on one file: a page of each build in turn, each
// loaded afresh and warmed up, as the browser bench does — so that a change of ~10 % shows through
// this VM's timings, which wander by half from one hour to the next (docs/bench/speed.md).
//
//   node tests/bench/ab-pipeline.mjs FILE ROWS ROUNDS DIST_A DIST_B [DIST_C …]
//
// Each DIST is a `trunk build --release` output (scripts/lib/env.sh: `trunk_build --dist DIR`). Per
// round, every build opens FILE twice; printed per build: ms from choosing the file to the row
// count shown / the check's panel / the duplicates counted, the page's longest task, the worker's
// own time for the check and the duplicate search, and the medians of all its runs; and, as they
// happen, each page task over 50 ms with when it started. ROWS is the file's data rows (the probe
// waits for that count).

import { openSession } from '../e2e/lib/harness.mjs';
import { timePipeline, waitWorkerWarm, workerTimes } from './lib/pipeline-probe.mjs';

const [, , file, rows, rounds, ...dists] = process.argv;
if (!file || !rows || !rounds || dists.length < 2) {
  console.error('usage: node tests/bench/ab-pipeline.mjs FILE ROWS ROUNDS DIST_A DIST_B [DIST_C …]');
  process.exit(2);
}
const RUNS_PER_ROUND = 2;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = new Map(dists.map((d) => [d, []]));
for (let round = 0; round < Number(rounds); round++) {
  for (const dist of dists) {
    for (let i = 0; i < RUNS_PER_ROUND; i++) {
      const session = await openSession({ dist });
      const since = Date.now();
      await session.load();
      await waitWorkerWarm(session.page, since);
      await new Promise((r) => setTimeout(r, 300));
      const m = await timePipeline(session.page, file, Number(rows), 600_000);
      const worker = await workerTimes(session.page);
      runs.get(dist).push([m.summary - m.change, m.checked - m.change, m.dedup - m.change, m.longestTask, worker.check, worker.dedup].map(Math.round));
      // Tasks over 50 ms: duration@start, ms after the file was chosen.
      if (m.over50At?.length) console.log(`${dist}: tasks over 50 ms: ${m.over50At.map(([at, d]) => `${d}@${at}`).join(', ')} (rows at ${Math.round(m.summary - m.change)})`);
      await session.close();
    }
  }
}
for (const [dist, rs] of runs) {
  const col = (k) => median(rs.map((r) => r[k]));
  console.log(`${dist}: rows / check / duplicates / longest task / the worker's check / its duplicate search (ms): ${rs.map((r) => r.join(' / ')).join(';  ')}`);
  console.log(`  medians: ${[0, 1, 2, 3, 4, 5].map(col).join(' / ')}`);
}
