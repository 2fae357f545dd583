// The reading worker's entry (app/src/bin/worker.rs): load the wasm-bindgen glue trunk wrote for
// `data-bin="worker" data-type="worker"`, then start the wasm; its `main` takes over `onmessage`.
importScripts("./worker.js");
// The wasm's exports, kept where the 1M-row benchmark (tests/bench/million.mjs) can read the size
// of the worker's memory: wasm memory never shrinks, so its size at the end is the peak.
self.mingluWasm = wasm_bindgen({ module_or_path: "./worker_bg.wasm" });
