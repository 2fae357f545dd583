// The reading worker's entry (app/src/bin/worker.rs): load the wasm-bindgen glue trunk wrote for
// `data-bin="worker" data-type="worker"`, then start the wasm; its `main` takes over `onmessage`.
importScripts("./worker.js");
wasm_bindgen({ module_or_path: "./worker_bg.wasm" });
