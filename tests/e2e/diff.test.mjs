// Reconciling the roster with the directory in the page (issue #6): a generated 400-person WeCom
// xlsx is the open directory; the test writes next month's HR roster as a CSV from the same
// people (other columns, other order, mobiles with dashes) with known leavers, joiners, movers
// and changed titles. The view must show what `minglu diff OLD NEW --format json` says and the
// injected truth; swapping the sides and another key follow the CLI too; a roster cut to its
// first 100 lines trips the deletion guard; the incremental import, the leaver list and the
// report download as workbooks the CLI reads — all without a request leaving the page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  openSession, assertClean, generate, inspect, minglu, tempDir, waitForSummary, waitUntil, digits,
} from './lib/harness.mjs';
import { readZip } from './lib/zip.mjs';

const PEOPLE = 400;
const SEED = 20261124;
let s, tmp, oldFile, rosterFile, cutFile, truth, expected;

/** RFC 4180 lines → rows of fields (quotes, doubled quotes, commas inside quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const csvField = (v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * Next month's roster from the directory's people: 12 leave, 10 join, 10 move to another
 * department, 10 others get a new title. Returns the CSV text and the truth.
 */
function writeRoster(csvText) {
  const rows = parseCsv(csvText.replace(/^\ufeff/, ''));
  const h = rows.findIndex((r) => r.includes('姓名') && r.includes('工号'));
  const head = rows[h];
  const col = (name) => { const i = head.indexOf(name); assert.ok(i >= 0, `column ${name}`); return i; };
  const [cNo, cName, cDept, cTitle, cMobile, cEmail] = ['工号', '姓名', '部门', '职务', '手机', '个人邮箱'].map(col);
  const people = rows.slice(h + 1).filter((r) => r.length > 1 && r[cName]);
  assert.equal(people.length, PEOPLE);
  const single = (p) => !/[;；]/.test(p[cDept]);
  const departments = [...new Set(people.filter(single).map((p) => p[cDept]))].sort();
  assert.ok(departments.length > 3, 'enough departments to move people between');

  const leavers = new Set(people.filter((_, i) => i % 33 === 7).slice(0, 12).map((p) => p[cNo]));
  const movable = people.filter((p, i) => i % 29 === 3 && single(p) && !leavers.has(p[cNo])).slice(0, 10);
  const moved = new Map(movable.map((p, k) => {
    const others = departments.filter((d) => d !== p[cDept]);
    return [p[cNo], { from: p[cDept], to: others[(k * 7) % others.length] }];
  }));
  const retitled = new Map(people.filter((p, i) => i % 31 === 11 && !leavers.has(p[cNo]) && !moved.has(p[cNo]))
    .slice(0, 10).map((p) => [p[cNo], { old: p[cTitle], new: `高级${p[cTitle]}` }]));

  const lines = ['工号,姓名,部门,岗位,手机号码,邮箱'];
  const stayed = people.filter((p) => !leavers.has(p[cNo])).reverse(); // HR sorts otherwise
  stayed.forEach((p, i) => {
    const m = p[cMobile];
    // Written differently, not changed: the view must not list these.
    const mobile = i % 3 === 0 && /^1\d{10}$/.test(m) ? `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}` : m;
    const email = i % 4 === 0 ? p[cEmail].toUpperCase() : p[cEmail];
    const dept = moved.get(p[cNo])?.to ?? p[cDept];
    const title = retitled.get(p[cNo])?.new ?? p[cTitle];
    lines.push([p[cNo], p[cName], dept, title, mobile, email].map(csvField).join(','));
  });
  const joiners = [];
  for (let k = 0; k < 10; k++) {
    const no = String(900001 + k);
    joiners.push(no);
    lines.push([no, `新同事${'甲乙丙丁戊己庚辛壬癸'[k]}`, departments[k % departments.length], '工程师',
      `1990000${String(1000 + k)}`, `joiner${k}@example.com`].join(','));
  }
  return {
    text: lines.join('\r\n') + '\r\n',
    truth: {
      leavers: [...leavers].sort(), joiners: joiners.sort(), moved, retitled, stayed: stayed.length,
      // Where the first retitled person sits in the directory (sheet row, 0-based column).
      firstRetitled: (() => {
        const i = people.findIndex((p) => retitled.has(p[cNo]));
        return { id: people[i][cNo], row: h + 2 + i, col: cTitle, title: retitled.get(people[i][cNo]).new };
      })(),
    },
  };
}

