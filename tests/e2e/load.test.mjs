// The page loads from the static site alone: no console errors, no failed requests, and no
// request to any origin but its own (the privacy promise, checked on the wire).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSession, assertClean, testIdText } from './lib/harness.mjs';

let s;
before(async () => { s = await openSession(); });
after(async () => { await s?.close(); });

test('the page loads cleanly and only talks to its own origin', async () => {
  await s.load();
  // Let late requests (fonts, icons, the worker's wasm) happen before judging.
  await s.page.waitForLoadState('networkidle');
  await s.screenshot('load');

  const title = await s.page.title();
  assert.ok(title.length > 0, 'the page has a title');
  assert.ok(await s.page.getByTestId('lang-select').count(), 'the language picker is there');
  assert.ok(s.rec.requests.some((r) => r.url.endsWith('.wasm')), 'the app loaded its wasm');
  // The reading worker starts while the page is idle, before any file is chosen (issue #7: it
  // added ~0.2 s to the first read and competed with the page's first task).
  assert.ok(s.rec.workers.some((u) => u.endsWith('worker-loader.js')), `the worker started: ${JSON.stringify(s.rec.workers)}`);
  assert.ok(s.rec.requests.some((r) => /worker_bg\.wasm$/.test(r.url)), 'the worker fetched its wasm before any file was chosen');
  assertClean(s, { label: 'after load' });
});

test('the worker warms up on a directory it makes itself: no request, nothing shown', async () => {
  // app/src/work/warm_up.rs: the pipeline once on a generated sample, so the first file runs in
  // optimized code. It must stay invisible: nothing fetched, nothing on the page.
  const requests = s.rec.requests.length;
  const worker = s.page.workers()[0];
  assert.ok(worker, 'the reading worker is running');
  const deadline = Date.now() + 60_000;
  let state;
  while ((state = await worker.evaluate(() => self.mingluWarm ?? 'none')) === 'none' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(state, 'done', 'the warm-up ran to its end');
  assert.equal(s.rec.requests.length, requests, `no request while warming up: ${JSON.stringify(s.rec.requests.slice(requests))}`);
  assert.equal(await s.page.getByTestId('grid-row').count(), 0, 'no rows shown');
  assert.equal(await s.page.getByTestId('summary-rows').count(), 0, 'no file summary shown');
  assertClean(s, { label: 'after the warm-up' });
});

test('the language picker switches the UI text and keeps working', async () => {
  const select = s.page.getByTestId('lang-select');
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(options.length >= 2, `more than one language offered: ${options}`);
  const before = await testIdText(s.page, 'sample-button');
  const current = await select.inputValue();
  const other = options.find((o) => o !== current);
  await select.selectOption(other);
  await s.page.waitForFunction(
    ([id, text]) => document.querySelector(`[data-testid="${id}"]`)?.textContent.trim() !== text,
    ['sample-button', before],
  );
  const lang = await s.page.evaluate(() => document.documentElement.lang);
  assert.ok(lang.toLowerCase().startsWith(other.toLowerCase().slice(0, 2)), `<html lang="${lang}"> follows ${other}`);
  await s.screenshot(`load-${other}`);
  await select.selectOption(current);
  assertClean(s, { label: 'after switching language' });
});

test('a browser that cannot compile the app is told so, not left with a blank page', async () => {
  const t = await openSession();
  try {
    // What an old browser meets: the page's wasm does not compile (here: a valid header, then junk).
    await t.page.route(/minglu-app-[0-9a-f]+_bg\.wasm$/, (route) =>
      route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff, 0xff]) }),
    );
    await t.page.goto(t.server.url, { waitUntil: 'load' });
    const message = t.page.getByTestId('boot-error');
    await message.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await message.textContent();
    assert.match(text, /名录无法在这个浏览器里运行/);
    assert.match(text, /Safari（15 及以上）/);
    assert.equal(await t.page.getByTestId('file-input').count(), 0, 'the app did not start');
    await t.screenshot('boot-error');
  } finally {
    await t.close();
  }
});
