// Broken files give a message a person can read, never a dead page: after each one the sample
// still opens.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import {
  openSession, assertClean, generate, inspect, tempDir, waitForSummary, waitUntil, testIdText, readSummary, SAMPLE,
} from './lib/harness.mjs';

let s, tmp, sampleRows;
const broken = {};

before(async () => {
  tmp = tempDir();
  // Random bytes named like a workbook.
  broken.random = tmp.file('x.xlsx');
  fs.writeFileSync(broken.random, crypto.randomBytes(64 * 1024));
  // A real workbook cut in half: the zip's central directory is gone.
  const good = generate(tmp.file('good.xlsx'), { rows: 300, seed: 3, layout: 'wecom', format: 'xlsx' });
  const bytes = fs.readFileSync(good);
  broken.truncated = tmp.file('truncated.xlsx');
  fs.writeFileSync(broken.truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  // An empty file.
  broken.empty = tmp.file('empty.csv');
  fs.writeFileSync(broken.empty, '');
  sampleRows = inspect(generate(tmp.file('sample.xlsx'), SAMPLE)).rows;
  s = await openSession();
});
after(async () => { await s?.close(); tmp?.cleanup(); });

// The page is in Chinese (zh-CN): each message starts with what happened and what to do in
// Chinese, then the engine's own detail.
const ADVICE = { random: /^无法识别的文件格式/, truncated: /^文件已损坏或不完整/, empty: /^文件里没有数据/ };

for (const [name, label] of [['random', 'random bytes named x.xlsx'], ['truncated', 'a truncated xlsx'], ['empty', 'an empty file']]) {
  test(`${label} shows an error message, and the page still works`, async () => {
    // The CLI (same engine) refuses it too; the page must say so rather than show a summary.
    assert.throws(() => inspect(broken[name]), /failed/, 'minglu inspect refuses the file');
    await s.load();
    await s.page.getByTestId('file-input').setInputFiles(broken[name]);
    const message = await waitUntil('the error message', () => testIdText(s.page, 'error-message'),
      (v) => v !== null && v.length > 0, { timeout: 30_000 }).catch(async (e) => {
      throw new Error(`${e.message}; the page shows instead: ${JSON.stringify(await readSummary(s.page))}`);
    });
    assert.ok(message.length > 3, `a real message: ${message}`);
    assert.doesNotMatch(message, /panicked|unreachable|RuntimeError/i, 'not a crash');
    assert.match(message, ADVICE[name], 'said in Chinese first');
    await s.screenshot(`error-${name}`);

    // Still alive: the sample opens and the error goes away.
    await s.page.getByTestId('sample-button').click();
    await waitForSummary(s.page, { rows: sampleRows, format: 'xlsx', failOnError: false });
    assert.equal(await s.page.getByTestId('error-message').count(), 0, 'the error is cleared');
  });
}

test('no request left the page origin and nothing crashed', () => {
  // The app may log the read error to the console; a panic or uncaught error fails.
  assertClean(s, { allowConsoleErrors: true, label: 'after broken files' });
});
