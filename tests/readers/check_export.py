#!/usr/bin/env python3
"""Check Minglu's exports with readers nobody on the team wrote (issue #5's bar).

Driven by tests/readers/run-export.sh, which makes the inputs and outputs with the `minglu` CLI.
Each subcommand checks one thing and exits non-zero with `FAIL: …` on stderr at the first
problem; on success it prints one `ok: …` line.

  vcard    INPUT.csv OUT.vcf 3.0|4.0   vobject parses every card: names, phones, e-mails
  vcard21  INPUT.csv OUT.vcf           every non-ASCII value decodes as quoted-printable (quopri)
  xlsx     INPUT.csv OUT.xlsx          openpyxl: phones and ids are strings, bold frozen header
  container FILE PASSWORD PLAIN        decrypt per docs/container-format.md with `cryptography`;
                                       a wrong password raises InvalidTag
  vector   docs/container-format.md    the published test vector decrypts
  injection PAYLOADS.json OUT…         no cell of the CSV/xlsx outputs is a live formula; every
                                       payload is there behind a quote; phones are intact

INPUT.csv is the plain CSV `minglu generate --layout plain --format csv` writes (read here with
Python's csv module, so expected values do not come from Minglu's reader).

Needs: python3 with vobject, openpyxl, cryptography (tests/requirements.txt).
"""

import csv
import hashlib
import json
import quopri
import re
import struct
import sys

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
PHONE = re.compile(r"^\+[0-9][0-9 \-().,*]*$")


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def ok(message):
    print(f"ok: {message}")


