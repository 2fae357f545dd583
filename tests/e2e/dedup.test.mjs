// Duplicates, merge and undo in the page (issue #4): a small directory with the three styles of
// the issue (`138-0013-8000` vs `+86 138 0013 8000`, `张 三` vs `张三`, upper/lower-case e-mail)
// opens; the duplicates view lists the groups `minglu dedup` finds; a merge drops a row the way
// `minglu merge` does; undo (button and Ctrl+Z) gives back exactly the cells as read and redo
// (Ctrl+Shift+Z, Ctrl+Y) merges again; "not a duplicate" is remembered through a re-check; a fix,
// an edit and a merge downloaded as a recipe and replayed by `minglu apply` give the people the
// page shows; the history lists every step — all without a request leaving the page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  openSession, assertClean, check, minglu, tempDir, waitForSummary, waitUntil, digits,
} from './lib/harness.mjs';

const HEADER = '姓名,帐号,手机,邮箱,部门,职务';
const ROWS = [
  '张三,zhangsan,138-0013-8000,zhangsan@corp.com,研发部,工程师', //  2 ┐ one person: mobile, e-mail, name
  '李四,lisi,13900139000,lisi@corp.com,财务部,会计', //                3 │
  '张 三,,+86 138 0013 8000,ZhangSan@Corp.com,研发部,高级工程师', //   4 ┘
  '王五,wangwu,13700137000,WANGWU@corp.com,销售部,经理', //            5 ┐ the same e-mail, two mobiles:
  '赵六,zhaoliu,13600136000,zhaoliu@corp.com,财务部,出纳', //          6 │ a weak group
  '王五,wangwu5,13700137005,wangwu@corp.com,销售部,经理', //           7 ┘
  '孙七,sunqi,139 0013 9007,sunqi@corp.com,市场部,专员', //            8   a fixable mobile
  '周八,zhouba,13500135000,zhouba@corp.com,市场部,主管', //            9
];
const N = ROWS.length;
let s, tmp, file, expected;

before(async () => {
  tmp = tempDir();
  file = tmp.file('dups.csv');
  fs.writeFileSync(file, `${HEADER}\n${ROWS.join('\n')}\n`);
  expected = JSON.parse(minglu(['dedup', file, '--format', 'json']));
  s = await openSession();
});
after(async () => { await s?.close(); tmp?.cleanup(); });

/** Wait until the worker answered the last change: the check, then the log and the groups. */
async function settled(page) {
  await waitUntil('the check to settle', () => page.getByTestId('issue-panel').evaluate((p) => ({
    ready: p.dataset.ready, busy: p.getAttribute('aria-busy'),
  })), (v) => v.ready === 'true' && v.busy === 'false', { timeout: 60_000 });
  await waitUntil('the duplicates to follow', () => page.evaluate(() =>
    document.querySelector('[data-testid="duplicates-open"]')?.dataset.pending ?? 'absent'), (v) => v === 'false');
  return {
    errors: digits(await page.getByTestId('issue-errors').textContent()),
    warnings: digits(await page.getByTestId('issue-warnings').textContent()),
    byCode: await page.getByTestId('issue-group').evaluateAll((gs) => Object.fromEntries(gs.map((g) => [
      g.dataset.code,
      Number(g.querySelector('[data-testid="issue-count"]').textContent.replace(/[^0-9]/g, '')),
    ]))),
  };
}

/** Every grid row as `{ row, cells }`, in order (the whole directory fits on one screen). */
async function gridRows(page) {
  return page.getByTestId('grid-row').evaluateAll((rows) => rows.map((r) => ({
    row: Number(r.dataset.row),
    cells: [...r.querySelectorAll('.cell[data-col]')]
      .sort((a, b) => Number(a.dataset.col) - Number(b.dataset.col))
      .map((c) => c.textContent.trim()),
  })));
}

async function rowCount(page) {
  return Number(await page.getByTestId('grid').getAttribute('data-rows'));
}

async function waitRows(page, n) {
  await waitUntil(`${n} grid rows`, () => rowCount(page), (v) => v === n);
  await waitUntil(`${n} rendered rows`, () => page.getByTestId('grid-row').count(), (v) => v === n);
}

