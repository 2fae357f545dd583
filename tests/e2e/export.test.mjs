// Export and decryption in the page (issue #5): a generated WeCom-style xlsx opens; the export
// dialog's vCard 3.0 and masked CSV downloads are byte for byte what `minglu convert` writes for
// the same file; the preview shows exactly the first rows of the downloaded file; an encrypted
// zip opens in 7-Zip with the password and not without; a Minglu container decrypts in the app
// with the right password (the original bytes) and says so with a wrong one or a changed file,
// downloading nothing — all without a request leaving the page.

import { createHash } from 'node:crypto';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openSession, assertClean, generate, minglu, tempDir, waitForSummary, waitUntil } from './lib/harness.mjs';

const ROWS = 300;
const SEED = 5;
const PASSWORD = '名录 e2e pass';
const FIELDS = 'name,userid,position,departments,gender,mobile,email';
let s, tmp, file, downloads, zipFile;

before(async () => {
  tmp = tempDir();
  file = generate(tmp.file('directory.xlsx'), { rows: ROWS, seed: SEED, layout: 'wecom', faults: 0, format: 'xlsx' });
  s = await openSession();
  downloads = [];
  s.page.on('download', (d) => downloads.push(d));
});
after(async () => { await s?.close(); tmp?.cleanup(); });

/** What `minglu convert FILE ARGS… --out OUT` writes (the file itself, not its manifest). */
function convert(name, args) {
  const out = tmp.file(name);
  minglu(['convert', file, ...args, '--out', out]);
  return fs.readFileSync(out);
}

/** Wait for `n` more downloads after `from`; returns them with their bytes. */
async function newDownloads(from, n) {
  await waitUntil(`${n} download(s)`, () => downloads.length - from, (k) => k >= n, { timeout: 120_000 });
  const got = downloads.slice(from, from + n);
  return Promise.all(got.map(async (d) => ({ name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) })));
}

/** A minimal RFC 4180 reader (the exports quote what needs it). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function previewTable(page) {
  return page.getByTestId('export-preview-table').evaluate((t) =>
    [...t.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th,td')].map((c) => c.textContent)));
}

/** Wait until the preview shows `destination`'s rows (the worker answered the latest choice). */
async function previewOf(page, testId, probe) {
  await waitUntil('the preview', async () => {
    const el = page.getByTestId(testId).first();
    return (await el.count()) ? el.textContent() : '';
  }, probe, { timeout: 60_000 });
}

async function choose(page, destination) {
  await page.getByTestId('export-destination').selectOption(destination);
}

test('the export dialog opens from the page once a file is open, and Esc closes it', async () => {
  await s.load();
  assert.equal(await s.page.getByTestId('export-button').count(), 0, 'no export before a file is open');
  await s.page.getByTestId('file-input').setInputFiles(file);
  await waitForSummary(s.page, { rows: ROWS, format: 'xlsx' });
  await s.page.getByTestId('export-button').click();
  await s.page.getByTestId('export-dialog').waitFor();
  assert.equal(await s.page.evaluate(() => document.activeElement?.dataset.testid), 'export-destination');
  await s.page.keyboard.press('Escape');
  await s.page.getByTestId('export-dialog').waitFor({ state: 'detached' });
  await s.page.getByTestId('export-button').click();
  await s.page.getByTestId('export-dialog').waitFor();
});