def people(input_csv):
    with open(input_csv, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def expected_emails(row):
    return sorted(e for e in (row.get("个人邮箱", "").strip(), row.get("企业邮箱", "").strip()) if e)


def check_vcard(input_csv, path, version):
    import vobject

    rows = people(input_csv)
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if "\n" in text.replace("\r\n", ""):
        fail(f"{path}: a line ends without CR")
    for line in text.split("\r\n"):
        if len(line.encode("utf-8")) > 75:
            fail(f"{path}: line longer than 75 octets: {line!r}")
    cards = list(vobject.readComponents(text))
    if len(cards) != len(rows):
        fail(f"{path}: {len(cards)} cards for {len(rows)} people")
    for i, (card, row) in enumerate(zip(cards, rows), start=2):
        if card.version.value != version:
            fail(f"card {i}: VERSION {card.version.value}")
        name = row["姓名"].strip()
        if card.fn.value != name:
            fail(f"card for CSV line {i}: FN {card.fn.value!r}, expected {name!r}")
        n = card.n.value
        if n.family + n.given != name or not n.family or not n.given:
            fail(f"card for CSV line {i}: N family {n.family!r} given {n.given!r} for {name!r}")
        tels = {}
        for tel in card.contents.get("tel", []):
            types = {t.lower() for t in tel.params.get("TYPE", [])}
            tels["cell" if "cell" in types else "work"] = tel.value
        if tels.get("cell") != row["手机"].strip():
            fail(f"card for CSV line {i}: mobile {tels.get('cell')!r}, expected {row['手机']!r}")
        if row["座机"].strip() and tels.get("work") != row["座机"].strip():
            fail(f"card for CSV line {i}: work phone {tels.get('work')!r}, expected {row['座机']!r}")
        emails = sorted(e.value for e in card.contents.get("email", []))
        if emails != expected_emails(row):
            fail(f"card for CSV line {i}: e-mails {emails}, expected {expected_emails(row)}")
        title = card.contents.get("title")
        if (title[0].value if title else "") != row["职务"].strip():
            fail(f"card for CSV line {i}: TITLE {title}")
    ok(f"vobject read {len(cards)} vCard {version} cards: names, N, mobiles, work phones, e-mails, titles")


def unfold_21(text):
    """Logical lines of a vCard 2.1: quoted-printable soft breaks (`=` at the end) join lines."""
    lines, current = [], None
    for raw in text.split("\r\n"):
        if current is not None:
            current += raw
        else:
            current = raw
        if "QUOTED-PRINTABLE" in current.upper().split(":", 1)[0] and current.endswith("="):
            current = current[:-1]
            continue
        lines.append(current)
        current = None
    return [l for l in lines if l]


def check_vcard21(input_csv, path):
    rows = people(input_csv)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        fail(f"{path}: vCard 2.1 must be 7-bit; non-ASCII bytes found")
    for line in text.split("\r\n"):
        if len(line) > 75:
            fail(f"{path}: line longer than 75 octets: {line!r}")
    cards, card = [], None
    for line in unfold_21(text):
        head, _, value = line.partition(":")
        name = head.split(";")[0].upper()
        if name == "BEGIN":
            card = {}
        elif name == "END":
            cards.append(card)
        else:
            params = head.upper().split(";")[1:]
            if "ENCODING=QUOTED-PRINTABLE" in params:
                if "CHARSET=UTF-8" not in params:
                    fail(f"{line!r}: quoted-printable without CHARSET=UTF-8")
                value = quopri.decodestring(value.encode("ascii")).decode("utf-8")
            elif any(ord(c) > 127 for c in value):
                fail(f"{line!r}: non-ASCII outside quoted-printable")
            card.setdefault(name, []).append((params, value))
    if len(cards) != len(rows):
        fail(f"{path}: {len(cards)} cards for {len(rows)} people")
    for i, (card, row) in enumerate(zip(cards, rows), start=2):
        if card["VERSION"][0][1] != "2.1":
            fail(f"card {i}: not 2.1")
        name = row["姓名"].strip()
        if card["FN"][0][1] != name:
            fail(f"card for CSV line {i}: FN decodes to {card['FN'][0][1]!r}, expected {name!r}")
        family, given = card["N"][0][1].split(";")[:2]
        if family + given != name:
            fail(f"card for CSV line {i}: N decodes to {family!r};{given!r}")
        cells = [v for p, v in card.get("TEL", []) if "CELL" in p]
        if cells != [row["手机"].strip()]:
            fail(f"card for CSV line {i}: TEL;CELL {cells}")
    ok(f"{len(cards)} vCard 2.1 cards are 7-bit, folded ≤75, and decode as quoted-printable to the names")


def check_xlsx(input_csv, path):
    import openpyxl

    rows = people(input_csv)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header = [c.value for c in ws[1]]
    if not all(c.font.bold for c in ws[1] if c.value):
        fail("the header row is not bold")
    if ws.freeze_panes != "A2":
        fail(f"the header row is not frozen (freeze_panes={ws.freeze_panes})")
    col = {h: i for i, h in enumerate(header)}
    for need in ("姓名", "手机", "工号"):
        if need not in col:
            fail(f"no {need} column in {header}")
    data = list(ws.iter_rows(min_row=2))
    if len(data) != len(rows):
        fail(f"{len(data)} rows for {len(rows)} people")
    for i, (cells, row) in enumerate(zip(data, rows), start=2):
        for h, src in (("手机", "手机"), ("工号", "工号"), ("座机", "座机")):
            if h not in col:
                continue
            cell = cells[col[h]]
            want = row[src].strip()
            if not want:
                continue
            if cell.data_type != "s" or not isinstance(cell.value, str):
                fail(f"row {i} {h}: {cell.value!r} is {cell.data_type}, not a string")
            if cell.value != want:
                fail(f"row {i} {h}: {cell.value!r}, expected {want!r}")
        if cells[col["姓名"]].value != row["姓名"].strip():
            fail(f"row {i}: name {cells[col['姓名']].value!r}")
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(len(header))]
    if any(w is None or w < 6 for w in widths):
        fail(f"column widths not set: {widths}")
    ok(f"openpyxl read {len(data)} rows: phones, landlines and employee numbers are strings, header bold and frozen")


