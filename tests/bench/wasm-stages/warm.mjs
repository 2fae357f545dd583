// Read, map, check and find the duplicates of WARM (unless `-`), then, when MAIN is 1, of FILE:
// what count.sh counts to see what a warm-up buys the first file (app/src/work/warm_up.rs).
//
//   node warm.mjs MODULE.wasm FILE WARM|- 0|1

import fs from 'node:fs';

const [, , wasmPath, file, warm, main] = process.argv;
if (!wasmPath || !file || !warm || !main) {
  console.error('usage: node warm.mjs MODULE.wasm FILE WARM|- 0|1');
  process.exit(2);
}
const module = new WebAssembly.Module(fs.readFileSync(wasmPath));
const imports = {};
for (const i of WebAssembly.Module.imports(module)) {
  imports[i.module] ??= {};
  imports[i.module][i.name] = i.name.includes('now') ? () => performance.now() : () => 0;
}
const wasm = new WebAssembly.Instance(module, imports).exports;
const VALIDATE = 2;
const DEDUP = 3;

function pipeline(f) {
  const bytes = fs.readFileSync(f);
  const at = wasm.input(bytes.length);
  new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
  wasm.load();
  wasm.stage(VALIDATE);
  wasm.stage(DEDUP);
}

if (warm !== '-') pipeline(warm);
if (main === '1') pipeline(file);