/** The groups the view shows: their rows, ascending. */
async function shownGroups(page) {
  return page.getByTestId('duplicate-group').evaluateAll((gs) => gs.map((g) =>
    g.dataset.rows.split(',').map(Number).sort((a, b) => a - b)));
}

/** A CSV `minglu` wrote (UTF-8 with a BOM, CRLF, no quoting in these fixtures) as rows of cells. */
function readCsv(path) {
  return fs.readFileSync(path, 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l !== '')
    .map((l) => l.split(','));
}

/** Focus something that is not a text field, so Ctrl+Z reaches the app rather than an input. */
async function focusPage(page) {
  await page.locator('.dup-head h2').click();
}

test('the CLI finds the three styles of the issue as one group, and a weak one', () => {
  const rows = expected.groups.map((g) => g.rows);
  assert.deepEqual(rows, [[2, 4], [5, 7]], JSON.stringify(expected.groups));
  const check = JSON.parse(minglu(['check', file, '--format', 'json'], { okStatus: [0, 1] }));
  assert.deepEqual(check.duplicates, expected.groups, 'minglu check lists the same duplicates');
});

test('the duplicates view lists the groups minglu dedup finds, side by side', async () => {
  await s.load();
  await s.page.getByTestId('file-input').setInputFiles(file);
  await waitForSummary(s.page, { rows: N, format: 'csv' });
  await settled(s.page);
  await waitUntil('the count badge', () => s.page.getByTestId('duplicates-count').textContent(),
    (t) => digits(t) === expected.groups.length);
  await s.page.getByTestId('duplicates-open').click();
  await s.page.getByTestId('duplicates-view').waitFor();
  assert.deepEqual(await shownGroups(s.page), expected.groups.map((g) => g.rows));
  // Reasons and score are shown; the fields the rows differ on are marked.
  const first = s.page.getByTestId('duplicate-group').first();
  assert.match(await first.getByTestId('duplicate-score').textContent(), new RegExp(expected.groups[0].score.toFixed(2)));
  assert.match(await first.getByTestId('duplicate-reasons').textContent(), /手机/);
  const differs = await first.locator('tr.differs').evaluateAll((trs) => trs.map((t) => t.dataset.field));
  assert.ok(differs.includes('position'), `the titles differ: ${differs}`);
  assert.ok(!differs.includes('mobile'), 'the mobiles are one number written two ways');
  await s.page.mouse.move(0, 0);
  await s.screenshot('dedup-view');
});

let original, merged;

test('merging a group drops a row and agrees with minglu merge', async () => {
  original = await gridRows(s.page);
  assert.equal(original.length, N);
  const out = tmp.file('merged.csv');
  const cli = JSON.parse(minglu(['merge', file, '--out', out, '--min-score', '0.9', '--format', 'json']));
  assert.deepEqual(cli.merges.map((m) => [m.into, ...m.rows]), [[2, 4]], 'the CLI merges the strong group only (row 2 has the account: the more complete record)');
  const before = await settled(s.page);
  await s.page.getByTestId('duplicate-group').first().getByTestId('duplicate-merge').click();
  await waitRows(s.page, N - 1);
  const after = await settled(s.page);
  merged = await gridRows(s.page);
  // The people the CLI wrote, in order, cell for cell.
  const people = readCsv(out).slice(1);
  assert.equal(people.length, N - 1);
  assert.deepEqual(merged.map((r) => r.cells), people, 'the page shows the rows minglu merge wrote');
  assert.ok(!merged.some((r) => r.row === 4), 'row 4 left the grid');
  // The check agrees with checking the merged file.
  const want = check(out);
  assert.deepEqual(after.byCode, want.summary.by_code);
  assert.equal(after.errors, want.summary.errors);
  assert.equal(digits(await s.page.getByTestId('summary-rows').textContent()), N - 1);
  assert.notDeepEqual(after, before);
  // The error report (all rows) leaves the merged row out.
  await s.page.getByTestId('report-all-rows').check({ force: true });
  const [csv] = await Promise.all([
    s.page.waitForEvent('download', { timeout: 60_000 }),
    s.page.getByTestId('report-csv').click(),
  ]);
  const lines = fs.readFileSync(await csv.path(), 'utf8').replace(/^\ufeff/, '').split(/\r\n/).filter((l) => l !== '');
  assert.equal(lines.length, N, 'the header and the N - 1 people left');
  // One group left; the merged row is in the removed list.
  assert.deepEqual(await shownGroups(s.page), [[5, 7]]);
  await s.page.getByTestId('tab-dropped').click();
  const dropped = await s.page.getByTestId('dropped-item').evaluateAll((xs) => xs.map((x) => [Number(x.dataset.row), x.textContent]));
  assert.equal(dropped.length, 1);
  assert.equal(dropped[0][0], 4);
  assert.match(dropped[0][1], /已合并到第 2 行/);
  await s.page.getByTestId('tab-duplicates').click();
});