test('vCard 3.0: the preview is the file\'s first cards, the download equals minglu convert', async () => {
  await choose(s.page, 'vcard3');
  await previewOf(s.page, 'export-preview-card', (t) => t.startsWith('BEGIN:VCARD\nVERSION:3.0'));
  const cards = await s.page.getByTestId('export-preview-card').allTextContents();
  assert.equal(cards.length, 5);
  const summary = await s.page.getByTestId('export-summary').textContent();
  assert.match(summary, new RegExp(`将导出 ${ROWS} 人`));
  assert.match(summary, /不加密/);

  const from = downloads.length;
  await s.page.getByTestId('export-go').click();
  const [vcf, manifest] = await newDownloads(from, 2);
  assert.equal(vcf.name, 'contacts-vcard3.vcf');
  assert.equal(manifest.name, 'contacts-vcard3.vcf.manifest.json');
  const expected = convert('cli.vcf', ['--to', 'vcard3']);
  assert.ok(vcf.bytes.equals(expected), 'the page\'s vCard equals minglu convert --to vcard3');
  const text = vcf.bytes.toString('utf8');
  assert.equal(text.match(/BEGIN:VCARD/g).length, ROWS);
  // Preview = the first cards of the file, unfolded.
  const fileCards = text.replace(/\r\n[ \t]/g, '').split('\r\n').join('\n').split(/(?<=END:VCARD)\n/).slice(0, 5);
  assert.deepEqual(cards, fileCards.map((c) => c.trim()));
  // The manifest: what left, from which file, when (the page's clock, with its offset).
  const m = JSON.parse(manifest.bytes.toString('utf8'));
  assert.equal(m.rows, ROWS);
  assert.equal(m.source.file_name, 'directory.xlsx');
  const sha = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
  assert.equal(m.source.sha256, sha);
  // Both digests come from the browser's WebCrypto (or the engine when it is missing): the same.
  assert.equal(m.output_sha256, createHash('sha256').update(vcf.bytes).digest('hex'));
  assert.equal(m.output_bytes, vcf.bytes.length);
  assert.match(m.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  assert.ok(Math.abs(Date.parse(m.created) - Date.now()) < 10 * 60_000, `created is now: ${m.created}`);
  await s.page.getByTestId('export-outcome').waitFor();
});

test('the file\'s SHA-256 comes from WebCrypto, started only after the file\'s first answers', async () => {
  // A file of up to 32 MiB is hashed when the page next asks for something after its first
  // screen and check (app/src/bin/worker/reading.rs): hashing before the read took its time from
  // the read and the page on two cores. The worker's globals say when each happened.
  const sha = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
  let reader;
  for (const w of s.page.workers()) if ((await w.evaluate(() => self.name).catch(() => null)) === 'minglu-reader') reader = w;
  assert.ok(reader, 'the reading worker');
  await waitUntil('the digest', () => reader.evaluate(() => self.mingluDigested ?? ''), (v) => v === sha, { timeout: 30_000 });
  const { started, answered } = await reader.evaluate(() => ({ started: self.mingluDigestStarted, answered: self.mingluFirstAnswers }));
  assert.ok(answered > 0 && started > answered, `the digest started (${started}) after the first answers (${answered})`);
});

test('CSV with a masked mobile: 138****8000 style, no full number, preview = first rows', async () => {
  await choose(s.page, 'csv');
  // Only what the receiver needs: untick the rest (the CLI gets the same list as --fields).
  for (const f of ['alias', 'telephone', 'enterprise_email', 'employee_no', 'wechat_id', 'address', 'join_date']) {
    await s.page.getByTestId(`export-field-${f}`).uncheck();
  }
  await s.page.getByTestId('export-mask-mobile').selectOption('phone');
  await s.page.getByTestId('export-mask-email').selectOption('email');
  await previewOf(s.page, 'export-preview-table', (t) => /\d{3}\*{4}\d{4}/.test(t) && /\*{3}@/.test(t));
  assert.match(await s.page.getByTestId('export-summary').textContent(), /字段：姓名、账号、职务、部门、性别、手机（遮盖）、邮箱（遮盖） · 不加密/);
  const preview = await previewTable(s.page);
  await s.page.mouse.move(1, 1);
  await s.screenshot('export-dialog');

  const from = downloads.length;
  await s.page.getByTestId('export-go').click();
  const [csv] = await newDownloads(from, 2);
  assert.equal(csv.name, 'contacts-csv.csv');
  const expected = convert('cli.csv', ['--to', 'csv', '--fields', FIELDS, '--mask', 'mobile,email']);
  assert.ok(csv.bytes.equals(expected), 'the page\'s CSV equals minglu convert --mask mobile');
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM by default');
  const rows = parseCsv(csv.bytes.toString('utf8').replace(/^\uFEFF/, ''));
  assert.equal(rows.length, ROWS + 1);
  assert.deepEqual(preview, rows.slice(0, preview.length), 'the preview shows the file\'s first rows');
  const col = rows[0].indexOf('手机');
  assert.ok(col >= 0, `a 手机 column: ${rows[0]}`);
  const mobiles = rows.slice(1).map((r) => r[col]).filter(Boolean);
  assert.ok(mobiles.length > ROWS / 2);
  for (const m of mobiles) {
    assert.match(m, /\d\*{4}\d/, `masked like 138****8000: ${m}`);
    assert.doesNotMatch(m, /\d{7}/, `no full number: ${m}`);
  }
  assert.ok(mobiles.some((m) => /^1\d{2}\*{4}\d{4}$/.test(m)), 'mainland mobiles read 138****8000');
  const emailCol = rows[0].indexOf('邮箱');
  for (const r of rows.slice(1)) if (r[emailCol]) assert.match(r[emailCol], /^.\*{3}@/, `masked like z***@example.com: ${r[emailCol]}`);
  // No full mobile from the source left: compare with the unmasked export.
  const plain = parseCsv(convert('plain.csv', ['--to', 'csv', '--fields', FIELDS]).toString('utf8').replace(/^\uFEFF/, ''));
  const text = csv.bytes.toString('utf8');
  for (const r of plain.slice(1)) if (r[col]) assert.ok(!text.includes(r[col]), `${r[col]} left unmasked`);
});

test('encrypted zip: a mismatched password blocks; 7z opens the download, a wrong password fails', async (t) => {
  await s.page.getByTestId('export-protect-zip').check();
  assert.match(await s.page.getByTestId('export-blocked').textContent(), /请输入密码/);
  assert.ok(await s.page.getByTestId('export-go').isDisabled());
  await s.page.getByTestId('export-password').fill(PASSWORD);
  await s.page.getByTestId('export-confirm').fill(PASSWORD + 'x');
  assert.match(await s.page.getByTestId('export-blocked').textContent(), /不一致/);
  assert.ok(await s.page.getByTestId('export-go').isDisabled());
  await s.page.getByTestId('export-confirm').fill(PASSWORD);
  await s.page.getByTestId('export-blocked').waitFor({ state: 'detached' });

  const from = downloads.length;
  await s.page.getByTestId('export-go').click();
  const [zip] = await newDownloads(from, 1);
  assert.equal(zip.name, 'contacts-csv.zip');
  zipFile = tmp.file(zip.name);
  fs.writeFileSync(zipFile, zip.bytes);
  const sevenZip = ['7z', '7za'].find((c) => spawnSync(c, ['i'], { stdio: 'ignore' }).status === 0);
  if (!sevenZip) return t.skip('7z is not installed');
  const out = tmp.file('unzipped');
  const ok = spawnSync(sevenZip, ['x', `-p${PASSWORD}`, `-o${out}`, '-y', zipFile], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  const expected = convert('cli-masked.csv', ['--to', 'csv', '--fields', FIELDS, '--mask', 'mobile,email']);
  assert.ok(fs.readFileSync(path.join(out, 'contacts-csv.csv')).equals(expected), '7z gives the CSV back');
  assert.ok(fs.existsSync(path.join(out, 'contacts-csv.csv.manifest.json')), 'the manifest is inside');
  const bad = spawnSync(sevenZip, ['x', '-pwrong', `-o${tmp.file('bad')}`, '-y', zipFile], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0, 'a wrong password fails');
});

test('container: decrypts in the app to the original bytes; a wrong password or a changed file downloads nothing', async () => {
  await s.page.getByTestId('export-protect-container').check();
  await s.page.getByTestId('export-password').fill(PASSWORD);
  await s.page.getByTestId('export-confirm').fill(PASSWORD);
  let from = downloads.length;
  await s.page.getByTestId('export-go').click();
  await s.page.getByTestId('export-busy').waitFor({ timeout: 5_000 }).catch(() => {}); // busy while PBKDF2 runs
  const [sealed, manifest] = await newDownloads(from, 2);
  assert.equal(sealed.name, 'contacts-csv.csv.minglu');
  assert.match(JSON.parse(manifest.bytes.toString('utf8')).encryption, /AES-256-GCM.*PBKDF2/);
  const sealedFile = tmp.file(sealed.name);
  fs.writeFileSync(sealedFile, sealed.bytes);
  const expected = convert('cli-masked2.csv', ['--to', 'csv', '--fields', FIELDS, '--mask', 'mobile,email']);
  // The CLI opens what the page sealed.
  const cliOut = tmp.file('cli-decrypted.csv');
  process.env.MINGLU_E2E_PASSWORD = PASSWORD;
  minglu(['decrypt', sealedFile, '--out', cliOut, '--password-env', 'MINGLU_E2E_PASSWORD']);
  assert.ok(fs.readFileSync(cliOut).equals(expected), 'minglu decrypt opens the page\'s container');
  await s.page.getByTestId('export-close').click();

  // Decrypt in the app: wrong password first.
  await s.page.getByTestId('decrypt-button').click();
  await s.page.getByTestId('decrypt-dialog').waitFor();
  await s.page.getByTestId('decrypt-file-input').setInputFiles(sealedFile);
  await s.page.getByTestId('decrypt-password').fill('not the password');
  from = downloads.length;
  await s.page.getByTestId('decrypt-go').click();
  const wrong = await s.page.getByTestId('decrypt-error').textContent({ timeout: 60_000 });
  assert.match(wrong, /密码不正确/);
  assert.match(wrong, /没有写出任何文件/);

  // A changed byte of the container: AES-GCM cannot tell it from a wrong password, and says so.
  // (Closing the dialog forgets the last outcome, so the message read below is the new one.)
  const reopen = async (f) => {
    await s.page.getByTestId('decrypt-close').click();
    await s.page.getByTestId('decrypt-button').click();
    await s.page.getByTestId('decrypt-file-input').setInputFiles(f);
    await s.page.getByTestId('decrypt-password').fill(PASSWORD);
  };
  const changed = Buffer.from(sealed.bytes);
  changed[changed.length - 5] ^= 0x40;
  const changedFile = tmp.file('changed.csv.minglu');
  fs.writeFileSync(changedFile, changed);
  await reopen(changedFile);
  await s.page.getByTestId('decrypt-go').click();
  assert.match(await s.page.getByTestId('decrypt-error').textContent({ timeout: 60_000 }), /文件已被修改、损坏/);
  // A changed byte inside the encrypted zip's entry: its HMAC fails — the file was changed.
  if (zipFile) {
    const zipChanged = Buffer.from(fs.readFileSync(zipFile));
    zipChanged[200] ^= 0x40;
    const zipChangedFile = tmp.file('changed.zip');
    fs.writeFileSync(zipChangedFile, zipChanged);
    await reopen(zipChangedFile);
    await s.page.getByTestId('decrypt-go').click();
    assert.match(await s.page.getByTestId('decrypt-error').textContent({ timeout: 60_000 }), /^文件已被修改或损坏/);
  }
  assert.equal(downloads.length, from, 'nothing was downloaded on failure');
  await reopen(sealedFile);

  // The right password: the original bytes, and the sheet opens in Minglu.
  await s.page.getByTestId('decrypt-go').click();
  const [plain] = await newDownloads(from, 1);
  assert.equal(plain.name, 'contacts-csv.csv');
  assert.ok(plain.bytes.equals(expected), 'the decrypted bytes are the export\'s');
  await s.page.getByTestId('decrypt-outcome').waitFor();
  await s.screenshot('export-decrypted');
  await s.page.getByTestId('decrypt-open-0').click();
  await waitForSummary(s.page, { rows: ROWS, format: 'csv' });
});

test('a container dropped on the decrypt dialog is taken for decryption, not opened as a directory', async () => {
  const sealed = fs.readdirSync(tmp.dir).find((n) => n.endsWith('.minglu') && !n.startsWith('changed'));
  const bytes = [...fs.readFileSync(tmp.file(sealed))];
  await s.page.getByTestId('decrypt-button').click();
  await s.page.getByTestId('decrypt-dialog').waitFor();
  const transfer = await s.page.evaluateHandle(({ name, bytes }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], name));
    return dt;
  }, { name: sealed, bytes });
  await s.page.getByTestId('decrypt-drop').dispatchEvent('dragover', { dataTransfer: transfer });
  await s.page.getByTestId('decrypt-drop').dispatchEvent('drop', { dataTransfer: transfer });
  assert.equal(await s.page.getByTestId('decrypt-file-name').textContent(), sealed);
  await s.page.getByTestId('decrypt-password').fill(PASSWORD);
  const from = downloads.length;
  await s.page.getByTestId('decrypt-go').click();
  const [plain] = await newDownloads(from, 1);
  assert.equal(plain.name, 'contacts-csv.csv');
  // Had the page's own drop handler seen the file, it would have tried to open it as a directory.
  assert.equal(await s.page.getByTestId('error-message').count(), 0, 'the page did not try to open it');
  assert.equal(await s.page.getByTestId('summary-format').textContent(), 'csv', 'the open file is unchanged');
  await s.page.keyboard.press('Escape');
  await s.page.getByTestId('decrypt-dialog').waitFor({ state: 'detached' });
});

