// Shared pieces of the browser tests and the browser benchmark: the built site on a local
// server, Debian's Chromium driven by playwright-core, a record of every request, and the
// `minglu` CLI for fixtures and expected values.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './static-server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIST = process.env.MINGLU_DIST || path.join(ROOT, 'dist');
export const OUT = path.join(ROOT, 'tests/e2e/out');
export const CHROMIUM = process.env.MINGLU_CHROMIUM || '/usr/bin/chromium';

/** Chromium flags for this closed network (see /work/shared/TOOLCHAIN.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-domain-reliability',
  '--metrics-recording-only',
  '--no-pings',
  '--password-store=basic',
  '--use-mock-keychain',
];

/** A fresh temp dir; removed by `cleanup()` unless MINGLU_KEEP_TMP=1. */
export function tempDir(prefix = 'minglu-e2e-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name) => path.join(dir, name),
    cleanup: () => { if (process.env.MINGLU_KEEP_TMP !== '1') fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

// ---------------------------------------------------------------------------------------------
// The CLI

/**
 * Run `minglu ARGS…` and return its stdout. Uses MINGLU_BIN when set (scripts/test builds
 * target/release/minglu once and sets it), else `cargo run -q --release --bin minglu --`.
 */
export function minglu(args, { input, okStatus = [0] } = {}) {
  const bin = process.env.MINGLU_BIN;
  const [cmd, argv] = bin
    ? [bin, args]
    : ['cargo', ['run', '-q', '--release', '--locked', '--bin', 'minglu', '--', ...args]];
  try {
    return execFileSync(cmd, argv, {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    if (okStatus.includes(e.status) && typeof e.stdout === 'string') return e.stdout;
    throw new Error(`minglu ${args.join(' ')} failed (exit ${e.status}):\n${e.stderr || e.message}`);
  }
}

/** `minglu generate …` into `out`; returns `out`. */
export function generate(out, { rows, format, layout = 'wecom', seed, faults } = {}) {
  const args = ['generate', '--rows', String(rows), '--layout', layout, '--format', format, '--out', out];
  if (seed !== undefined) args.push('--seed', String(seed));
  if (faults !== undefined) args.push('--faults', String(faults));
  minglu(args);
  if (!fs.existsSync(out) || fs.statSync(out).size === 0) throw new Error(`minglu generate wrote nothing to ${out}`);
  return out;
}

/** `minglu inspect FILE --format json`, parsed. */
export function inspect(file, extra = []) {
  const out = minglu(['inspect', file, ...extra, '--format', 'json']);
  try {
    return JSON.parse(out);
  } catch {
    throw new Error(`minglu inspect ${file} printed no JSON:\n${out.slice(0, 2000)}`);
  }
}

/**
 * `minglu check FILE --format json`, parsed: the inspect fields plus `issues` and `summary`.
 * Exit 1 (errors found) is an answer too.
 */
export function check(file, extra = []) {
  const out = minglu(['check', file, ...extra, '--format', 'json'], { okStatus: [0, 1] });
  try {
    return JSON.parse(out);
  } catch {
    throw new Error(`minglu check ${file} printed no JSON:\n${out.slice(0, 2000)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Site and browser

export function assertDistBuilt() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: build the site first (trunk build --release), or run scripts/test`);
  }
}

/**
 * Start the static server on a free port and Chromium with a fresh profile; every request of
 * the context (pages and their workers), every console error, page error, failed request and
 * websocket is recorded. `dist` serves another build than MINGLU_DIST's (tests/bench/ab-pipeline.mjs).
 */
export async function openSession({ viewport = { width: 1360, height: 900 }, locale = 'zh-CN', mounts = {}, dist = DIST } = {}) {
  if (dist === DIST) assertDistBuilt();
  const server = await startServer({ root: dist, port: 0, mounts });
  const profile = tempDir('minglu-chromium-');
  const context = await chromium.launchPersistentContext(profile.dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale,
    acceptDownloads: true,
    serviceWorkers: 'allow',
  });
  const rec = {
    requests: [],        // { url, method, type, source }
    consoleErrors: [],   // strings
    pageErrors: [],      // strings
    failed: [],          // { url, error }
    badResponses: [],    // { url, status }
    websockets: [],      // urls
    workers: [],         // urls
  };
  const seen = new WeakSet();
  const onRequest = (source) => (req) => {
    if (seen.has(req)) return;
    seen.add(req);
    rec.requests.push({ url: req.url(), method: req.method(), type: req.resourceType(), source });
  };
  context.on('request', onRequest('context'));
  // A reload cancels what the page it replaces still had in flight (the reading worker loads
  // while the page is idle): those are not failures of the app, as long as they stay on its
  // origin, which the foreign-request check sees anyway.
  let navigating = false;
  context.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? 'failed';
    if (navigating && error === 'net::ERR_ABORTED' && sameOrigin(req.url(), server.origin)) return;
    rec.failed.push({ url: req.url(), error });
  });
  context.on('response', (res) => {
    if (res.status() >= 400) rec.badResponses.push({ url: res.url(), status: res.status() });
  });
  // A request the context did not announce (e.g. from a worker) still has to pass the router.
  await context.route('**/*', (route) => {
    const req = route.request();
    onRequest('route')(req);
    if (!sameOrigin(req.url(), server.origin)) return route.abort('blockedbyclient');
    return route.fallback();
  });
  const watchPage = (page) => {
    page.on('request', onRequest('page'));
    page.on('console', (msg) => {
      if (msg.type() === 'error') rec.consoleErrors.push(`${msg.text()} @ ${msg.location()?.url ?? ''}`);
    });
    page.on('pageerror', (err) => rec.pageErrors.push(String(err?.stack || err)));
    page.on('websocket', (ws) => rec.websockets.push(ws.url()));
    page.on('worker', (worker) => {
      rec.workers.push(worker.url());
      worker.on?.('console', (msg) => {
        if (msg.type() === 'error') rec.consoleErrors.push(`[worker] ${msg.text()}`);
      });
    });
  };
  context.on('page', watchPage);
  for (const p of context.pages()) watchPage(p);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);

  return {
    server,
    context,
    page,
    rec,
    /** Open the app and wait until it rendered (the file input is there). */
    async load() {
      navigating = true;
      try {
        await page.goto(server.url, { waitUntil: 'load' });
      } finally {
        navigating = false;
      }
      await page.getByTestId('file-input').waitFor({ state: 'attached', timeout: 30_000 });
      await page.getByTestId('sample-button').waitFor({ state: 'visible', timeout: 30_000 });
    },
    /** Requests that went anywhere but the page's own origin (plus data:/blob: are allowed). */
    foreignRequests() {
      return rec.requests.filter((r) => !sameOrigin(r.url, server.origin)).concat(
        rec.websockets.filter((u) => !sameOrigin(u.replace(/^ws/, 'http'), server.origin)).map((url) => ({ url, type: 'websocket' })),
      );
    },
    async screenshot(name) {
      fs.mkdirSync(OUT, { recursive: true });
      const file = path.join(OUT, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      await context.close().catch(() => {});
      await server.close().catch(() => {});
      profile.cleanup();
    },
  };
}

/** `url` is on `origin`, or is a local-only scheme (data:, blob:, about:). */
export function sameOrigin(url, origin) {
  if (/^(data|blob|about):/.test(url)) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the page

/** Text of the element with `data-testid=id` (trimmed), or null when it's not there. */
export async function testIdText(page, id) {
  const loc = page.getByTestId(id).first();
  if ((await loc.count()) === 0) return null;
  return ((await loc.textContent({ timeout: 1000 }).catch(() => null)) ?? '').trim();
}

/** The digits of a count shown as `1500`, `1,500` or `1 500 行`. */
export function digits(s) {
  const d = String(s ?? '').replace(/[^0-9]/g, '');
  return d === '' ? NaN : Number(d);
}

/**
 * Poll `probe()` until `accept(value)` is true; throws with the last value after `timeout` ms.
 */
export async function waitUntil(what, probe, accept, { timeout = 60_000, interval = 100 } = {}) {
  const start = Date.now();
  let last;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() - start > timeout) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Wait until the summary shows `rows` rows and format `format`; returns all summary texts. */
export async function waitForSummary(page, { rows, format, timeout = 60_000, failOnError = true }) {
  await waitUntil(
    `summary-rows = ${rows} and summary-format = ${format}`,
    async () => ({
      rows: await testIdText(page, 'summary-rows'),
      format: await testIdText(page, 'summary-format'),
      error: await testIdText(page, 'error-message'),
    }),
    (v) => {
      if (v.error && failOnError) throw new Error(`the app shows an error instead of the summary: ${v.error}`);
      return digits(v.rows) === rows && (format === undefined || v.format === format);
    },
    { timeout },
  );
  return readSummary(page);
}

export async function readSummary(page) {
  const ids = ['format', 'encoding', 'sheet', 'header-row', 'profile', 'rows'];
  const s = {};
  for (const id of ids) s[id] = await testIdText(page, `summary-${id}`);
  s.profileKey = await page.getByTestId('summary-profile').first().getAttribute('data-profile').catch(() => null);
  return s;
}

/** Write a short report of what the session recorded (for failures). */
export function describeRecord(rec) {
  return JSON.stringify(
    {
      consoleErrors: rec.consoleErrors,
      pageErrors: rec.pageErrors,
      failed: rec.failed,
      badResponses: rec.badResponses,
      requests: rec.requests.map((r) => `${r.method} ${r.url} (${r.type}, ${r.source})`),
      workers: rec.workers,
    },
    null,
    2,
  );
}

/**
 * The privacy and health checks every test ends with: no request left the page's origin (the
 * pages' and the workers'), every request the server saw was also seen by the recorder (so the
 * record is complete), nothing failed, nothing 4xx/5xx, no uncaught error, and (unless allowed)
 * no console error.
 */
export function assertClean(session, { allowConsoleErrors = false, label = '' } = {}) {
  const { rec, server } = session;
  const problems = [];
  const foreign = session.foreignRequests();
  if (foreign.length) problems.push(`requests to other origins than ${server.origin}: ${foreign.map((r) => r.url).join(', ')}`);
  const seenPaths = new Set(rec.requests.filter((r) => sameOrigin(r.url, server.origin) && !/^(data|blob|about):/.test(r.url))
    .map((r) => { const u = new URL(r.url); return u.pathname + u.search; }));
  const unseen = server.requests.filter((r) => !seenPaths.has(r.url));
  if (unseen.length) problems.push(`the server answered requests the browser record missed: ${unseen.map((r) => r.url).join(', ')}`);
  if (rec.failed.length) problems.push(`failed requests: ${rec.failed.map((f) => `${f.url} (${f.error})`).join(', ')}`);
  if (rec.badResponses.length) problems.push(`error responses: ${rec.badResponses.map((f) => `${f.url} → ${f.status}`).join(', ')}`);
  if (rec.pageErrors.length) problems.push(`uncaught errors: ${rec.pageErrors.join(' | ')}`);
  const consoleErrors = allowConsoleErrors ? rec.consoleErrors.filter((e) => /panicked|unreachable|RuntimeError/i.test(e)) : rec.consoleErrors;
  if (consoleErrors.length) problems.push(`console errors: ${consoleErrors.join(' | ')}`);
  if (problems.length) {
    throw new Error(`${label ? label + ': ' : ''}${problems.join('\n')}\n--- record ---\n${describeRecord(rec)}`);
  }
}

/**
 * The parameters of minglu::sample::sample_xlsx() (engine/src/sample/mod.rs): `minglu generate`
 * with them writes the very same workbook, so `minglu inspect` on it gives the sample's summary.
 * Keep in step with the engine.
 */
export const SAMPLE = { rows: 200, seed: 20251123, layout: 'wecom', faults: 0.04, format: 'xlsx' };
