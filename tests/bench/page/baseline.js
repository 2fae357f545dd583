// Times SheetJS (`XLSX.read(…, { dense: true })`, 0.18.5) or PapaParse (`Papa.parse`) on the chosen
// file. The library is chosen by `window.__benchLib` ('sheetjs' | 'papaparse'), set by the
// benchmark before it chooses the file; the result lands in `window.__bench`:
//   { read, parse, rows, total } in ms (read: the file's bytes or text into memory).
'use strict';

window.addEventListener('DOMContentLoaded', () => {
  const input = document.getElementById('file');
  input.addEventListener('change', async () => {
    const t0 = performance.now();
    const file = input.files[0];
    try {
      if (window.__benchLib === 'sheetjs') {
        const bytes = await file.arrayBuffer();
        const t1 = performance.now();
        const wb = XLSX.read(bytes, { type: 'array', dense: true });
        const sheet = wb.Sheets[wb.SheetNames[0]];
        const t2 = performance.now();
        // Dense mode keeps rows in `!data`; count the non-empty ones as the app counts people.
        const rows = (sheet['!data'] || []).filter((r) => r && r.some((c) => c && c.v !== undefined && c.v !== '')).length;
        window.__bench = { read: t1 - t0, parse: t2 - t1, total: t2 - t0, rows };
      } else {
        const text = await file.text();
        const t1 = performance.now();
        const out = Papa.parse(text, { skipEmptyLines: true });
        const t2 = performance.now();
        window.__bench = { read: t1 - t0, parse: t2 - t1, total: t2 - t0, rows: out.data.length, errors: out.errors.length };
      }
    } catch (e) {
      window.__bench = { error: String(e && e.stack || e) };
    }
  });
});