test('undo (button and Ctrl+Z) gives back exactly the cells as read; redo merges again', async () => {
  await s.page.getByTestId('undo').click();
  await waitRows(s.page, N);
  await settled(s.page);
  assert.deepEqual(await gridRows(s.page), original, 'undo: the same rows, cell for cell');
  assert.deepEqual(await shownGroups(s.page), expected.groups.map((g) => g.rows));

  await focusPage(s.page);
  await s.page.keyboard.press('Control+Shift+Z');
  await waitRows(s.page, N - 1);
  await settled(s.page);
  assert.deepEqual(await gridRows(s.page), merged, 'redo: merged again');

  await focusPage(s.page);
  await s.page.keyboard.press('Control+z');
  await waitRows(s.page, N);
  await settled(s.page);
  assert.deepEqual(await gridRows(s.page), original, 'Ctrl+Z: back again');

  await focusPage(s.page);
  await s.page.keyboard.press('Control+y');
  await waitRows(s.page, N - 1);
  await settled(s.page);
  assert.deepEqual(await gridRows(s.page), merged, 'Ctrl+Y: merged again');
});

test('"not a duplicate" hides the group, and it stays hidden through a re-check', async () => {
  const list = s.page.getByTestId('duplicates-list');
  await list.focus();
  await s.page.keyboard.press('j'); // there is one group: the cursor stays on it
  await s.page.keyboard.press('n');
  await waitUntil('the group to go', () => s.page.getByTestId('duplicate-group').count(), (n) => n === 0);
  await settled(s.page);
  assert.equal(digits(await s.page.getByTestId('duplicates-count').textContent()), 0);
  await s.page.getByTestId('duplicates-none').waitFor();
  // A re-check (the language changes: the worker checks and lists again).
  await s.page.getByTestId('lang-select').selectOption('en');
  await settled(s.page);
  await waitUntil('English history', () => s.page.getByTestId('tab-history').textContent(), (t) => /History/.test(t));
  assert.equal(await s.page.getByTestId('duplicate-group').count(), 0, 'the marked group does not come back');
  await s.page.getByTestId('lang-select').selectOption('zh-CN');
  await settled(s.page);
  assert.equal(await s.page.getByTestId('duplicate-group').count(), 0);
});