function diffJson(oldPath, newPath, extra = []) {
  return JSON.parse(minglu(['diff', oldPath, newPath, ...extra, '--format', 'json']));
}

/** What the view shows, read from its data attributes. */
async function shown(page) {
  const count = async (kind) => digits(await page.getByTestId(`diff-count-${kind}`).textContent());
  const attrs = (id, names) => page.getByTestId(id).evaluateAll(
    (els, names) => els.map((e) => Object.fromEntries(names.map((n) => [n, e.dataset[n]]))), names);
  return {
    counts: {
      joiners: await count('joiners'), leavers: await count('leavers'), movers: await count('movers'),
      changed: await count('changed'), unchanged: await count('unchanged'), ambiguous: await count('ambiguous'),
    },
    joiners: (await attrs('diff-joiner', ['id'])).map((x) => x.id),
    leavers: (await attrs('diff-leaver', ['id'])).map((x) => x.id),
    movers: await attrs('diff-mover', ['id', 'from', 'to']),
    changed: (await attrs('diff-change', ['id', 'field', 'old', 'new'])),
  };
}

/** Wait for the comparison asked for last. */
async function settled(page) {
  await waitUntil('the comparison', () => page.getByTestId('diff-panel').evaluate((p) => ({
    ready: p.dataset.ready, busy: p.getAttribute('aria-busy'),
    error: p.querySelector('[data-testid="diff-error"]')?.textContent ?? null,
  })), (v) => {
    if (v.error) throw new Error(`the view shows an error: ${v.error}`);
    return v.ready === 'true' && v.busy === 'false';
  }, { timeout: 60_000 });
  return shown(page);
}

const changedPeople = (json) => new Set(json.changed.map((c) => c.id)).size;

/** The view equals the CLI's JSON (every list, in order, and every count). */
function assertSame(view, json) {
  assert.deepEqual(view.joiners, json.joiners);
  assert.deepEqual(view.leavers, json.leavers);
  assert.deepEqual(view.movers, json.movers);
  assert.deepEqual(view.changed, json.changed);
  assert.deepEqual(view.counts, {
    joiners: json.joiners.length, leavers: json.leavers.length, movers: json.movers.length,
    changed: changedPeople(json), unchanged: json.unchanged, ambiguous: json.ambiguous.length,
  });
}

async function download(page, testId) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
  const file = tmp.file(d.suggestedFilename());
  fs.copyFileSync(await d.path(), file);
  return { name: d.suggestedFilename(), file, bytes: fs.readFileSync(file) };
}

before(async () => {
  tmp = tempDir();
  oldFile = generate(tmp.file('通讯录.xlsx'), { rows: PEOPLE, seed: SEED, layout: 'wecom', format: 'xlsx' });
  const asCsv = fs.readFileSync(generate(tmp.file('same.csv'), { rows: PEOPLE, seed: SEED, layout: 'wecom', format: 'csv' }), 'utf8');
  const roster = writeRoster(asCsv);
  truth = roster.truth;
  rosterFile = tmp.file('花名册.csv');
  fs.writeFileSync(rosterFile, roster.text);
  cutFile = tmp.file('花名册-前100行.csv');
  fs.writeFileSync(cutFile, roster.text.split('\r\n').slice(0, 100).join('\r\n') + '\r\n');
  expected = diffJson(oldFile, rosterFile);
  s = await openSession();
});
after(async () => { await s?.close(); tmp?.cleanup(); });