test('container with Argon2id: the CLI decrypts what the page sealed', async () => {
  await s.page.getByTestId('export-button').click();
  await choose(s.page, 'vcard4');
  await s.page.getByTestId('export-protect-container').check();
  await s.page.getByTestId('export-kdf').selectOption('argon2id');
  await s.page.getByTestId('export-password').fill(PASSWORD);
  await s.page.getByTestId('export-confirm').fill(PASSWORD);
  await previewOf(s.page, 'export-preview-card', (t) => t.includes('VERSION:4.0'));
  const from = downloads.length;
  await s.page.getByTestId('export-go').click();
  const [sealed, manifest] = await newDownloads(from, 2);
  assert.equal(sealed.name, 'contacts-vcard4.vcf.minglu');
  assert.match(JSON.parse(manifest.bytes.toString('utf8')).encryption, /Argon2id/);
  const sealedFile = tmp.file(`argon-${sealed.name}`);
  fs.writeFileSync(sealedFile, sealed.bytes);
  const out = tmp.file('argon.vcf');
  minglu(['decrypt', sealedFile, '--out', out, '--password-env', 'MINGLU_E2E_PASSWORD']);
  // The file open now is the decrypted CSV; the CLI converts the same file to compare.
  const csv = tmp.file('reopened.csv');
  fs.writeFileSync(csv, fs.readFileSync(tmp.file('cli-masked2.csv')));
  // A new file starts from the default fields; the masks stay as chosen.
  minglu(['convert', csv, '--to', 'vcard4', '--mask', 'mobile,email', '--out', tmp.file('cli4.vcf')]);
  const expected = fs.readFileSync(tmp.file('cli4.vcf'));
  assert.ok(fs.readFileSync(out).equals(expected), 'the container holds the vCard 4.0 export of the open file');
  await s.page.getByTestId('export-close').click();
});

test('no request left the page', () => {
  assertClean(s, { label: 'after exporting, encrypting and decrypting' });
});