def decrypt_container(data, password):
    """Follows docs/container-format.md, nothing else."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if data[:6] != b"MINGLU" or data[6] != 1:
        fail("not a version-1 Minglu container")
    kdf, at = data[7], 8
    if kdf == 1:
        (iterations,) = struct.unpack(">I", data[at:at + 4])
        at += 4
    elif kdf == 2:
        m, t, p = struct.unpack(">III", data[at:at + 12])
        at += 12
    else:
        fail(f"unknown KDF id {kdf}")
    salt_len = data[at]
    salt = data[at + 1:at + 1 + salt_len]
    at += 1 + salt_len
    if data[at] != 12:
        fail("nonce length is not 12")
    nonce = data[at + 1:at + 13]
    at += 13
    if kdf == 1:
        key = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations, 32)
    else:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        key = Argon2id(salt=salt, length=32, iterations=t, lanes=p, memory_cost=m).derive(password.encode("utf-8"))
    return AESGCM(key).decrypt(nonce, data[at:], data[:at])


def check_container(path, password, plain_path):
    from cryptography.exceptions import InvalidTag

    with open(path, "rb") as f:
        data = f.read()
    with open(plain_path, "rb") as f:
        plain = f.read()
    if decrypt_container(data, password) != plain:
        fail("the decrypted bytes differ from the unencrypted export")
    try:
        decrypt_container(data, password + "x")
        fail("a wrong password decrypted")
    except InvalidTag:
        pass
    tampered = bytearray(data)
    tampered[10] ^= 1  # the KDF parameters are authenticated too
    try:
        decrypt_container(bytes(tampered), password)
        fail("a modified header decrypted")
    except InvalidTag:
        pass
    ok(f"cryptography decrypted {path} ({len(plain)} bytes) by the published format; wrong password and modified header rejected")


def check_vector(doc):
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    block = re.search(r"gives this \d+-byte container.*?```\n(.*?)```", text, re.S)
    if not block:
        fail("no test vector block in the document")
    data = bytes.fromhex("".join(block.group(1).split()))
    plain = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张三\r\nEND:VCARD\r\n".encode("utf-8")
    if decrypt_container(data, "名录 correct horse") != plain:
        fail("the test vector does not decrypt to its plaintext")
    key = hashlib.pbkdf2_hmac("sha256", "名录 correct horse".encode(), bytes(range(16)), 600000, 32).hex()
    if key not in text:
        fail("the document's derived key is not PBKDF2's")
    ok("the published test vector decrypts with hashlib + cryptography")


def is_live(cell):
    if cell is None:
        return False
    rest = str(cell).lstrip(" \u3000")
    return rest.startswith(TRIGGERS) and not PHONE.match(str(cell))


def check_injection(payloads_json, outputs):
    import openpyxl

    with open(payloads_json, encoding="utf-8") as f:
        spec = json.load(f)
    payloads, phones = spec["payloads"], spec["phones"]
    for path in outputs:
        if path.endswith(".xlsx"):
            wb = openpyxl.load_workbook(path)
            grid = [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]
            formulas = [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
            if formulas:
                fail(f"{path}: formula cells {formulas[:5]}")
        else:
            with open(path, encoding="utf-8-sig", newline="") as f:
                grid = list(csv.reader(f))
        cells = [str(c) for row in grid for c in row if c not in (None, "")]
        live = [c for c in cells if is_live(c)]
        if live:
            fail(f"{path}: live formula cells {live[:5]}")
        for p in payloads:
            if ("'" + p) not in cells and ("'" + p.strip()) not in cells:
                fail(f"{path}: payload {p!r} not found behind a quote")
        for ph in phones:
            if ph not in cells:
                fail(f"{path}: phone {ph!r} was changed")
    ok(f"{len(payloads)} OWASP payloads neutralized and {len(phones)} phones intact in {len(outputs)} outputs")


def main(argv):
    if len(argv) < 2:
        fail(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "vcard":
        check_vcard(*args)
    elif cmd == "vcard21":
        check_vcard21(*args)
    elif cmd == "xlsx":
        check_xlsx(*args)
    elif cmd == "container":
        check_container(*args)
    elif cmd == "vector":
        check_vector(*args)
    elif cmd == "injection":
        check_injection(args[0], args[1:])
    else:
        fail(f"unknown check {cmd!r}")


if __name__ == "__main__":
    main(sys.argv)