test('the CLI finds exactly the injected changes in the pair', () => {
  assert.deepEqual([...expected.joiners].sort(), truth.joiners);
  assert.deepEqual([...expected.leavers].sort(), truth.leavers);
  assert.deepEqual(new Map(expected.movers.map((m) => [m.id, { from: m.from, to: m.to }])), truth.moved);
  assert.deepEqual(new Map(expected.changed.map((c) => [c.id, { old: c.old, new: c.new }])), truth.retitled);
  assert.ok(expected.changed.every((c) => c.field === 'position'));
  assert.equal(expected.ambiguous.length, 0);
  assert.equal(expected.unchanged, truth.stayed - truth.moved.size - truth.retitled.size);
});

test('the view shows what minglu diff finds, and what the roster is', async () => {
  await s.load();
  await s.page.getByTestId('file-input').setInputFiles(oldFile);
  await waitForSummary(s.page, { rows: PEOPLE, format: 'xlsx' });
  await s.page.getByTestId('diff-file-input').setInputFiles(rosterFile);
  const view = await settled(s.page);
  assertSame(view, expected);
  // The truth, once more, from the page itself.
  assert.deepEqual([...view.joiners].sort(), truth.joiners);
  assert.deepEqual([...view.leavers].sort(), truth.leavers);
  // What was detected in the roster: its own format, header row and people.
  const card = s.page.getByTestId('diff-card-roster');
  assert.equal(Number(await card.getAttribute('data-rows')), PEOPLE - truth.leavers.length + truth.joiners.length);
  assert.match(await s.page.getByTestId('diff-roster-detected').textContent(), /csv/);
  assert.match(await s.page.getByTestId('diff-roster-detected').textContent(), /表头第 1 行/);
  assert.equal(await s.page.getByTestId('diff-roster-name').textContent(), '花名册.csv');
  assert.match(await s.page.getByTestId('diff-keys-used').textContent(), /工号/);
  assert.equal(await s.page.getByTestId('diff-guard').count(), 0, 'no guard for 12 leavers of 400');
  assert.equal(await s.page.getByTestId('grid').isVisible(), false, 'the view takes the grid\'s place');
  await s.page.mouse.move(0, 0);
  await s.screenshot('diff-opened');
  // Tall enough for every list: docs/screenshot-diff.png is a copy of this one.
  await s.page.setViewportSize({ width: 1360, height: 1500 });
  await s.screenshot('diff-full');
  await s.page.setViewportSize({ width: 1360, height: 900 });
});

test('swapping the sides and another key compare as the CLI does', async () => {
  await s.page.getByTestId('diff-swap').click();
  const swapped = await settled(s.page);
  assert.equal(await s.page.getByTestId('diff-swap').getAttribute('data-swapped'), 'true');
  assertSame(swapped, diffJson(rosterFile, oldFile));
  assert.deepEqual([...swapped.joiners].sort(), truth.leavers, 'the leavers are the joiners the other way round');
  await s.page.getByTestId('diff-swap').click();
  await settled(s.page);

  await s.page.getByTestId('diff-key').selectOption('mobile');
  assertSame(await settled(s.page), diffJson(oldFile, rosterFile, ['--key', 'mobile']));
  await s.page.getByTestId('diff-key').selectOption('auto');
  assertSame(await settled(s.page), expected);
});

