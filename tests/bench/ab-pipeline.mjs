// Two or more builds of the site, interleaved on one file: a page of each build in turn, each
// loaded afresh and warmed up, as the browser bench does — so that a change of ~10 % shows through
// this VM's timings, which wander by half from one hour to the next (docs/bench/speed.md).
//
//   node tests/bench/ab-pipeline.mjs FILE ROWS ROUNDS DIST_A DIST_B [DIST_C …]
//
// Each DIST is a `trunk build --release` output (scripts/lib/env.sh: `trunk_build --dist DIR`). Per
// round, every build opens FILE twice; printed per build: ms from choosing the file to the row
// count shown / the check's panel / the duplicates counted, the page's longest task, and the
// medians of all its runs. ROWS is the file's data rows (the probe waits for that count).

import { openSession } from '../e2e/lib/harness.mjs';
import { timePipeline, waitWorkerWarm } from './lib/pipeline-probe.mjs';

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
      runs.get(dist).push([m.summary - m.change, m.checked - m.change, m.dedup - m.change, m.longestTask].map(Math.round));
      await session.close();
    }
  }
}
for (const [dist, rs] of runs) {
  const col = (k) => median(rs.map((r) => r[k]));
  console.log(`${dist}: rows / check / duplicates / longest task (ms): ${rs.map((r) => r.join(' / ')).join(';  ')}`);
  console.log(`  medians: ${col(0)} / ${col(1)} / ${col(2)} / ${col(3)}`);
}
