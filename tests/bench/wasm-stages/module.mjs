// The wasm-stages module, instantiated for run.mjs and warm.mjs.

import fs from 'node:fs';

/** The module's exports. */
export function instantiate(wasmPath) {
  const module = new WebAssembly.Module(fs.readFileSync(wasmPath));
  // A dependency asks wasm-bindgen for the clock and a few helpers it never calls here.
  const imports = {};
  for (const i of WebAssembly.Module.imports(module)) {
    imports[i.module] ??= {};
    imports[i.module][i.name] = i.name.includes('now') ? () => performance.now() : () => 0;
  }
  return new WebAssembly.Instance(module, imports).exports;
}

/** Copy `file` into the module's input buffer (what its `load` reads). */
export function setInput(wasm, file) {
  const bytes = fs.readFileSync(file);
  const at = wasm.input(bytes.length); // may grow the memory: take its buffer after
  new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
}