test('the incremental import, the leaver list and the report download and read back', async () => {
  // The incremental import in the WeCom template (the open file's platform, chosen by default).
  assert.equal(await s.page.getByTestId('diff-destination').inputValue(), 'wecom');
  const inc = await download(s.page, 'diff-download-incremental');
  assert.match(inc.name, /^花名册-增量导入\.xlsx$/);
  const incInfo = inspect(inc.file);
  assert.equal(incInfo.profile, 'wecom', 'the platform\'s own template');
  const people = new Set([...expected.movers.map((m) => m.id), ...expected.changed.map((c) => c.id)]);
  assert.equal(incInfo.rows, expected.joiners.length + people.size, 'joiners and changed people only');

  // Another destination: the DingTalk template.
  await s.page.getByTestId('diff-destination').selectOption('dingtalk');
  const ding = await download(s.page, 'diff-download-incremental');
  const dingInfo = inspect(ding.file);
  assert.equal(dingInfo.profile, 'dingtalk');
  assert.equal(dingInfo.rows, incInfo.rows);

  const leavers = await download(s.page, 'diff-download-leavers');
  assert.match(leavers.name, /离职名单\.xlsx$/);
  assert.equal(inspect(leavers.file).rows, expected.leavers.length);

  const report = await download(s.page, 'diff-download-report');
  assert.match(report.name, /对比报告\.xlsx$/);
  assert.deepEqual([...report.bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'zip magic');
  const workbook = readZip(report.bytes).get('xl/workbook.xml').toString('utf8');
  for (const sheet of ['概要', '入职', '离职', '调动', '变更', '歧义']) assert.ok(workbook.includes(sheet), `sheet ${sheet}`);
});

test('a roster cut to its first 100 lines trips the deletion guard', async () => {
  const cut = diffJson(oldFile, cutFile);
  assert.ok(cut.leavers.length > 50, `${cut.leavers.length} leavers`);
  await s.page.getByTestId('diff-file-input').setInputFiles(cutFile);
  await waitUntil('the cut roster', () => s.page.getByTestId('diff-roster-name').textContent(), (t) => t.includes('前100行'));
  const view = await settled(s.page);
  const guard = s.page.getByTestId('diff-guard');
  await guard.waitFor({ state: 'visible' });
  assert.equal(Number(await guard.getAttribute('data-deletions')), cut.leavers.length);
  assert.equal(Number(await guard.getAttribute('data-staff')), PEOPLE);
  assert.match(await guard.textContent(), /删除保护/);
  // The guard is the first thing in the view.
  const [g, counts] = [await guard.boundingBox(), await s.page.getByTestId('diff-counts').boundingBox()];
  assert.ok(g.y < counts.y, 'above the counts');
  // Long lists are capped until "show all".
  assert.equal(view.leavers.length, 100);
  assert.equal(view.counts.leavers, cut.leavers.length);
  await s.page.getByTestId('diff-show-all-leavers').click();
  assert.deepEqual((await shown(s.page)).leavers, cut.leavers);
  await s.page.getByTestId('diff-panel').evaluate((p) => { p.scrollTop = 0; });
  await s.screenshot('diff-guard');
});

test('ambiguous matches are listed with their candidates, not guessed', async () => {
  // Two roster rows with one employee number: the engine must not pick one.
  const lines = fs.readFileSync(rosterFile, 'utf8').split('\r\n');
  const copy = lines[5].split(',');
  const twin = [copy[0], '另一人', ...copy.slice(2, 4), '19900009999', 'twin@example.com'].join(',');
  const twinFile = tmp.file('花名册-重号.csv');
  fs.writeFileSync(twinFile, [...lines.slice(0, -1), twin, ''].join('\r\n'));
  const want = diffJson(oldFile, twinFile);
  assert.ok(want.ambiguous.length >= 1, 'the CLI reports the shared employee number');
  await s.page.getByTestId('diff-file-input').setInputFiles(twinFile);
  await waitUntil('the roster with the twin', () => s.page.getByTestId('diff-roster-name').textContent(), (t) => t.includes('重号'));
  const view = await settled(s.page);
  assertSame(view, want);
  const items = s.page.getByTestId('diff-ambiguous');
  assert.equal(await items.count(), want.ambiguous.length);
  const first = await items.first().textContent();
  for (const c of [...want.ambiguous[0].old, ...want.ambiguous[0].new]) assert.ok(first.includes(c.name), `${c.name} is a candidate`);
  assert.ok(!view.joiners.includes(copy[0]) && !view.leavers.includes(copy[0]), 'in no other list');
  await s.page.getByTestId('diff-panel').evaluate((p) => { p.scrollTop = 0; });
  await s.screenshot('diff-ambiguous');
});

test('a roster dropped on its card is the roster, not a new directory', async () => {
  const bytes = [...fs.readFileSync(rosterFile)];
  await s.page.getByTestId('diff-card-roster').evaluate((card, bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], '拖入的花名册.csv', { type: 'text/csv' }));
    card.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    card.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await waitUntil('the dropped roster', () => s.page.getByTestId('diff-roster-name').textContent(), (t) => t.includes('拖入'));
  assertSame(await settled(s.page), expected);
  assert.equal(await s.page.getByTestId('summary-file').textContent(), '通讯录.xlsx', 'the directory stays open');
  assert.equal(await s.page.getByTestId('drop-zone').evaluate((z) => z.classList.contains('dragging')), false);
});

