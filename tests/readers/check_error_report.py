#!/usr/bin/env python3
"""Open Minglu's error report (导出错误数据) with other readers, and correct it the way a person would.

Driven by the Rust test `external_readers_open_and_correct_the_report` in
engine/tests/error_report.rs, which writes the report and a plan (the problem cells it must find,
the columns that must be text, the corrections to type) and then checks the corrected files:

    cargo test -p minglu-engine --test error_report -- --ignored

Usage: check_error_report.py REPORT.xlsx PLAN.json OUT_DIR

1. openpyxl: the header has 错误原因 and 原行号; each row's reason cell is filled in; every problem
   cell has a note (comment) and the fill of its worst severity; phone and account cells are text.
2. LibreOffice (soffice --headless): the report converts to CSV with the same header and rows, and
   to flat ODS with one annotation per problem cell.
3. The corrections are typed in with openpyxl (rows found by 原行号) and saved as
   OUT_DIR/corrected-openpyxl.xlsx; LibreOffice re-saves that as OUT_DIR/corrected-libreoffice.xlsx.

Needs: python3 with openpyxl (tests/requirements.txt) and LibreOffice Calc (Debian:
libreoffice-calc-nogui). Exits non-zero with a message on the first failed check.
"""

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import openpyxl

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
REASON = "错误原因"
SOURCE_ROW = "原行号"


def fail(message):
    print(f"check_error_report: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def soffice(args, workdir):
    """Run LibreOffice headless with a throwaway profile (no clash with a running instance)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        fail("LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui)")
    profile = "file://" + os.path.join(workdir, "lo-profile")
    cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore"] + args
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        fail(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.strip()}")


def rows_by_source(ws, source_col):
    """Worksheet row of each source row, from the 原行号 column."""
    out = {}
    for r in range(2, ws.max_row + 1):
        value = ws.cell(r, source_col).value
        if value is None:
            continue
        out[int(str(value))] = r
    return out


def check_openpyxl(path, plan):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    if REASON not in header or SOURCE_ROW not in header:
        fail(f"openpyxl: the header {header} lacks {REASON} or {SOURCE_ROW}")
    reason_col = header.index(REASON) + 1
    source_col = header.index(SOURCE_ROW) + 1
    rows = rows_by_source(ws, source_col)
    if len(rows) != plan["rows"]:
        fail(f"openpyxl: {len(rows)} rows, expected {plan['rows']}")
    for source, r in rows.items():
        reason = ws.cell(r, reason_col).value
        if not reason or not str(reason).strip():
            fail(f"openpyxl: source row {source} has an empty {REASON}")

    worst = {}
    for cell in plan["problem_cells"]:
        key = (cell["source_row"], cell["column"])
        if worst.get(key) != "error":
            worst[key] = cell["severity"]
    for (source, column), severity in worst.items():
        cell = ws.cell(rows[source], column)
        if cell.comment is None or not cell.comment.text.strip():
            fail(f"openpyxl: {cell.coordinate} (source row {source}) has no note")
        fill = (cell.fill.fgColor.rgb or "")[-6:].upper()
        want = ERROR_FILL if severity == "error" else WARNING_FILL
        if fill != want:
            fail(f"openpyxl: {cell.coordinate} is filled {fill!r}, expected {want} ({severity})")
    for column in plan["text_columns"]:
        for r in rows.values():
            cell = ws.cell(r, column)
            if cell.value is not None and cell.data_type != "s":
                fail(f"openpyxl: {cell.coordinate} is {cell.data_type!r}, not text")
    print(f"openpyxl: {len(rows)} rows, {REASON} on each, {len(worst)} problem cells with a note and a fill")
    return len(worst)


def check_libreoffice(path, plan, notes, workdir):
    out = os.path.join(workdir, "lo-out")
    os.makedirs(out, exist_ok=True)
    # 44 = comma, 34 = double quote, 76 = UTF-8, 1 = start at line 1.
    soffice(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", out, path], workdir)
    soffice(["--convert-to", "fods", "--outdir", out, path], workdir)
    stem = os.path.splitext(os.path.basename(path))[0]
    with open(os.path.join(out, stem + ".csv"), encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    header = table[0]
    if REASON not in header or SOURCE_ROW not in header:
        fail(f"LibreOffice: the header {header} lacks {REASON} or {SOURCE_ROW}")
    data = [row for row in table[1:] if any(cell.strip() for cell in row)]
    if len(data) != plan["rows"]:
        fail(f"LibreOffice: {len(data)} rows, expected {plan['rows']}")
    reason_col = header.index(REASON)
    if any(not row[reason_col].strip() for row in data):
        fail(f"LibreOffice: a row has an empty {REASON}")
    ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    annotations = ET.parse(os.path.join(out, stem + ".fods")).getroot().iter(f"{{{ns}}}annotation")
    count = sum(1 for _ in annotations)
    if count != notes:
        fail(f"LibreOffice: {count} annotations, expected {notes}")
    print(f"LibreOffice: {len(data)} rows with {REASON}, {count} annotations")


def correct(path, plan, workdir):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    rows = rows_by_source(ws, header.index(SOURCE_ROW) + 1)
    for c in plan["corrections"]:
        r = rows.get(c["source_row"])
        if r is None:
            fail(f"correcting: source row {c['source_row']} is not in the report")
        ws.cell(r, c["column"]).value = c["value"] if c["value"] != "" else None
    mine = os.path.join(workdir, "corrected-openpyxl.xlsx")
    wb.save(mine)
    lo = os.path.join(workdir, "lo-resave")
    os.makedirs(lo, exist_ok=True)
    soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", lo, mine], workdir)
    shutil.move(os.path.join(lo, "corrected-openpyxl.xlsx"), os.path.join(workdir, "corrected-libreoffice.xlsx"))
    print(f"corrected {len(plan['corrections'])} cells: corrected-openpyxl.xlsx, corrected-libreoffice.xlsx")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    report, plan_path, workdir = sys.argv[1:]
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    os.makedirs(workdir, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        notes = check_openpyxl(report, plan)
        check_libreoffice(report, plan, notes, scratch)
        correct(report, plan, workdir)


if __name__ == "__main__":
    main()
