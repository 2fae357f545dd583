// The duplicate helper (issue #7, app/src/bridge.rs): on a machine with more than one core the
// page starts a second worker beside the reading one. When a file opens, the reading worker reads
// and checks it while the helper reads the same file (the reading worker's bytes of it, handed on
// by the page) and finds its duplicates, so the two slowest steps run side by side. What the page shows must not depend on which worker found them: the
// groups are `minglu dedup`'s either way, and when the helper fails the reading worker finds
// them itself.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openSession, assertClean, minglu, tempDir, waitForSummary, waitUntil, digits } from './lib/harness.mjs';

const CSV = `姓名,帐号,手机,邮箱,部门,职务
张三,zhangsan,138-0013-8000,zhangsan@corp.com,研发部,工程师
李四,lisi,13900139000,lisi@corp.com,财务部,会计
张 三,,+86 138 0013 8000,ZhangSan@Corp.com,研发部,高级工程师
王五,wangwu,13700137000,WANGWU@corp.com,销售部,经理
赵六,zhaoliu,13600136000,zhaoliu@corp.com,财务部,出纳
王五,wangwu5,13700137005,wangwu@corp.com,销售部,经理
`;
let s, tmp, file, expected;

before(async () => {
  tmp = tempDir();
  file = tmp.file('helper-dups.csv');
  fs.writeFileSync(file, CSV);
  expected = JSON.parse(minglu(['dedup', file, '--format', 'json'])).groups.map((g) => g.rows);
  s = await openSession();
});
after(async () => { await s?.close(); tmp?.cleanup(); });

/** The page's workers by name ("minglu-reader", "minglu-duplicates"). */
async function workersByName(page) {
  const named = {};
  for (const w of page.workers()) {
    const name = await w.evaluate(() => self.name).catch(() => null);
    if (name) named[name] = w;
  }
  return named;
}

/** Open the file, wait for the check and the duplicates; the groups the view lists. */
async function openAndListGroups(page) {
  await page.getByTestId('file-input').setInputFiles(file);
  await waitForSummary(page, { rows: 6, format: 'csv' });
  await waitUntil('the duplicates', () => page.evaluate(() => {
    const b = document.querySelector('[data-testid="duplicates-open"]');
    return b ? `${b.dataset.pending}/${document.querySelector('[data-testid="duplicates-count"]')?.textContent ?? ''}` : 'absent';
  }), (v) => v.startsWith('false/') && digits(v.slice(6)) === expected.length, { timeout: 60_000 });
  await page.getByTestId('duplicates-open').click();
  await page.getByTestId('duplicates-view').waitFor();
  const groups = await page.getByTestId('duplicate-group').evaluateAll((gs) => gs.map((g) =>
    g.dataset.rows.split(',').map(Number).sort((a, b) => a - b)));
  await page.getByTestId('duplicates-close').click();
  return groups;
}

test('two named workers start with the page: the reading one and the duplicate helper', async () => {
  await s.load();
  await waitUntil('both workers', async () => Object.keys(await workersByName(s.page)).sort().join(','),
    (v) => v === 'minglu-duplicates,minglu-reader');
  assert.ok(await s.page.evaluate(() => navigator.hardwareConcurrency) > 1, 'the helper is only for several cores');
});

test('the helper finds the duplicates of a new file: the groups minglu dedup finds', async () => {
  assert.deepEqual(expected, [[2, 4], [5, 7]], 'the fixture has two groups');
  const groups = await openAndListGroups(s.page);
  assert.deepEqual(groups, expected);
  const { 'minglu-reader': reader, 'minglu-duplicates': helper } = await workersByName(s.page);
  assert.ok((await helper.evaluate(() => self.mingluHelped ?? 0)) > 0, 'the helper answered the reading');
  assert.equal(await reader.evaluate(() => self.mingluHelped ?? null), null, 'the reading worker did not ask itself');
  // The browser read the file once: the helper had the reading worker's bytes of it.
  assert.equal(await helper.evaluate(() => self.mingluHelpedFrom ?? null), 'bytes', 'the helper read no file of its own');
});

test('when the helper fails, the reading worker finds the same groups', async () => {
  const { 'minglu-duplicates': helper } = await workersByName(s.page);
  // The helper's next message throws, as a crashed worker would: the page retires it and asks
  // the reading worker for this reading's duplicates.
  const before = await helper.evaluate(() => self.mingluHelped);
  await helper.evaluate(() => { self.onmessage = () => { throw new Error('test: the duplicate helper fails'); }; });
  const groups = await openAndListGroups(s.page);
  assert.deepEqual(groups, expected);
  await waitUntil('the failed helper to be stopped', async () => Object.keys(await workersByName(s.page)).join(','),
    (v) => v === 'minglu-reader');
  assert.ok(before > 0);
});

test('a later file without the helper still lists its duplicates', async () => {
  assert.deepEqual(await openAndListGroups(s.page), expected);
});

test('no request left the page origin and nothing else logged an error', () => {
  s.rec.consoleErrors = s.rec.consoleErrors.filter((e) => !/test: the duplicate helper fails/.test(e));
  s.rec.pageErrors = s.rec.pageErrors.filter((e) => !/test: the duplicate helper fails/.test(e));
  assertClean(s, { label: 'the helper tests' });
});
