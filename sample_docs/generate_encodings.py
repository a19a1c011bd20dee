#!/usr/bin/env python3
"""Regenerate the non-UTF-8 sample documents from their UTF-8 masters.

Usage (from anywhere):  python3 sample_docs/generate_encodings.py

Outputs (all paths relative to this script's directory):
  linjiang-plan-2025.gb18030.txt   <- linjiang-plan-2025.txt            GB18030, CRLF line endings
  qinglan-news-zh-hant.big5.txt    <- sources/qinglan-news-zh-hant.txt  Big5 (strict), LF line endings
  qinglan-briefing.utf16le.txt     <- sources/qinglan-briefing.txt      UTF-16LE with BOM, LF line endings

The masters must be UTF-8 without BOM, with LF line endings only. Encoding is
strict (no errors='replace'), so a character missing from the target charset
makes the script fail instead of silently producing '?'. Output is fully
deterministic: running the script twice yields byte-identical files.
"""

from pathlib import Path
import sys

HERE = Path(__file__).resolve().parent

# (master, output, codec, line ending, prefix bytes)
JOBS = [
    ("linjiang-plan-2025.txt", "linjiang-plan-2025.gb18030.txt", "gb18030", "\r\n", b""),
    ("sources/qinglan-news-zh-hant.txt", "qinglan-news-zh-hant.big5.txt", "big5", "\n", b""),
    ("sources/qinglan-briefing.txt", "qinglan-briefing.utf16le.txt", "utf-16-le", "\n", b"\xff\xfe"),
]


def read_master(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        sys.exit(f"{path}: master must not start with a UTF-8 BOM")
    if b"\r" in raw:
        sys.exit(f"{path}: master must use LF line endings only")
    return raw.decode("utf-8")  # strict


def main() -> None:
    for master, output, codec, eol, prefix in JOBS:
        text = read_master(HERE / master)
        data = prefix + text.replace("\n", eol).encode(codec)  # strict
        # Round-trip check: decoding the output must give back the master text.
        back = data[len(prefix):].decode(codec)
        assert back.replace(eol, "\n") == text, f"{output}: round trip failed"
        (HERE / output).write_bytes(data)
        print(f"{output}: {len(data)} bytes ({codec}, {'CRLF' if eol == chr(13) + chr(10) else 'LF'}"
              f"{', BOM' if prefix else ''})")


if __name__ == "__main__":
    main()
