#!/usr/bin/env bash
# Builds the two CJK faces the app embeds, from Debian's fonts-noto-cjk, with pyftsubset (fonttools).
#
# Why a subset: the full collection is 19.5 MB with ten faces; the app needs one Japanese face
# (collection index 0) and one Simplified Chinese face (index 2), each cut down to the characters
# a trainee can meet or type: JIS X 0208 + GB2312 (both faces get both sets, so a Chinese name
# typed in the Japanese UI still draws), ASCII, Latin-1, general punctuation, CJK symbols and
# punctuation, and the half/full-width forms. Result: about 5 MB per face.
#
# Usage: assets/fonts/make-cjk-subset.sh   (needs fonts-noto-cjk and python3-venv; writes beside itself)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${NOTO_CJK_TTC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
[ -f "$src" ] || { echo "missing $src: apt-get install fonts-noto-cjk" >&2; exit 2; }
venv=${VENV:-${TMPDIR:-/tmp}/bedside-fonttools}
[ -x "$venv/bin/pyftsubset" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q 'fonttools==4.*'; }

chars=$(mktemp)
python3 - "$chars" <<'PY'
import sys
out = set()
def two_byte(codec, rows, cols):
    for a in rows:
        for b in cols:
            try:
                s = bytes([a, b]).decode(codec)
            except UnicodeDecodeError:
                continue
            out.update(s)
two_byte("euc_jp", range(0xA1, 0xFF), range(0xA1, 0xFF))   # JIS X 0208 (EUC-JP two-byte plane)
two_byte("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))   # GB2312
ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2070, 0x209F), (0x2100, 0x214F),
          (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x25A0, 0x25FF),
          (0x3000, 0x303F), (0x3040, 0x30FF), (0xFF00, 0xFFEF)]
for lo, hi in ranges:
    out.update(chr(c) for c in range(lo, hi + 1))
with open(sys.argv[1], "w") as f:
    f.write(",".join("U+%04X" % ord(c) for c in sorted(out)))
print(len(out), "code points", file=sys.stderr)
PY

for pair in "0 NotoSansCJKjp-Subset.otf" "2 NotoSansCJKsc-Subset.otf"; do
  set -- $pair
  "$venv/bin/pyftsubset" "$src" --font-number="$1" --unicodes-file=<(tr ',' '\n' < "$chars") \
    --layout-features='*' --no-hinting --desubroutinize=false --output-file="$here/$2"
  echo "$2: $(du -k "$here/$2" | cut -f1) KB"
done
rm -f "$chars"