test('a fix and an edit on top, replayed from the downloaded recipe by minglu apply, give the same people', async () => {
  const before = await settled(s.page);
  assert.ok(before.byCode['mobile.format'] > 0, JSON.stringify(before.byCode));
  await s.page.getByTestId('duplicates-close').click();
  await s.page.getByTestId('fix-all').click();
  await waitUntil('the mobile fixed', () => settled(s.page), (v) => !v.byCode['mobile.format']);
  // Edit 李四's title (row 3, column F).
  const target = s.page.locator('[data-testid="grid-row"][data-row="3"] .cell[data-col="5"]');
  await target.dblclick();
  const editor = s.page.getByTestId('cell-editor');
  await editor.waitFor();
  await editor.fill('财务经理');
  await editor.press('Enter');
  await waitUntil('the edit', () => target.textContent(), (t) => t.trim() === '财务经理');
  await settled(s.page);
  const shown = await gridRows(s.page);

  await s.page.getByTestId('duplicates-open').click();
  await s.page.getByTestId('tab-history').click();
  const [download] = await Promise.all([
    s.page.waitForEvent('download', { timeout: 60_000 }),
    s.page.getByTestId('recipe-download').click(),
  ]);
  assert.match(download.suggestedFilename(), /-整理步骤\.json$/);
  const recipe = tmp.file('recipe.json');
  fs.copyFileSync(await download.path(), recipe);
  const steps = JSON.parse(fs.readFileSync(recipe, 'utf8')).steps.map((x) => x.op);
  assert.deepEqual(steps, ['merge', 'mark', 'fix', 'edit']);
  const out = tmp.file('replayed.csv');
  const replay = JSON.parse(minglu(['apply', recipe, file, '--out', out, '--format', 'json']));
  assert.equal(replay.skipped.length, 0, JSON.stringify(replay.skipped));
  assert.deepEqual(shown.map((r) => r.cells), readCsv(out).slice(1), 'the replayed file holds the people the page shows');
  const want = check(out);
  const now = await settled(s.page);
  assert.deepEqual(now.byCode, want.summary.by_code);
});

test('the history lists every step, undone ones greyed', async () => {
  const items = s.page.getByTestId('history-item');
  const labels = await items.evaluateAll((xs) => xs.map((x) => x.querySelector('.history-label').textContent));
  assert.equal(labels.length, 4);
  assert.equal(labels[0], '合并第 4 行到第 2 行');
  assert.equal(labels[1], '第 5, 7 行不是重复');
  assert.equal(labels[2], '自动修复全部可修复问题');
  assert.match(labels[3], /^第 3 行职务：「会计」→「财务经理」$/);
  await focusPage(s.page);
  await s.page.keyboard.press('Control+z');
  await waitUntil('the last step greyed', () => items.last().getAttribute('data-done'), (v) => v === 'false');
  await settled(s.page);
  const title = s.page.locator('[data-testid="grid-row"][data-row="3"] .cell[data-col="5"]');
  assert.equal((await title.textContent()).trim(), '会计', 'the edit is undone in the grid');
  await s.screenshot('dedup-history');
  await s.page.getByTestId('redo').click();
  await waitUntil('redone', () => items.last().getAttribute('data-done'), (v) => v === 'true');
  await settled(s.page);
  assert.equal((await title.textContent()).trim(), '财务经理');
});

test('undo back to the start gives the file as read; a value picked by a click is what the merge and the recipe keep', async () => {
  for (let left = 4; left > 0; left -= 1) {
    await s.page.getByTestId('undo').click();
    await settled(s.page);
  }
  assert.equal(await s.page.getByTestId('undo').isDisabled(), true, 'nothing left to undo');
  assert.deepEqual(await gridRows(s.page), original, 'the grid is the file as read');
  await s.page.getByTestId('tab-duplicates').click();
  assert.deepEqual(await shownGroups(s.page), expected.groups.map((g) => g.rows));
  // The engine keeps row 4's longer title; keep row 2's instead.
  const group = s.page.getByTestId('duplicate-group').first();
  const title = (row) => group.locator(`[data-testid="duplicate-value"][data-field="position"][data-row="${row}"]`);
  assert.match(await title(4).locator('xpath=..').getAttribute('class'), /chosen/);
  await title(2).click();
  await waitUntil('the pick shown', () => title(2).locator('xpath=..').getAttribute('class'), (c) => /chosen/.test(c));
  assert.doesNotMatch(await title(4).locator('xpath=..').getAttribute('class'), /chosen/);
  await group.getByTestId('duplicate-merge').click();
  await waitRows(s.page, N - 1);
  await settled(s.page);
  const shown = await gridRows(s.page);
  assert.equal(shown.find((r) => r.row === 2).cells[5], '工程师', 'the picked title');
  await s.page.getByTestId('tab-history').click();
  assert.equal(await s.page.getByTestId('history-item').count(), 1, 'the new step replaced the undone ones');
  const [download] = await Promise.all([
    s.page.waitForEvent('download', { timeout: 60_000 }),
    s.page.getByTestId('recipe-download').click(),
  ]);
  const recipe = tmp.file('picked.json');
  fs.copyFileSync(await download.path(), recipe);
  const steps = JSON.parse(fs.readFileSync(recipe, 'utf8')).steps;
  assert.deepEqual(steps.map((x) => [x.op, x.into, x.rows, x.picks]), [['merge', 2, [4], { position: 2 }]]);
  const out = tmp.file('picked.csv');
  minglu(['apply', recipe, file, '--out', out, '--format', 'json']);
  assert.deepEqual(shown.map((r) => r.cells), readCsv(out).slice(1));
});