test('the view speaks English, and names its files in English', async () => {
  await s.page.getByTestId('lang-select').selectOption('en');
  await waitUntil('English', () => s.page.locator('[data-testid="diff-panel"] h2').textContent(), (t) => t === 'Reconcile with a roster');
  const counts = await s.page.getByTestId('diff-counts').textContent();
  assert.doesNotMatch(counts, /[\u4e00-\u9fff]/, counts);
  await waitUntil('the re-check', () => s.page.getByTestId('issue-panel').evaluate((p) => p.getAttribute('aria-busy')), (b) => b === 'false');
  const report = await download(s.page, 'diff-download-report');
  assert.match(report.name, /-diff-report\.xlsx$/);
  await s.page.getByTestId('lang-select').selectOption('zh-CN');
});

test('an edit to the directory makes the comparison stale; comparing again includes it', async () => {
  const before = await settled(s.page);
  const { id, row, col, title } = truth.firstRetitled;
  assert.ok(before.changed.some((c) => c.id === id && c.field === 'position'));
  await s.page.getByTestId('diff-close').click();
  // Scroll the row into view, as a person would: the grid renders only the rows near the view.
  await s.page.getByTestId('grid').evaluate((g, y) => { g.scrollTop = y; }, Math.max(0, (row - 6) * 30));
  const target = s.page.locator(`[data-testid="grid-row"][data-row="${row}"] .cell[data-col="${col}"]`);
  await target.waitFor();
  await target.dblclick();
  const editor = s.page.getByTestId('cell-editor');
  await editor.waitFor();
  await editor.fill(title); // the directory now has the roster's title
  await editor.press('Enter');
  await waitUntil('the edit to be checked', () => s.page.getByTestId('issue-panel').evaluate((p) => ({
    ready: p.dataset.ready, busy: p.getAttribute('aria-busy'),
  })), (v) => v.ready === 'true' && v.busy === 'false');
  assert.equal((await target.textContent()).trim(), title);
  await s.page.getByTestId('diff-show').click();
  await s.page.getByTestId('diff-stale').waitFor({ state: 'visible' });
  await s.page.getByTestId('diff-again').click();
  const after = await settled(s.page);
  assert.equal(await s.page.getByTestId('diff-stale').count(), 0);
  assert.ok(!after.changed.some((c) => c.id === id), `${id} is no longer changed`);
  assert.equal(after.counts.changed, before.counts.changed - 1);
  assert.equal(after.counts.unchanged, before.counts.unchanged + 1);
});

test('closing the view brings the grid back; the comparison can be shown again', async () => {
  await s.page.getByTestId('diff-close').click();
  await s.page.getByTestId('grid').waitFor({ state: 'visible' });
  await s.page.getByTestId('diff-show').click();
  await s.page.getByTestId('diff-counts').waitFor({ state: 'visible' });
  assert.equal(await s.page.getByTestId('grid').isVisible(), false);
});

test('no request left the page origin and nothing logged an error', () => {
  assertClean(s, { label: 'after reconciling and downloading' });
});
