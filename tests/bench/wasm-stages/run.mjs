// The engine's stages in Node's V8, built as the app's worker is (opt-level "z"): per-stage times,
// and with `--cpu-prof` a profile whose functions carry their Rust names. It found that, in the
// browser build, every decoded character and every small append is a call (opt-level "z" inlines
// little), which byte scans and fewer appends remove.
//
//   cargo build --release --target wasm32-unknown-unknown \
//     --manifest-path tests/bench/wasm-stages/Cargo.toml --target-dir target/wasm-stages
//   minglu generate --rows 100000 --format csv --out /tmp/100k.csv
//   node tests/bench/wasm-stages/run.mjs target/wasm-stages/wasm32-unknown-unknown/release/minglu_wasm_stages.wasm \
//     /tmp/100k.csv read,map,validate,dedup,search,org,vcard [runs]
//   node --cpu-prof --cpu-prof-interval 200 tests/bench/wasm-stages/run.mjs …   (then open the .cpuprofile)
//   PARTS=1 node tests/bench/wasm-stages/run.mjs MODULE.wasm FILE   (what the input, the sheet and the
//     directory each hold, in bytes allocated: a counting allocator wraps the module's)
//
// After each stage it prints the wasm memory (how far the heap ever grew), the bytes live (the
// check's report, the duplicates, the search index and the org tree are kept, as the worker keeps
// them) and the peak since the previous line (a stage's transients).
//
// The first run of a stage is slower: V8 runs a function's first calls in its baseline tier.

import { instantiate, setInput } from './module.mjs';

const STAGES = ['read', 'map', 'validate', 'dedup', 'search', 'vcard', 'sha256', 'org'];
const [, , wasmPath, file, stagesArg = STAGES.join(','), runsArg = '3'] = process.argv;
if (!wasmPath || !file) {
  console.error('usage: node run.mjs MODULE.wasm FILE [stage,…] [runs]');
  process.exit(2);
}
const wasm = instantiate(wasmPath);
setInput(wasm, file);
let t = performance.now();
const people = wasm.load();
const MIB = 2 ** 20;
// wasm memory (how far the heap ever grew), bytes live now, and the peak since the last report.
const mib = () =>
  `${(wasm.memory.buffer.byteLength / MIB).toFixed(0)} MiB (live ${(wasm.live_bytes() / MIB).toFixed(0)} MiB, peak ${(wasm.take_peak() / MIB).toFixed(0)} MiB)`;
console.log(`read + map (first): ${people} people, ${(performance.now() - t).toFixed(0)} ms; wasm memory ${mib()}`);
if (process.env.PARTS) {
  // What load() holds, part by part: the input, the sheet, the directory.
  for (const [k, name] of [[1, 'input bytes'], [2, 'sheet'], [3, 'directory']]) {
    const before = wasm.live_bytes();
    wasm.drop_part(k);
    console.log(`  ${name}: ${((before - wasm.live_bytes()) / MIB).toFixed(1)} MiB`);
  }
  process.exit(0);
}
for (const name of stagesArg.split(',')) {
  const k = STAGES.indexOf(name);
  if (k < 0) throw new Error(`unknown stage ${name}; stages: ${STAGES.join(', ')}`);
  const times = [];
  for (let i = 0; i < Number(runsArg); i++) {
    t = performance.now();
    wasm.stage(k);
    times.push(Math.round(performance.now() - t));
  }
  console.log(`${name}: ${times.join(' ')} ms; wasm memory ${mib()}`);
}
