// Starts the app from a file rather than trunk's inline <script>, so the page's
// Content-Security-Policy can forbid inline scripts. Trunk.toml's `pattern_script` writes the
// <script> tag that loads this module, with the hashed names of the app's JS and wasm.
//
// If the app cannot start, the page says so instead of staying blank: a browser that cannot
// compile the wasm is too old for it (Rust's wasm uses reference types and bulk memory, this file
// top-level await: Chrome/Edge 96, Firefox 89, Safari 15), anything else is reported as it is.
const tag = document.querySelector("script[data-minglu-js]");
try {
  const { default: init } = await import(tag.dataset.mingluJs);
  const wasm = await init({ module_or_path: tag.dataset.mingluWasm });
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
} catch (error) {
  const tooOld = typeof WebAssembly !== "object" || error instanceof WebAssembly.CompileError;
  const message = document.createElement("p");
  message.className = "boot-error";
  message.setAttribute("role", "alert");
  message.dataset.testid = "boot-error";
  message.textContent = tooOld
    ? "名录无法在这个浏览器里运行：请使用新版的 Chrome、Edge（96 及以上）、Firefox（89 及以上）或 Safari（15 及以上）。" +
      " Minglu cannot run in this browser: please use a current Chrome or Edge (96+), Firefox (89+) or Safari (15+)."
    : `名录启动失败，请刷新页面重试。Minglu could not start; reload the page to try again. (${error})`;
  document.body.append(message);
  throw error;
}