test('a template change is a step too: undo reads the file as detected again', async () => {
  const profile = () => s.page.getByTestId('summary-profile').getAttribute('data-profile');
  const detected = await profile();
  const other = detected === 'dingtalk' ? 'feishu' : 'dingtalk';
  await s.page.getByTestId('profile-select').selectOption(other);
  await waitUntil('the other template', profile, (v) => v === other);
  await settled(s.page);
  assert.equal(await s.page.getByTestId('history-item').count(), 2);
  assert.equal(await s.page.getByTestId('profile-select').inputValue(), other);
  await s.page.getByTestId('undo').click();
  await waitUntil('the detected template again', profile, (v) => v === detected);
  await settled(s.page);
  assert.equal(await s.page.getByTestId('profile-select').inputValue(), '', 'the picker says "detected" again');
  assert.equal(await rowCount(s.page), N - 1, 'the merge before it still holds');
});

test('removing one row of a group sends it to the removed list; undo brings it back; the recipe replays it', async () => {
  await s.page.getByTestId('tab-duplicates').click();
  assert.deepEqual(await shownGroups(s.page), [[5, 7]], 'the weak group is left');
  const rows = await gridRows(s.page);
  await s.page.getByTestId('duplicate-group').first().locator('th[data-row="7"]').getByTestId('duplicate-remove-row').click();
  await waitRows(s.page, rows.length - 1);
  await settled(s.page);
  const removed = await gridRows(s.page);
  assert.deepEqual(removed, rows.filter((r) => r.row !== 7), 'row 7 left the grid, nothing else changed');
  assert.equal(await s.page.getByTestId('duplicate-group').count(), 0, 'no group left');
  await s.page.getByTestId('tab-dropped').click();
  const dropped = await s.page.getByTestId('dropped-item').evaluateAll((xs) => xs.map((x) => [Number(x.dataset.row), x.textContent]));
  assert.deepEqual(dropped.map((d) => d[0]), [4, 7], 'the merged row and the removed one');
  assert.match(dropped[1][1], /已删除|deleted/);

  await s.page.getByTestId('undo').click();
  await waitRows(s.page, rows.length);
  await settled(s.page);
  assert.deepEqual(await gridRows(s.page), rows, 'undo: row 7 back, cell for cell');
  await focusPage(s.page);
  await s.page.keyboard.press('Control+Shift+Z');
  await waitRows(s.page, rows.length - 1);
  await settled(s.page);

  await s.page.getByTestId('tab-history').click();
  const [download] = await Promise.all([
    s.page.waitForEvent('download', { timeout: 60_000 }),
    s.page.getByTestId('recipe-download').click(),
  ]);
  const recipe = tmp.file('removed.json');
  fs.copyFileSync(await download.path(), recipe);
  const steps = JSON.parse(fs.readFileSync(recipe, 'utf8')).steps;
  assert.deepEqual(steps.at(-1).op, 'delete');
  const out = tmp.file('removed.csv');
  minglu(['apply', recipe, file, '--out', out, '--format', 'json']);
  assert.deepEqual(removed.map((r) => r.cells), readCsv(out).slice(1), 'minglu apply removes the same row');
});

test('no request left the page origin and nothing logged an error', () => {
  assertClean(s, { label: 'after merging, undoing, marking and downloading the recipe' });
});
