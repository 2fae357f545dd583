// Finding people in the page (issue #6): the search box answers per keystroke what
// `minglu search` answers for the same file (the same people, in the same order, matched by the
// same field), a hit brings its row into view, the A–Z strip's counts and filters equal the
// CLI's letter lists, the org tree's direct and total counts equal `minglu tree`, a department
// narrows the grid to exactly its people and the chip clears it — all without a request leaving
// the page. A small hand-written CSV pins the special surnames and a near-duplicate department.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  openSession, assertClean, generate, minglu, tempDir, waitForSummary, waitUntil,
} from './lib/harness.mjs';

const ROWS = 1500;
const SEED = 606;
const LIMIT = 20; // SEARCH_LIMIT in app/src/protocol/find.rs
let s, tmp, file, tree, letters, rowOf;

const json = (args) => JSON.parse(minglu([...args, '--format', 'json']));

before(async () => {
  tmp = tempDir();
  file = generate(tmp.file('通讯录.xlsx'), { rows: ROWS, seed: SEED, layout: 'wecom', format: 'xlsx' });
  tree = json(['tree', file]);
  // Every letter's people; together they map each person to its sheet row.
  letters = {};
  rowOf = new Map();
  for (const l of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ#') {
    const people = json(['search', file, '--letter', l]);
    if (people.length) letters[l] = people;
    for (const p of people) rowOf.set(p.person, p.row);
  }
  s = await openSession();
});
after(async () => { await s?.close(); tmp?.cleanup(); });

/** Open `path` and wait until the A–Z strip and the tree arrived. */
async function openFile(path, rows) {
  await s.load();
  await s.page.getByTestId('file-input').setInputFiles(path);
  await waitForSummary(s.page, { rows, format: path.endsWith('.csv') ? 'csv' : 'xlsx' });
  await waitUntil('the org tree', () => s.page.getByTestId('dept').count(), (n) => n > 0);
}

/** Type `query` into the search box and wait for its answer; returns the hits shown. */
async function search(query) {
  const input = s.page.getByTestId('find-input');
  await input.fill(query);
  await waitUntil(`the hits for ${query}`, () => s.page.getByTestId('find-hits').getAttribute('data-query'),
    (q) => q === query);
  return s.page.getByTestId('find-hit').evaluateAll((hs) => hs.map((h) => ({
    row: Number(h.dataset.row),
    name: h.querySelector('.hit-name').textContent,
    why: h.querySelector('.hit-why').textContent,
  })));
}

/** The number of rows the grid shows. */
async function gridRows() {
  return Number(await s.page.getByTestId('grid').getAttribute('data-rows'));
}

/** The sheet rows of the grid rows rendered now. */
async function renderedRows() {
  return s.page.getByTestId('grid-row').evaluateAll((rs) => rs.map((r) => Number(r.dataset.row)));
}

test('the CLI sees the fixture the test expects', () => {
  assert.equal(rowOf.size, ROWS, 'the A–Z lists cover everyone');
  assert.equal(tree.people, ROWS);
  assert.ok(tree.nodes.length > 10, `a real tree (${tree.nodes.length} departments)`);
});

test('typing pinyin initials finds the person, as minglu search ranks them', async () => {
  await openFile(file, ROWS);
  // People far down the file, found by their initials: the first exact-initials hit of a
  // two-letter query, as the CLI sees it.
  let checked = 0;
  for (const query of ['zw', 'wjh', 'lm', 'cy', 'sw', 'xm']) {
    const want = json(['search', file, query, '--limit', String(LIMIT)]);
    const shown = await search(query);
    assert.deepEqual(shown.map((h) => h.row), want.map((h) => h.row), `the hits for ${query}, in order`);
    assert.deepEqual(shown.map((h) => h.name), want.map((h) => h.name));
    const person = want.find((h) => h.field === 'initials' && h.matched === query);
    if (person) {
      checked += 1;
      const rank = shown.findIndex((h) => h.row === person.row);
      assert.ok(rank >= 0 && rank < 10, `${person.name} (${query}) is among the first hits (rank ${rank})`);
      assert.equal(shown[rank].why, `拼音首字母 ${query}`, 'the hit says why it matched');
    }
  }
  assert.ok(checked >= 3, `most queries are someone's initials (${checked})`);
  const ms = Number(await s.page.getByTestId('find-hits').getAttribute('data-query-ms'));
  assert.ok(ms >= 0 && ms < 100, `the worker's query time is shown (${ms} ms)`);
});

