// Read, map, check and find the duplicates of WARM (unless `-`), then, when MAIN is 1, of FILE:
// what count.sh counts to see what a warm-up buys the first file (app/src/work/warm_up.rs).
//
//   node warm.mjs MODULE.wasm FILE WARM|- 0|1

import { instantiate, setInput } from './module.mjs';

const [, , wasmPath, file, warm, main] = process.argv;
if (!wasmPath || !file || !warm || !main) {
  console.error('usage: node warm.mjs MODULE.wasm FILE WARM|- 0|1');
  process.exit(2);
}
const wasm = instantiate(wasmPath);
const VALIDATE = 2;
const DEDUP = 3;

function pipeline(f) {
  setInput(wasm, f);
  wasm.load();
  wasm.stage(VALIDATE);
  wasm.stage(DEDUP);
}

if (warm !== '-') pipeline(warm);
if (main === '1') pipeline(file);
