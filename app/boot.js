// Starts the app from a file rather than trunk's inline <script>, so the page's
// Content-Security-Policy can forbid inline scripts. Trunk.toml's `pattern_script` writes the
// <script> tag that loads this module, with the hashed names of the app's JS and wasm.
const tag = document.querySelector("script[data-minglu-js]");
const { default: init } = await import(tag.dataset.mingluJs);
const wasm = await init({ module_or_path: tag.dataset.mingluWasm });
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