test('clicking a hit (or Enter on the first) brings its row into view and selects it', async () => {
  const want = json(['search', file, '13', '--limit', '200']);
  const far = want.find((h) => h.row > 600);
  assert.ok(far, 'a person far down the file matches');
  const shown = await search(far.name);
  assert.equal(shown[0].name, far.name, 'an exact name comes first');
  await s.page.getByTestId('find-hit').first().click();
  const row = s.page.locator(`[data-testid="grid-row"][data-row="${shown[0].row}"]`);
  await row.waitFor({ state: 'visible' });
  await waitUntil('the row to be selected', () => row.getAttribute('class'), (c) => /row-selected/.test(c ?? ''));
  const box = await row.boundingBox();
  const grid = await s.page.getByTestId('grid').boundingBox();
  assert.ok(box.y >= grid.y && box.y + box.height <= grid.y + grid.height, 'the row is inside the grid viewport');
  assert.equal(await s.page.getByTestId('find-hits').count(), 0, 'the hits list closed');

  // The keyboard: `/` focuses the box from the grid, Enter takes the first hit.
  await s.page.getByTestId('grid').focus();
  await s.page.keyboard.press('/');
  assert.equal(await s.page.evaluate(() => document.activeElement?.dataset.testid), 'find-input');
  const other = want.find((h) => h.row > 1000) ?? want.at(-1);
  const hits = await search(other.name);
  await s.page.keyboard.press('Enter');
  const second = s.page.locator(`[data-testid="grid-row"][data-row="${hits[0].row}"]`);
  await waitUntil('Enter to select the first hit', () => second.getAttribute('class').catch(() => ''),
    (c) => /row-selected/.test(c ?? ''));
});

test('the A–Z strip counts what the CLI lists, and a letter filters the grid to them', async () => {
  const counts = await s.page.getByTestId('az-letter').evaluateAll((ls) =>
    Object.fromEntries(ls.filter((l) => Number(l.dataset.count) > 0).map((l) => [l.dataset.letter, Number(l.dataset.count)])));
  const want = Object.fromEntries(Object.entries(letters).map(([l, ps]) => [l, ps.length]));
  assert.deepEqual(counts, want);
  for (const l of ['Z', 'S']) {
    await s.page.locator(`[data-testid="az-letter"][data-letter="${l}"]`).click();
    await waitUntil(`the grid to show ${l}`, gridRows, (n) => n === want[l]);
    assert.equal(Number(await s.page.getByTestId('set-chip').getAttribute('data-count')), want[l]);
    const expected = new Set(letters[l].map((p) => p.row));
    const rendered = await renderedRows();
    assert.ok(rendered.length > 0 && rendered.every((r) => expected.has(r)), `only ${l} people are shown`);
  }
  await s.page.getByTestId('set-chip-clear').click();
  await waitUntil('every row again', gridRows, (n) => n === ROWS);
  assert.equal(await s.page.getByTestId('set-chip').count(), 0);
});

test('the org tree shows minglu tree\'s direct and total counts for every department', async () => {
  const shown = await s.page.getByTestId('dept').evaluateAll((ds) =>
    ds.map((d) => [d.dataset.path, Number(d.dataset.direct), Number(d.dataset.total)]));
  const want = tree.nodes.map((n) => [n.path.join('/'), n.direct, n.total]);
  assert.deepEqual(shown, want);
});

test('clicking a department filters the grid to exactly its people; the chip clears it', async () => {
  // A department with sub-departments (its total is not its direct count).
  const node = tree.nodes.find((n) => n.depth === 1 && n.children.length > 0 && n.direct < n.total);
  assert.ok(node, 'a parent department');
  const members = new Set();
  const stack = [tree.nodes.indexOf(node)];
  while (stack.length) {
    const n = tree.nodes[stack.pop()];
    n.members.forEach((m) => members.add(rowOf.get(m)));
    stack.push(...n.children);
  }
  assert.equal(members.size, node.total);
  const item = s.page.locator(`[data-testid="dept"][data-path="${node.path.join('/')}"]`);
  await item.getByTestId('dept-select').click();
  await waitUntil('the grid to show the department', gridRows, (n) => n === node.total);
  const rendered = await renderedRows();
  assert.ok(rendered.length > 0 && rendered.every((r) => members.has(r)), 'only its people are shown');
  assert.match(await item.getAttribute('class'), /selected/);
  // Its sub-departments open with the toggle.
  await item.getByTestId('dept-toggle').click();
  const child = tree.nodes[node.children[0]];
  await s.page.locator(`[data-testid="dept"][data-path="${child.path.join('/')}"]`).waitFor({ state: 'visible' });
  await s.page.mouse.move(0, 0);
  await s.screenshot('find-tree');
  await s.page.getByTestId('set-chip-clear').click();
  await waitUntil('every row again', gridRows, (n) => n === ROWS);
});

test('special surnames sit under their real letters; near-duplicate departments are flagged', async () => {
  const csv = tmp.file('部门.csv');
  fs.writeFileSync(csv, [
    '姓名,帐号,手机,部门',
    '张经理,zhangjl,13800138000,总部/销售部',
    '单伟,shanw,13900139001,总部/ＩＴ部',
    '曾明,zengm,13700137002,总部/IT部',
    '解明,xiem,13600136003,总部/研发 中心',
    '仇亮,qiul,13500135004,总部/研发中心',
    '朴敏,piaom,13400134005,总部/研发中心;总部/IT部',
  ].join('\n') + '\n');
  await openFile(csv, 6);
  assert.equal((await search('zjl'))[0].name, '张经理');
  assert.equal((await search('sw'))[0].name, '单伟');
  const counts = await s.page.getByTestId('az-letter').evaluateAll((ls) =>
    Object.fromEntries(ls.filter((l) => Number(l.dataset.count) > 0).map((l) => [l.dataset.letter, Number(l.dataset.count)])));
  assert.deepEqual(counts, { P: 1, Q: 1, S: 1, X: 1, Z: 2 });
  const flagged = await s.page.locator('[data-testid="dept"]:has([data-testid="dept-similar"])').evaluateAll((ds) =>
    ds.map((d) => d.dataset.path));
  assert.deepEqual(flagged.sort(), ['总部/IT部', '总部/ＩＴ部', '总部/研发 中心', '总部/研发中心'].sort());
  const it = s.page.locator('[data-testid="dept"][data-path="总部/IT部"]');
  assert.deepEqual([await it.getAttribute('data-direct'), await it.getAttribute('data-total')], ['2', '2']);
  assert.match(await it.getByTestId('dept-similar').getAttribute('title'), /总部\/ＩＴ部/);
  await s.page.getByTestId('find-input').fill('');
  await s.page.mouse.move(0, 0);
  await s.screenshot('find-similar');

  // An edit moves someone (张经理, row 2, to IT部): after the check, the tree and the index follow.
  const dept = s.page.locator('[data-testid="grid-row"][data-row="2"] .cell[data-col="3"]');
  await dept.dblclick();
  await s.page.getByTestId('cell-editor').fill('总部/IT部');
  await s.page.getByTestId('cell-editor').press('Enter');
  await waitUntil('the tree to count the move', () => it.getAttribute('data-total'), (v) => v === '3');
  assert.equal(await s.page.locator('[data-testid="dept"][data-path="总部/销售部"]').count(), 0, 'the emptied department is gone');
  assert.equal((await search('zjl'))[0].name, '张经理', 'the rebuilt index still finds them');
  await it.getByTestId('dept-select').click();
  await waitUntil('the IT filter with the moved person', gridRows, (n) => n === 3);
});

test('the screenshot: a department filter, the tree open, a query with its ranked hits', async () => {
  await openFile(file, ROWS);
  const node = tree.nodes.find((n) => n.depth === 1 && n.children.length > 0);
  const item = s.page.locator(`[data-testid="dept"][data-path="${node.path.join('/')}"]`);
  await item.getByTestId('dept-select').click();
  await waitUntil('the grid to show the department', gridRows, (n) => n === node.total);
  await item.getByTestId('dept-toggle').click();
  const hits = await search('zw');
  assert.ok(hits.length > 0);
  await s.page.mouse.move(900, 880);
  await s.screenshot('find-search');
});

test('no request left the page origin and nothing logged an error', () => {
  assertClean(s, { label: 'after searching, filtering by letter and department' });
});
